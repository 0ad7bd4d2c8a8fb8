#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Make one request again and again, with the 1st, 2nd, ... fault-injection
point of this task failing in turn (/proc/thread-self/fail-nth: failslab, on
the debug kernel), until it runs past the request's last allocation. This
tests every allocation of a control path in turn.

  failnth.py [--max N] [--state CMD] [--undo CMD] REQUEST ARGS...

  REQUEST: enslave MASTER LINK     RTM_SETLINK LINK with IFLA_MASTER
           create NAME             RTM_NEWLINK NAME type one2many
           source-add NAME DEV     o2m_source's ADD

Before the first attempt and after each, CMD of --state (a shell command)
tells the state a user would compare. A failed attempt must leave it exactly
as it was. After an attempt that succeeded although its allocation failed,
--undo's CMD is run, if there is one; if not, the state it left is the one
the next attempts are compared with. "{n}" in the request's words is the
attempt's number (a new name for each: create f{n}).

Prints one line per attempt, "N ERRNO MESSAGE" (0: it succeeded; -1: no
answer came, the answer's own allocation failed: the request may or may not
have done its work), then the summary:

  attempts N          allocations failed in turn
  absorbed N          of them, how many the request survived
  changed N           failed attempts that left the state changed
  last ERRNO          the first attempt that injected nothing
"""
import argparse
import difflib
import errno
import os
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
            self.sock = nl.Socket(nl.NETLINK_ROUTE, timeout=3)
            self.build = lambda: nl.nlmsg(
                RTM_SETLINK, nl.NLM_F_REQUEST | nl.NLM_F_ACK, self.sock.next_seq(),
                ifinfo(link) + nl.nla_u32(IFLA_MASTER, master))
        elif what == "create" and len(args) == 2:
            self.sock = nl.Socket(nl.NETLINK_ROUTE, timeout=3)
            self.build = lambda: nl.nlmsg(
                RTM_NEWLINK, nl.NLM_F_REQUEST | nl.NLM_F_ACK | nl.NLM_F_CREATE | nl.NLM_F_EXCL,
                self.sock.next_seq(),
                ifinfo() + nl.nla_str(IFLA_IFNAME, args[1].format(n=self.n)) +
                nl.nest(IFLA_LINKINFO, nl.nla_str(IFLA_INFO_KIND, "one2many")))
        elif what == "source-add" and len(args) == 3:
            u = uapi.load("o2m_source")
            self.sock = nl.Socket(nl.NETLINK_GENERIC, timeout=3)
            fam = nl.Family(self.sock, u["O2M_SOURCE_GENL_NAME"])
            self.build = lambda: nl.nlmsg(
                fam.id, nl.NLM_F_REQUEST | nl.NLM_F_ACK, self.sock.next_seq(),
                nl.genl_payload(u["O2MS_CMD_ADD"], fam.version,
                                nl.nla_str(u["O2MS_A_NAME"], args[1].format(n=self.n)) +
                                nl.nla_str(u["O2MS_A_IFNAME"], args[2])))
        else:
            raise SystemExit(f"failnth.py: cannot make the request {' '.join(args)}")

    def attempt(self, n):
        """Send the request with the Nth fault point failing; returns
        (injected, errno, text)."""
        self.n = n
        msg = self.build()
        # Both opened before the fault is armed, so that their own
        # allocations do not count. The file cannot seek: one descriptor
        # arms and disarms, the other reads once what was left.
        wfd = os.open("/proc/thread-self/fail-nth", os.O_WRONLY)
        rfd = os.open("/proc/thread-self/fail-nth", os.O_RDONLY)
        error, text = 0, ""
        os.write(wfd, str(n).encode())
        try:
            reply = self.sock.send_message(msg)
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
            error, text = -1, "(no answer)"
        finally:
            left = int(os.read(rfd, 32).decode().strip() or "0")
            os.write(wfd, b"0")
            os.close(rfd)
            os.close(wfd)
        return left == 0, error, text


def shell(cmd):
    if not cmd:
        return ""
    return subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True).stdout


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("--max", type=int, default=400)
    ap.add_argument("--state", default="")
    ap.add_argument("--undo", default="")
    ap.add_argument("request", nargs="+")
    args = ap.parse_args()
    req = Request(args.request)

    before = shell(args.state)
    absorbed = changed = 0
    for n in range(1, args.max + 1):
        injected, error, text = req.attempt(n)
        print(f"{n} {error} {text}", flush=True)
        if not injected:
            break
        if error == -1:
            # No answer: whatever it did, undone or taken as the new state.
            if args.undo:
                shell(args.undo)
            before = shell(args.state)
            continue
        if error == 0:
            absorbed += 1
            if args.undo:
                shell(args.undo)
            else:
                before = shell(args.state)
                continue
        now = shell(args.state)
        if now != before:
            changed += 1
            if changed == 1:
                print(f"after failing allocation {n} (error {error}), the state changed:")
                sys.stdout.writelines(difflib.unified_diff(
                    before.splitlines(True), now.splitlines(True), "before", "after"))
            shell(args.undo)
    else:
        print(f"the request still failed at its allocation {args.max}")
        n, error = args.max + 1, None
    print(f"attempts {n - 1}")
    print(f"absorbed {absorbed}")
    print(f"changed {changed}")
    print(f"last {error}")


if __name__ == "__main__":
    main()
