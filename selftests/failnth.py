#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Make one request with the Nth fault-injection point of this task failing
(/proc/thread-self/fail-nth: failslab, on the debug kernel), to test every
allocation of a control path in turn.

  failnth.py N enslave MASTER LINK     RTM_SETLINK LINK with IFLA_MASTER
  failnth.py N create NAME             RTM_NEWLINK NAME type one2many
  failnth.py N source-add NAME DEV     o2m_source's ADD

Prints "injected" or "not-injected" (N was past the request's last
allocation), then "error ERRNO MESSAGE": 0 for success, -1 when no answer
came (the answer's own allocation failed).
"""
import os
import socket
import struct
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


def build(args):
    """The socket and the message, built before the fault is armed."""
    what = args[0]
    if what == "enslave":
        master, link = (socket.if_nametoindex(n) for n in args[1:3])
        sock = nl.Socket(nl.NETLINK_ROUTE, timeout=10)
        msg = nl.nlmsg(RTM_SETLINK, nl.NLM_F_REQUEST | nl.NLM_F_ACK, sock.next_seq(),
                       ifinfo(link) + nl.nla_u32(IFLA_MASTER, master))
    elif what == "create":
        sock = nl.Socket(nl.NETLINK_ROUTE, timeout=10)
        msg = nl.nlmsg(RTM_NEWLINK,
                       nl.NLM_F_REQUEST | nl.NLM_F_ACK | nl.NLM_F_CREATE | nl.NLM_F_EXCL,
                       sock.next_seq(),
                       ifinfo() + nl.nla_str(IFLA_IFNAME, args[1]) +
                       nl.nest(IFLA_LINKINFO, nl.nla_str(IFLA_INFO_KIND, "one2many")))
    elif what == "source-add":
        u = uapi.load("o2m_source")
        sock = nl.Socket(nl.NETLINK_GENERIC, timeout=10)
        fam = nl.Family(sock, u["O2M_SOURCE_GENL_NAME"])
        msg = nl.nlmsg(fam.id, nl.NLM_F_REQUEST | nl.NLM_F_ACK, sock.next_seq(),
                       nl.genl_payload(u["O2MS_CMD_ADD"], fam.version,
                                       nl.nla_str(u["O2MS_A_NAME"], args[1]) +
                                       nl.nla_str(u["O2MS_A_IFNAME"], args[2])))
    else:
        raise SystemExit(f"failnth.py: unknown request {what}")
    return sock, msg


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    n = int(sys.argv[1])
    sock, msg = build(sys.argv[2:])
    # Opened first: the open's own allocations must not count.
    fd = os.open("/proc/thread-self/fail-nth", os.O_RDWR)
    os.write(fd, str(n).encode())
    error, text = 0, ""
    try:
        reply = sock.send_message(msg)
        error, text = -(reply.error or 0), reply.msg
    except OSError as e:
        # The request's own skb, or the answer's, was the one that failed.
        error, text = e.errno or 1, f"(the socket: {e.strerror})"
    except nl.Timeout:
        error, text = -1, "(no answer)"
    finally:
        os.lseek(fd, 0, os.SEEK_SET)
        left = int(os.read(fd, 32).decode().strip() or "0")
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, b"0")
        os.close(fd)
    print("injected" if left == 0 else "not-injected")
    print(f"error {error} {text}")


if __name__ == "__main__":
    main()
