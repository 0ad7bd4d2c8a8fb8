#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Make one request again and again, with the 1st, 2nd, ... fault-injection
point of this task failing in turn (/proc/thread-self/fail-nth: failslab, on
the debug kernel), until it runs past the request's last allocation. This
tests every allocation of a control path in turn.

  failnth.py [--max N] [--state CMD] [--undo CMD] REQUEST ARGS...

  REQUEST: enslave MASTER LINK     RTM_SETLINK LINK with IFLA_MASTER
           create NAME             RTM_NEWLINK NAME type one2many
           source-add NAME DEV     o2m_source's ADD

First the request is made once with nothing failing: what it changes in
the state printed by --state's CMD (a shell command), with the request's
own name for "{name}", is what a success does. Then, attempt by attempt:

- an attempt that failed must leave the state exactly as it was;
- one that succeeded although its allocation failed ("absorbed") must
  have changed it exactly as a success does;
- one that got no answer because the answer's own allocation failed
  (ENOBUFS: the request may have done its work, or not) must have done
  one or the other;
- a request that got no answer at all within 3 s fails the run.

After each attempt that did its work, --undo's CMD is run if there is one;
if not, the state it left is the one the next attempts start from. "{n}"
in the request's words is the attempt's number (a new name for each:
create f{n}; the clean run is number 0).

The fault is armed just before the request is sent and disarmed as soon
as the send returns: netlink handles the request, and makes its answer,
within the send, so no fault lands in the reading of the answer.

