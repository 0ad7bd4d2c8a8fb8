#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Fuzz one2many's and o2m_source's netlink interfaces, as root, in a guest.

  fuzz.py [--seed S] [--count N] [--batch B] [--family F[,F...]]
          [--timeout SECONDS] [--time-limit SECONDS] [--last N] [--replay FILE]

Sends N requests to each family: the generic netlink families "one2many"
and "o2m_source" (requests guided by the policies the kernel dumps, and for
o2m_source frames written to /dev/o2m_source/NAME as well), and rtnetlink
("rtnl": one2many devices and links through IFLA_INFO_DATA,
IFLA_INFO_SLAVE_DATA, IFLA_MASTER, up, down, delete). Everything happens in
two network namespaces of the fuzzer's own (tools/fuzz/fixture.py).

It fails (exit 1), printing the seed and the last requests in hex, when
  - a request gets no answer within --timeout seconds (a request without
    NLM_F_ACK is followed by a NOOP that asks for one);
  - the kernel log gets a warning, BUG, KASAN, lockdep... report;
  - after a batch of B requests, with the fixture restored, a frame sent out
    of o2m0 does not reach a peer, or a started source does not send;
  - the fuzzer is killed (an oops in its own system call) or stops making
    progress (a hang inside the kernel): a watchdog process reports it;
  - one2many's or o2m_source's family refuses a request with EINVAL or
    ERANGE and no extack message: every rejection of ours says why. (A
    request cut short of its generic netlink header is the core's to
    refuse, without a message: counted apart; rtnetlink's are counted.)
Other errors in answers are expected and only counted.

The seed determines every request: the same seed, count, batch and families
replay the same run (--time-limit only cuts it short). --replay FILE sends the requests of a report (lines
"FAMILY HEX", "chardev NAME LENGTH HEX", or "chardev-gap NAME LENGTH GAP
HEX") once, after the fixture is set
up, and checks liveness after them.
"""
import argparse
import collections
import errno
import os
import random
import re
import select
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "python")]

import fixture as fx  # noqa: E402
import genl_fuzz  # noqa: E402
import netlink as nl  # noqa: E402
import rtnl_fuzz  # noqa: E402

U = fx.U
FAMILIES = ("one2many", "o2m_source", "rtnl")


def report_patterns():
    """The patterns of tools/vm/scan-dmesg, which judges the run: its awk
    pattern line, an extended regular expression that Python reads alike."""
    with open(os.path.join(HERE, "..", "vm", "scan-dmesg")) as f:
        for line in f:
            m = re.match(r"\s*/(.*WARNING:.*)/ \{$", line)
            if m:
                return re.compile(m.group(1))
    raise SystemExit("fuzz.py: no report patterns in tools/vm/scan-dmesg")


REPORT = report_patterns()


class Failure(Exception):
    def __init__(self, msg, stats_shown=False):
        super().__init__(msg)
        self.stats_shown = stats_shown


# Our generic netlink families, and the header each request needs whole.
GENL_FAMILIES = ("one2many", "o2m_source")
GENL_HDRLEN = 4


class Kmsg:
    """The kernel log from now on, read without blocking."""

    def __init__(self):
        self.fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.fd, 0, os.SEEK_END)

    def new_lines(self):
        lines = []
        while True:
            try:
                rec = os.read(self.fd, 8192)
            except BlockingIOError:
                return lines
            except BrokenPipeError:     # overwritten before we read it
                continue
            lines.append(rec.decode(errors="replace").split(";", 1)[-1].rstrip("\n"))

    def reports(self):
        lines = self.new_lines()
        for i, line in enumerate(lines):
            if REPORT.search(line):
                more = lines[i:i + 40]
                time.sleep(0.5)         # the rest of the report
                return more + self.new_lines()[:40]
        return None


def hints(fixture):
    """The real values of the attributes that name things, per family."""
    def ifindex(*devs):
        # the indexes of this batch: restore() may have made the devices anew
        return lambda: [fixture.names[d] for d in devs if d in fixture.names] * 3 + [0, 9999]

    masters = [fx.MASTER] * 8 + [fx.SPARE_MASTER, fx.LINKS[0], "lo", "nosuchdev"]
    links = list(fx.LINKS) * 2 + list(fx.SPARES) + [fx.SPARE_MASTER, fx.MASTER, "lo"]
    sources = [fx.SOURCE] * 6 + list(fx.EXTRA_SOURCES) + ["nosuchsource"]
    targets = [fx.MASTER] * 3 + list(fx.LINKS) + list(fx.SPARES) + [fx.SPARE_MASTER, "lo"]
    offsets = [0, 6, 12, 14, 23, 26, 36, 40, 52, 56, 57, 59, 60, 61, 64, 1500, 65532,
               65535, 0xFFFFFFFC, 0xFFFFFFFF]
    a, la = lambda n: U["O2M_A_" + n], lambda n: U["O2M_LINK_A_" + n]
    s, ts, ctr = (lambda n: U["O2MS_A_" + n], lambda n: U["O2MS_TS_A_" + n],
                  lambda n: U["O2MS_CTR_A_" + n])
    return {
        "one2many": {
            (a("IFNAME"),): lambda: masters,
            (a("IFINDEX"),): ifindex(*[fx.MASTER] * 6, fx.SPARE_MASTER, fx.LINKS[0]),
            (a("ENABLED_LINKS"),): lambda: [0, 1, 2, 3, 7, 1 << 63, (1 << 64) - 1],
            (a("LINK"), la("IFNAME")): lambda: links,
            (a("LINK"), la("IFINDEX")): ifindex(*links),
            (a("LINK"), la("ID")): lambda: [0, 1] * 4 + [-1, 2, 63],
            (a("LINK"), la("ENABLED")): lambda: [0, 1],
        },
        "o2m_source": {
            (s("NAME"),): lambda: sources,
            (s("IFNAME"),): lambda: targets,
            (s("IFINDEX"),): ifindex(*targets),
            (s("COUNT"),): lambda: [1, 2, 3, 8, 64, 1000],
            (s("PPS"),): lambda: [0, 1, 10, 1000, 100000, 0xFFFFFFFF],
            (s("QUEUE_LIMIT"),): lambda: [14, 60, 1500, 65536, 1 << 20, U["O2MS_QUEUE_LIMIT_DEFAULT"]],
            (s("CSUM_FIXUP"),): lambda: [0, 1],
            (s("TIMESTAMP"), ts("OFFSET")): lambda: offsets,
            (s("TIMESTAMP"), ts("FORMAT")): lambda: [0, 1],
            (s("COUNTER"), ctr("INDEX")): lambda: [0, 1, 2, 3, 4, 255],
            (s("COUNTER"), ctr("OFFSET")): lambda: offsets,
            (s("COUNTER"), ctr("WIDTH")): lambda: [1, 2, 4, 4, 0, 3, 8],
            (s("COUNTER"), ctr("INCREMENT")): lambda: [1, -1, 0, 7, 0x7FFFFFFF, -0x80000000],
            (s("COUNTER"), ctr("MIN_VAL")): lambda: [0, 1, 10, 0xFFFFFFFE, 0xFFFFFFFF],
            (s("COUNTER"), ctr("MAX_VAL")): lambda: [0, 1, 10, 0xFFFFFFFE, 0xFFFFFFFF],
            (s("COUNTER"), ctr("NEXT_VAL")): lambda: [0, 1, 10, 0xFFFFFFFF],
        },
    }


class Stats:
    def __init__(self):
        self.sent = collections.Counter()
        self.results = collections.defaultdict(collections.Counter)
        self.no_extack = collections.defaultdict(collections.Counter)
        self.cut = collections.Counter()
        self.examples = {}

    def record(self, family, what, error, msg, data=b""):
        self.sent[family] += 1
        name = "ok" if not error else errno.errorcode.get(-error, str(-error))
        self.results[family][name] += 1
        if error in (-errno.EINVAL, -errno.ERANGE) and not msg:
            if family in GENL_FAMILIES and len(data) < 16 + GENL_HDRLEN:
                # genetlink's core refuses it before any family sees it
                self.cut[family] += 1
                return
            self.no_extack[family][what] += 1
            self.examples.setdefault((family, what), data)

    def ours_without_extack(self):
        """Our families' rejections that said nothing."""
        return sum(sum(self.no_extack[f].values()) for f in GENL_FAMILIES)

    def print(self, out):
        for family in sorted(self.sent):
            res = ", ".join(f"{k} {v}" for k, v in self.results[family].most_common())
            out(f"{family}: {self.sent[family]} sent: {res}")
            if self.cut[family]:
                out(f"{family}: {self.cut[family]} cut short of their generic netlink header "
                    "(refused by the core, without a message)")
            if self.no_extack[family]:
                detail = ", ".join(f"{k}: {v}" for k, v in sorted(self.no_extack[family].items()))
                out(f"{family}: {sum(self.no_extack[family].values())} EINVAL/ERANGE without "
                    f"an extack message ({detail}); the first of each:")
                for what in sorted(self.no_extack[family]):
                    out(f"  {family} {self.examples[family, what].hex()}")


class Fuzzer:
    def __init__(self, args, journal):
        self.args = args
        self.journal = journal
        self.rng = random.Random(args.seed)
        self.stats = Stats()
        self.kmsg = Kmsg()
        self.fixture = fx.Fixture(args.timeout)
        self.genl = self.fixture.genl
        self.rtnl = nl.Socket(nl.NETLINK_ROUTE, args.timeout)
        hint = hints(self.fixture)
        self.gens = {}
        for fam in (self.fixture.o2m, self.fixture.o2ms):
            fam.load_policy(self.genl)
            self.gens[fam.name] = genl_fuzz.GenlFuzz(self.rng, fam, hint[fam.name])
        self.gens["rtnl"] = rtnl_fuzz.RtnlFuzz(self.rng, self.fixture)
        self.chardev = genl_fuzz.ChardevFuzz(self.rng, [fx.SOURCE] * 3 + list(fx.EXTRA_SOURCES))
        self.checks = 0

    def say(self, text):
        print(f"fuzz: {text}", flush=True)

    def check_kernel(self, after):
        report = self.kmsg.reports()
        if report:
            raise Failure(f"a kernel report after {after}:\n" + "\n".join("  " + l for l in report))

    def send(self, family, data):
        """One request, with its answer awaited and counted."""
        sock = self.rtnl if family == "rtnl" else self.genl
        self.journal("M", f"{family} {data.hex()}")
        cmd = data[16] if family != "rtnl" and len(data) > 16 else nl.NLMSG_HDR.unpack(data[:16])[1]
        try:
            r = sock.send_message(data)
        except nl.Timeout as e:
            raise Failure(f"{e}: the last message sent, {family} {data.hex()}")
        except OSError as e:
            self.stats.record(family, f"send {cmd}", -e.errno, "", data)
            return
        self.stats.record(family, f"cmd {cmd}", r.error, r.msg, data)

    def write_frame(self):
        name, length, head, gap = self.chardev.message()
        if gap is None:
            self.journal("M", f"chardev {name} {length} {head.hex()}")
        else:
            self.journal("M", f"chardev-gap {name} {length} {gap} {head.hex()}")
        err = self.chardev.write(name, length, head, gap)
        self.stats.record("chardev", "write", -err, "x")

    def one(self, family):
        if family == "o2m_source" and self.rng.random() < 0.08:
            self.write_frame()
            self.check_kernel("a frame written to a source")
            return
        sock = self.rtnl if family == "rtnl" else self.genl
        data = self.gens[family].message(sock.next_seq())
        self.send(family, data)
        self.check_kernel(f"the message {family} {data.hex()}")

    def liveness(self, what):
        self.journal("P", f"restore and liveness check {self.checks + 1} ({what})")
        try:
            self.fixture.restore()
            self.fixture.alive()
        except fx.LivenessError as e:
            raise Failure(f"liveness after {what}: {e}\n{self.fixture.diagnose()}")
        except OSError as e:
            raise Failure(f"the fixture could not be restored after {what}: {e}")
        except nl.Timeout as e:
            raise Failure(f"restoring the fixture after {what}: {e}")
        self.check_kernel(f"restore and liveness after {what}")
        self.checks += 1

    def run(self):
        args = self.args
        self.liveness("nothing")
        left = {f: args.count for f in args.family}
        start = time.monotonic()
        n = 0
        while left:
            family = self.rng.choice(sorted(left))
            self.one(family)
            left[family] -= 1
            if not left[family]:
                del left[family]
            n += 1
            if n % args.batch == 0 or not left:
                self.liveness(f"{n} messages")
                if args.time_limit and time.monotonic() - start > args.time_limit and left:
                    self.say(f"stopping at the time limit ({args.time_limit:.0f} s)")
                    break
        secs = time.monotonic() - start
        self.stats.print(self.say)
        self.say(f"{n} messages in {secs:.1f} s ({n / secs:.0f}/s), "
                 f"{self.checks} liveness checks passed"
                 f"{f' ({self.fixture.retries} frames resent)' if self.fixture.retries else ''}")
        self.extack_check()

    def extack_check(self):
        n = self.stats.ours_without_extack()
        if n:
            raise Failure(f"{n} rejections by one2many or o2m_source without an extack "
                          "message (above, the first of each command)", stats_shown=True)

    def replay(self, path):
        self.liveness("nothing")
        with open(path) as f:
            for line in f:
                words = line.split()
                if not words or words[0].startswith("#"):
                    continue
                if words[0] in ("chardev", "chardev-gap"):
                    gap = int(words.pop(3)) if words[0] == "chardev-gap" else None
                    name, length, head = words[1], int(words[2]), bytes.fromhex(words[3] if len(words) > 3 else "")
                    self.journal("M", line.strip())
                    self.say(f"{words[0]} {name}: errno {self.chardev.write(name, length, head, gap)}")
                    continue
                family, data = words[0], bytearray(bytes.fromhex(words[1]))
                sock = self.rtnl if family == "rtnl" else self.genl
                data[8:12] = sock.next_seq().to_bytes(4, "little")
                if family in self.gens and family != "rtnl":
                    # the family's id in this boot
                    fam = self.fixture.o2m if family == "one2many" else self.fixture.o2ms
                    data[4:6] = fam.id.to_bytes(2, "little")
                self.send(family, bytes(data))
                self.check_kernel(f"the message {line.strip()}")
        self.liveness("the replay")
        self.stats.print(self.say)
        self.extack_check()


# --- the watchdog ------------------------------------------------------------

def child(args, wfd):
    def journal(kind, text):
        os.write(wfd, f"{kind} {text}\n".encode())

    try:
        fuzzer = Fuzzer(args, journal)
        if args.replay:
            fuzzer.replay(args.replay)
        else:
            fuzzer.run()
    except Failure as e:
        print(f"fuzz: FAILED: {e}", flush=True)
        if "fuzzer" in locals() and not e.stats_shown:
            fuzzer.stats.print(fuzzer.say)
        return 1
    return 0


def watchdog(args, pid, rfd):
    """Keep the child's last messages; report its death or silence."""
    last = collections.deque(maxlen=args.last)
    buf = b""
    status = None
    silent_for = max(30.0, 6 * args.timeout)
    while status is None:
        ready, _, _ = select.select([rfd], [], [], silent_for)
        if not ready:
            stack = kernel_stack(pid)
            os.kill(pid, signal.SIGKILL)
            report(args, last, f"no progress for {silent_for:.0f} s: a hang in the kernel? "
                   "(the fuzzer was killed; it may be stuck in a system call)")
            print("fuzz: where the fuzzer was in the kernel:\n" + stack, flush=True)
            return 1
        chunk = os.read(rfd, 1 << 16)
        if not chunk:
            _, status = os.waitpid(pid, 0)
            break
        buf += chunk
        *lines, buf = buf.split(b"\n")
        last.extend(line.decode() for line in lines)
    if os.WIFSIGNALED(status):
        report(args, last, f"the fuzzer died of signal {os.WTERMSIG(status)} "
               "(an oops in one of its system calls?)")
        return 1
    code = os.WEXITSTATUS(status)
    if code:
        report(args, last, None)
    return code


def kernel_stack(pid):
    """The child's kernel stack, as /proc shows it to root, for a silence."""
    try:
        with open(f"/proc/{pid}/stack") as f:
            return "".join(f"#    {line}" for line in f) or "#    (empty: in user space)\n"
    except OSError as e:
        return f"#    ({e.strerror})\n"


def report(args, last, why):
    if why:
        print(f"fuzz: FAILED: {why}")
    print(f"fuzz: seed {args.seed}; replay the run with: {replay_command(args)}")
    print(f"fuzz: the last {len(last)} messages, oldest first, the last one in flight or "
          "the last answered (put the lines without '#' in a file for --replay FILE):")
    for line in last:
        kind, text = line.split(" ", 1)
        print(text if kind == "M" else f"# {text}")
    sys.stdout.flush()


def replay_command(args):
    cmd = f"tools/fuzz/fuzz.py --seed {args.seed} --count {args.count} --batch {args.batch}"
    if tuple(args.family) != FAMILIES:
        cmd += f" --family {','.join(args.family)}"
    return cmd


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=None, help="default: random")
    p.add_argument("--count", type=int, default=1000, help="messages per family")
    p.add_argument("--batch", type=int, default=200, help="messages between liveness checks")
    p.add_argument("--family", default=",".join(FAMILIES),
                   help="comma-separated, of: " + " ".join(FAMILIES))
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for an answer")
    p.add_argument("--last", type=int, default=20, help="messages to print on failure")
    p.add_argument("--time-limit", type=float, default=0, metavar="SECONDS",
                   help="stop after the first batch past it (default: none)")
    p.add_argument("--replay", metavar="FILE")
    args = p.parse_args()
    args.family = [f for f in args.family.split(",") if f]
    if any(f not in FAMILIES for f in args.family) or args.count < 0 or args.batch < 1:
        p.error(f"families are {', '.join(FAMILIES)}; count >= 0, batch >= 1")
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1 << 32)
    print(f"fuzz: seed {args.seed}, {args.count} messages per family "
          f"({', '.join(args.family)}), liveness every {args.batch}", flush=True)
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        code = 1
        try:
            code = child(args, wfd)
        finally:
            sys.stdout.flush()
            os._exit(code)
    os.close(wfd)
    return watchdog(args, pid, rfd)


if __name__ == "__main__":
    sys.exit(main())
