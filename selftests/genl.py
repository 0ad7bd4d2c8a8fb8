#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Send one raw generic netlink request, to test what o2mctl never sends:
unknown attributes, values out of range, read-only attributes.

  genl.py [--reply NEST,...] FAMILY CMD ATTR...
  genl.py --until-ok N FAMILY CMD ATTR...
  ATTR is TYPE:KIND:VALUE, KIND one of u8 u16 u32 u64 s32 be32 str hex, or
  TYPE:nest:[ATTR;ATTR...]

Prints "ok" (exit 0) or "error ERRNO: MESSAGE" with the kernel's extack
message (exit 1). With --reply, "ok" is followed by the attributes of the
first reply as one JSON object: {"TYPE": "hex bytes"}, or for the attribute
types listed as NEST (at any depth) an object of the same kind, to see what
the kernel really sent, where a tool would print a default.

With --until-ok, the request is sent again at once after each failure, until
it has succeeded N times (at most 60 seconds): a tight loop from one socket,
to start run after run as soon as the previous one lets it.
"""
import json
import os
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "python"))
from netlink import (NETLINK_GENERIC, NLM_F_ACK, NLM_F_REQUEST, Family,  # noqa: E402
                     Socket, attr_list, genl_payload, nla)


def parse_attrs(spec):
    out = b""
    for item in split_top(spec):
        t, kind, val = item.split(":", 2)
        t = int(t)
        if kind == "nest":
            out += nla(t | 0x8000, parse_attrs(val[1:-1]))
        elif kind == "str":
            out += nla(t, os.fsencode(val) + b"\0")
        elif kind == "be32":
            out += nla(t, struct.pack(">I", int(val, 0)))
        elif kind == "hex":
            out += nla(t, bytes.fromhex(val))
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


def attrs_json(data, nests):
    return {str(t): attrs_json(v, nests) if t in nests else v.hex()
            for t, v in attr_list(data)}


def main():
    args = sys.argv[1:]
    nests = None
    until_ok = 0
    if args and args[0] == "--reply":
        nests = {int(t) for t in args[1].split(",") if t}
        args = args[2:]
    elif args and args[0] == "--until-ok":
        until_ok = int(args[1])
        args = args[2:]
    family, cmd = args[0], int(args[1])
    payload = parse_attrs(";".join(args[2:]))
    s = Socket(NETLINK_GENERIC)
    try:
        fam = Family(s, family)
    except LookupError:
        print(f"error: no family {family}")
        return 1
    if until_ok:
        end, ok = time.monotonic() + 60, 0
        while ok < until_ok and time.monotonic() < end:
            r = s.request(fam.id, NLM_F_REQUEST | NLM_F_ACK, genl_payload(cmd, 1, payload))
            ok += not r.error
        print("ok" if ok == until_ok else f"error: {ok} of {until_ok} in 60 s")
        return 0 if ok == until_ok else 1
    r = s.request(fam.id, NLM_F_REQUEST | NLM_F_ACK, genl_payload(cmd, 1, payload))
    if r.error:
        print(f"error {-r.error} ({os.strerror(-r.error)}): {r.msg}")
        return 1
    print("ok")
    if nests is not None:
        print(json.dumps(attrs_json(r.payloads[0][4:], nests) if r.payloads else {}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