Prints one line per attempt, "N ERRNO MESSAGE" (0: it succeeded; -1: the
answer's allocation failed), then the summary:

  attempts N          allocations failed in turn
  absorbed N          of them, how many the request survived
  unknown N           how many lost their answer (ENOBUFS)
  timeouts N          requests that got no answer at all (must be 0)
  changed N           attempts whose change was not a success's nor none
  last ERRNO          the first attempt that injected nothing
"""
import argparse
import difflib
import errno
import os
import re
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "python"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "fuzz"))
import netlink as nl  # noqa: E402
import uapi  # noqa: E402

RTM_NEWLINK, RTM_SETLINK = 16, 19
IFLA_IFNAME, IFLA_MASTER, IFLA_LINKINFO = 3, 10, 18
IFLA_INFO_KIND = 1
IFINFOMSG = struct.Struct("=BxHiII")


def ifinfo(index=0):
    return IFINFOMSG.pack(socket.AF_UNSPEC, 0, index, 0, 0)


class Request:
    """A socket, and a function that builds the message (a fresh sequence
    number each time), both ready before the fault is armed."""

    def __init__(self, args):
        what = args[0]
        self.args = args
        if what == "enslave" and len(args) == 3:
            master, link = (socket.if_nametoindex(n) for n in args[1:3])
            self.sock = nl.Socket(nl.NETLINK_ROUTE, timeout=15)
            self.build = lambda: nl.nlmsg(
                RTM_SETLINK, nl.NLM_F_REQUEST | nl.NLM_F_ACK, self.sock.next_seq(),
                ifinfo(link) + nl.nla_u32(IFLA_MASTER, master))
        elif what == "create" and len(args) == 2:
            self.sock = nl.Socket(nl.NETLINK_ROUTE, timeout=15)
            self.build = lambda: nl.nlmsg(
                RTM_NEWLINK, nl.NLM_F_REQUEST | nl.NLM_F_ACK | nl.NLM_F_CREATE | nl.NLM_F_EXCL,
                self.sock.next_seq(),
                ifinfo() + nl.nla_str(IFLA_IFNAME, args[1].format(n=self.n)) +
                nl.nest(IFLA_LINKINFO, nl.nla_str(IFLA_INFO_KIND, "one2many")))
        elif what == "source-add" and len(args) == 3:
            u = uapi.load("o2m_source")
            self.sock = nl.Socket(nl.NETLINK_GENERIC, timeout=15)
            fam = nl.Family(self.sock, u["O2M_SOURCE_GENL_NAME"])
            self.build = lambda: nl.nlmsg(
                fam.id, nl.NLM_F_REQUEST | nl.NLM_F_ACK, self.sock.next_seq(),
                nl.genl_payload(u["O2MS_CMD_ADD"], fam.version,
                                nl.nla_str(u["O2MS_A_NAME"], args[1].format(n=self.n)) +
                                nl.nla_str(u["O2MS_A_IFNAME"], args[2])))
        else:
            raise SystemExit(f"failnth.py: cannot make the request {' '.join(args)}")

    def name(self, n):
        """The name the request gives its object at attempt @n, if any."""
        words = {"create": 1, "source-add": 1}
        i = words.get(self.args[0])
        return self.args[i].format(n=n) if i else None

    def attempt(self, n):
        """Send the request with the Nth fault point failing (none: 0);
        returns (injected, errno, text)."""
        self.n = n
        msg = self.build()
        # Both opened before the fault is armed, so that their own
        # allocations do not count. The file cannot seek: one descriptor
        # arms and disarms, the other reads once what was left.
        wfd = os.open("/proc/thread-self/fail-nth", os.O_WRONLY)
        rfd = os.open("/proc/thread-self/fail-nth", os.O_RDONLY)
        left = []

        def disarm():
            if n and not left:
                try:
                    left.append(int(os.read(rfd, 32).decode().strip() or "0"))
                except OSError:
                    # The read's own copy took the fault (usercopy fault
                    # injection): none was left for the request.
                    left.append(0)
                os.write(wfd, b"0")

        error, text = 0, ""
        if n:
            os.write(wfd, str(n).encode())
        try:
            reply = self.sock.send_message(msg, after_send=disarm)
            error, text = -(reply.error or 0), reply.msg or ""
        except OSError as e:
            if e.errno == errno.ENOBUFS and getattr(self.sock, "sent", None):
                # The answer's skb failed: the request may have done its
                # work, or not.
                error, text = -1, "(no answer: ENOBUFS)"
            else:
                # The request's own skb failed: nothing was asked.
                error, text = e.errno or 1, f"(not sent: {e.strerror})"
        except nl.Timeout:
            error, text = -2, "(no answer at all)"
        finally:
            disarm()
            os.close(rfd)
            os.close(wfd)
        return n > 0 and left[0] == 0, error, text


def shell(cmd):
    if not cmd:
        return ""
    return subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True).stdout


def change(before, after, name):
    """What changed from @before to @after, @name written "{name}"."""
    def norm(text):
        if not name:
            return text
        return re.sub(r"(?<![\w.-])%s(?![\w.-])" % re.escape(name), "{name}", text)
    return [line for line in difflib.unified_diff(
        norm(before).splitlines(True), norm(after).splitlines(True), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("--max", type=int, default=400)
    ap.add_argument("--state", default="")
    ap.add_argument("--undo", default="")
    ap.add_argument("request", nargs="+")
    args = ap.parse_args()
    req = Request(args.request)

    # A success, for what it changes.
    before = shell(args.state)
    _, error, text = req.attempt(0)
    if error:
        raise SystemExit(f"failnth.py: the request fails with nothing failing: {error} {text}")
    success = change(before, shell(args.state), req.name(0))
    if not success:
        raise SystemExit("failnth.py: a successful request changed nothing --state shows")
    if args.undo:
        shell(args.undo)
    before = shell(args.state)

    absorbed = changed = unknown = timeouts = 0
    for n in range(1, args.max + 1):
        injected, error, text = req.attempt(n)
        print(f"{n} {error} {text}", flush=True)
        if error == -2:
            timeouts += 1
        now = shell(args.state)
        did = change(before, now, req.name(n))
        if error == 0:
            absorbed += injected
            want = [success]
        elif error == -1:
            unknown += 1
            want = [success, []]
        else:
            want = [[]]
        if did not in want:
            changed += 1
            if changed > 1:
                print(f"also after failing allocation {n} (error {error}): "
                      f"{len(did)} lines changed")
            if changed == 1:
                print(f"after failing allocation {n} (error {error}), the state changed"
                      f"{' otherwise than a success changes it' if error <= 0 else ''}:")
                sys.stdout.writelines(did)
                if error <= 0:
                    print("where a success changes:")
                    sys.stdout.writelines(success)
        if did:
            if args.undo:
                shell(args.undo)
                now = shell(args.state)
                if now != before and changed == 0:
                    changed += 1
                    print(f"after attempt {n}, --undo did not put the state back:")
                    sys.stdout.writelines(change(before, now, None))
            before = now
        if not injected:
            break
    else:
        print(f"the request still failed at its allocation {args.max}")
        n, error = args.max + 1, None
    print(f"attempts {n - 1}")
    print(f"absorbed {absorbed}")
    print(f"unknown {unknown}")
    print(f"timeouts {timeouts}")
    print(f"changed {changed}")
    print(f"last {error}")


if __name__ == "__main__":
    main()
