#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one raw generic netlink request, to test what o2mctl never sends:
unknown attributes, values out of range, read-only attributes.

  genl.py [--reply NEST,...] FAMILY CMD ATTR...
  ATTR is TYPE:KIND:VALUE, KIND one of u8 u16 u32 u64 s32 str, or
  TYPE:nest:[ATTR;ATTR...]

Prints "ok" (exit 0) or "error ERRNO: MESSAGE" with the kernel's extack
message (exit 1). With --reply, "ok" is followed by the attributes of the
first reply as one JSON object: {"TYPE": "hex bytes"}, or for the attribute
types listed as NEST (at any depth) an object of the same kind, to see what
the kernel really sent, where a tool would print a default.
"""
import json
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLMSG_ERROR = 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLM_F_ACK_TLVS = 0x200
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLMSGERR_ATTR_MSG = 1


def nla(t, data):
    hdr = struct.pack("=HH", 4 + len(data), t)
    return hdr + data + b"\0" * ((4 - len(data) % 4) % 4)


def parse_attrs(spec):
    out = b""
    for item in split_top(spec):
        t, kind, val = item.split(":", 2)
        t = int(t)
        if kind == "nest":
            out += nla(t | 0x8000, parse_attrs(val[1:-1]))
        elif kind == "str":
            out += nla(t, val.encode() + b"\0")
        else:
            fmt = {"u8": "=B", "u16": "=H", "u32": "=I", "u64": "=Q", "s32": "=i"}[kind]
            out += nla(t, struct.pack(fmt, int(val, 0)))
    return out


def split_top(spec):
    """Split on ';' outside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in spec:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == ";" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        parts.append(cur)
    return parts


def attrs_of(data):
    out = {}
    while len(data) >= 4:
        ln, t = struct.unpack("=HH", data[:4])
        out[t & 0x3FFF] = data[4:ln]
        data = data[(ln + 3) & ~3:]
    return out


def attrs_json(data, nests):
    out = {}
    while len(data) >= 4:
        ln, t = struct.unpack("=HH", data[:4])
        t &= 0x3FFF
        val = data[4:ln]
        out[str(t)] = attrs_json(val, nests) if t in nests else val.hex()
        data = data[(ln + 3) & ~3:]
    return out


def talk(s, ftype, cmd, payload):
    seq = 1
    body = struct.pack("=BBH", cmd, 1, 0) + payload
    s.send(struct.pack("=IHHII", 16 + len(body), ftype, NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body)
    replies = []
    while True:
        data = s.recv(65536)
        while len(data) >= 16:
            ln, typ, flags, _, _ = struct.unpack("=IHHII", data[:16])
            msg = data[16:ln]
            data = data[(ln + 3) & ~3:]
            if typ == NLMSG_ERROR:
                err = struct.unpack("=i", msg[:4])[0]
                text = ""
                if flags & NLM_F_ACK_TLVS:
                    text = attrs_of(msg[4 + 16:]).get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode()
                return err, text, replies
            replies.append(msg)


def main():
    args = sys.argv[1:]
    nests = None
    if args[0] == "--reply":
        nests = {int(t) for t in args[1].split(",") if t}
        args = args[2:]
    family, cmd = args[0], int(args[1])
    payload = parse_attrs(";".join(args[2:]))
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    err, text, replies = talk(s, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                              nla(CTRL_ATTR_FAMILY_NAME, family.encode() + b"\0"))
    if err or not replies:
        print(f"error: no family {family}")
        return 1
    fid = struct.unpack("=H", attrs_of(replies[0][4:])[CTRL_ATTR_FAMILY_ID][:2])[0]
    err, text, replies = talk(s, fid, cmd, payload)
    if err:
        print(f"error {-err} ({os.strerror(-err)}): {text}")
        return 1
    print("ok")
    if nests is not None:
        print(json.dumps(attrs_json(replies[0][4:], nests) if replies else {}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
