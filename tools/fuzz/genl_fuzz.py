# SPDX-License-Identifier: GPL-2.0
"""Requests of a generic netlink family, guided by the policies the kernel
dumps for it (CTRL_CMD_GETPOLICY): every op, as a do and, where it has one,
as a dump; attributes from its policy (attrs.Maker); now and then an
unknown op, another header version, random netlink flags, a truncated or
padded payload. And for o2m_source, frames written to the sources' devices.
"""
import fcntl
import os
import struct

import attrs
import netlink as nl


class GenlFuzz:
    def __init__(self, rng, family, hints):
        self.rng = rng
        self.family = family
        self.maker = attrs.Maker(rng, family.policies, hints)
        self.cmds = sorted(set(family.ops) | set(family.op_policy))

    def message(self, seq):
        rng = self.rng
        fam = self.family
        valid = self.maker.valid = rng.random() < 0.7
        if valid or rng.random() < 0.9:
            cmd = rng.choice(self.cmds)
        else:
            cmd = rng.choice([0, max(self.cmds) + 1, rng.randrange(256)])
        pol = fam.op_policy.get(cmd, {})
        flags = nl.NLM_F_REQUEST
        if rng.random() < 0.85:
            flags |= nl.NLM_F_ACK
        dump = "dump" in pol and rng.random() < 0.3
        if dump:
            flags |= nl.NLM_F_DUMP
        if not valid and rng.random() < 0.1:
            flags = rng.getrandbits(12) | (nl.NLM_F_REQUEST if rng.random() < 0.8 else 0)
        idx = pol.get("dump" if dump else "do", pol.get("do"))
        if idx is not None:
            payload = self.maker.attrs(idx, fam.maxattr)
        else:
            payload = self.maker.junk() if rng.random() < 0.5 else b""
        version = fam.version if valid or rng.random() < 0.9 else rng.randrange(256)
        reserved = 0 if valid or rng.random() < 0.95 else rng.randrange(65536)
        data = nl.genl_payload(cmd, version, payload, reserved)
        r = 1 if valid else rng.random()
        if r < 0.08:
            data = data[:rng.randrange(len(data) + 1)]
        elif r < 0.12:
            data += self.maker.junk()
        return nl.nlmsg(fam.id, flags, seq, data)


def _frame_head(rng, kind):
    """The first bytes of a frame: Ethernet, and maybe IPv4/IPv6 with UDP or
    TCP (what checksum fixing parses), each header possibly cut short."""
    eth = bytes.fromhex("ffffffffffff02004f324d01")
    if kind == 0:
        return eth + b"\x88\xb5" + bytes(rng.getrandbits(8) for _ in range(rng.randrange(32)))
    proto = rng.choice([17, 6, 1, 0])
    l4 = (bytes(rng.getrandbits(8) for _ in range(4)) + b"\0\x1c\0\0" if proto == 17 else
          bytes(rng.getrandbits(8) for _ in range(12)) + b"\x50\x02\xff\xff\0\0\0\0")
    if kind == 1:
        ihl = rng.choice([5, 5, 5, 6, 15, 0, 4])
        ip = (bytes([0x40 | ihl, 0]) + rng.choice([b"\0\x30", b"\xff\xff", b"\0\0"]) +
              b"\0\0" + rng.choice([b"\0\0", b"\x20\0", b"\x00\x10"]) + bytes([64, proto]) +
              b"\0\0\x0a\0\0\x01\x0a\0\0\x02") + bytes(4 * max(0, ihl - 5))
        head = eth + b"\x08\x00" + ip + l4
    else:
        ip = (b"\x60\0\0\0" + rng.choice([b"\0\x1c", b"\xff\xff", b"\0\0"]) +
              bytes([rng.choice([proto, 0, 43, 44, 60]), 64]) + bytes(15) + b"\1" + bytes(15) + b"\2")
        head = eth + b"\x86\xdd" + ip + l4
    if rng.random() < 0.3:
        head = head[:rng.randrange(len(head) + 1)]
    return head


class ChardevFuzz:
    """One frame written to /dev/o2m_source/NAME: every length from none to
    past O2MS_FRAME_MAX, mostly Ethernet test frames and IPv4/IPv6 UDP/TCP
    headers, the rest zero padding. A third on a file switched to gaps
    (O2MS_IOC_SET_GAPS), after a header whose gap is at or past either end
    (its length counts the frame only: 0 writes the header alone)."""

    LENGTHS = (0, 1, 13, 14, 15, 34, 42, 54, 60, 64, 74, 100, 1514, 9000, 65535, 65536, 65537)
    SET_GAPS = 0x4004BD01   # _IOW(0xBD, 1, __s32)
    GAP_MAX = 3600 * 10**9
    GAPS = (0, 1, 999999, GAP_MAX, GAP_MAX + 1, 2**63, 2**64 - 1)

    def __init__(self, rng, names):
        self.rng = rng
        self.names = names

    def message(self):
        rng = self.rng
        name = rng.choice(self.names)
        head = _frame_head(rng, rng.choice([0, 1, 1, 2]))
        length = rng.choice(self.LENGTHS + (len(head),) * 4)
        gap = rng.choice(self.GAPS) if rng.random() < 1 / 3 else None
        return name, length, head[:length], gap

    @classmethod
    def write(cls, name, length, head, gap=None):
        """The errno of the write (0: it was queued); GAP: after a header."""
        try:
            fd = os.open(f"/dev/o2m_source/{name}", os.O_WRONLY)
        except OSError as e:
            return e.errno
        try:
            data = head + bytes(length - len(head))
            if gap is not None:
                fcntl.ioctl(fd, cls.SET_GAPS, struct.pack("i", 1))
                data = struct.pack("=Q", gap) + data
            os.write(fd, data)
            return 0
        except OSError as e:
            return e.errno
        finally:
            os.close(fd)
