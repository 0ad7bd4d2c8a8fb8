# SPDX-License-Identifier: GPL-2.0
"""Attributes made from a policy, as the kernel's policy dump describes one
(tools/python/netlink.py: {attr: {"type", "min", "max", "min_len", "max_len",
"policy", "maxtype", "mask"}}), or as we write one down for rtnetlink, which
has no dump.

Most values are valid for the policy, with the boundaries (min, max) drawn
often, and with the names and numbers of real objects (hints) where the
attribute names one, so that a request reaches past the policy into the
handler. The rest are what a policy must refuse: min - 1, max + 1, 0, all
ones, the wrong width, strings without their NUL or too long, random bytes,
unknown, read-only, duplicated and misplaced attributes, broken nests.
"""
import struct

import netlink as nl

INTS = {
    nl.NL_ATTR_TYPE_U8: (1, False), nl.NL_ATTR_TYPE_U16: (2, False),
    nl.NL_ATTR_TYPE_U32: (4, False), nl.NL_ATTR_TYPE_U64: (8, False),
    nl.NL_ATTR_TYPE_S8: (1, True), nl.NL_ATTR_TYPE_S16: (2, True),
    nl.NL_ATTR_TYPE_S32: (4, True), nl.NL_ATTR_TYPE_S64: (8, True),
    nl.NL_ATTR_TYPE_UINT: (8, False), nl.NL_ATTR_TYPE_SINT: (8, True),
}
STRINGS = (nl.NL_ATTR_TYPE_STRING, nl.NL_ATTR_TYPE_NUL_STRING, nl.NL_ATTR_TYPE_BINARY)


def pack_int(v, size, signed):
    """@v truncated to @size bytes, as two's complement."""
    v &= (1 << (8 * size)) - 1
    return v.to_bytes(size, "little")


class Maker:
    """Builds attribute sets for the policies of one family.

    @policies: {idx: {attr: spec}}; @hints: {path: callable() -> list}, a
    path being the tuple of attribute types from the top (nests included), a
    hint giving the real values for that attribute (names of devices,
    sources, link numbers...); @rng: random.Random, the only source of
    chance, so that a seed replays.
    """

    def __init__(self, rng, policies, hints=None):
        self.rng = rng
        self.policies = policies
        self.hints = hints or {}
        # While set, only what the policy accepts: most messages are made
        # so, to get past the policy into the handlers.
        self.valid = False

    # --- values -------------------------------------------------------------

    def value(self, spec, path):
        """The payload of one attribute of @spec at @path."""
        rng = self.rng
        t = spec.get("type")
        hint = self.hints.get(path)
        if hint and rng.random() < (0.9 if self.valid else 0.5):
            pool = hint()
            if pool:
                v = rng.choice(pool)
                if isinstance(v, str):
                    return self.string(spec, v)
                if t in INTS:
                    size, signed = INTS[t]
                    return pack_int(v, size, signed)
                return v
        if t in INTS:
            return self.integer(spec)
        if t in STRINGS:
            return self.string(spec, None)
        if t == nl.NL_ATTR_TYPE_FLAG:
            return b"" if rng.random() < 0.9 else bytes([rng.randrange(256)])
        if t == nl.NL_ATTR_TYPE_NESTED:
            return self.nested(spec, path)
        if t == nl.NL_ATTR_TYPE_NESTED_ARRAY:
            return b"".join(nl.nest(i, self.nested(spec, path)) for i in range(rng.randrange(4)))
        if t == nl.NL_ATTR_TYPE_BITFIELD32:
            mask = spec.get("mask", 0)
            if rng.random() < 0.7:
                return struct.pack("=II", rng.getrandbits(32) & mask, mask)
            return struct.pack("=II", rng.getrandbits(32), rng.getrandbits(32))
        return self.junk()

    def integer(self, spec):
        rng = self.rng
        size, signed = INTS[spec["type"]]
        bits = 8 * size
        lo = spec.get("min", -(1 << (bits - 1)) if signed else 0)
        hi = spec.get("max", (1 << (bits - 1)) - 1 if signed else (1 << bits) - 1)
        r = rng.random()
        if "mask" in spec:
            m = spec["mask"]
            if r < 0.7 or self.valid:
                v = rng.choice([0, m, rng.getrandbits(bits) & m])
            else:
                v = rng.choice([~m, m + 1, (1 << bits) - 1, rng.getrandbits(bits)])
        elif r < 0.7 or self.valid:
            v = rng.choice([lo, hi, lo + 1, hi - 1, rng.randint(lo, hi), rng.randint(lo, min(hi, lo + 64))])
            v = min(max(v, lo), hi)
        elif r < 0.92:
            v = rng.choice([lo - 1, hi + 1, 0, -1, (1 << bits) - 1, 1 << (bits - 1),
                            (1 << (bits - 1)) - 1, rng.getrandbits(bits)])
        else:
            # the wrong width: the kernel wants exactly (or at least) size bytes
            w = rng.choice([0, 1, 2, 3, 4, 5, 8, 16])
            return bytes(rng.getrandbits(8) for _ in range(w))
        return pack_int(v, size, signed)

    def string(self, spec, s):
        """A string: @s (a real name) or a made-up one, mostly as the policy
        wants it (NUL-terminated for NUL_STRING, within max_len)."""
        rng = self.rng
        t = spec.get("type")
        maxlen = spec.get("max_len", 64 if t != nl.NL_ATTR_TYPE_BINARY else 256)
        minlen = spec.get("min_len", 0)
        r = rng.random()
        if self.valid and s is None:
            r = 0
        if s is None:
            if r < 0.5:
                n = rng.choice([0, 1, minlen, maxlen, max(0, maxlen - 1), rng.randint(minlen, maxlen)])
                s = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-_.") for _ in range(n))
            elif r < 0.75:
                n = rng.choice([maxlen + 1, maxlen + 2, 255, 256, 4000])
                return b"x" * n + (b"\0" if rng.random() < 0.5 else b"")
            else:
                return self.junk()
        data = s.encode()
        r = 0 if self.valid else rng.random()
        if t == nl.NL_ATTR_TYPE_BINARY:
            return data
        if r < 0.85:
            return data + b"\0"
        if r < 0.92:
            return data                        # no NUL
        if r < 0.96:
            return data + b"\0" + b"trailing"  # what follows the NUL
        return data + b"\0" * rng.choice([2, 4, 16])

    def junk(self):
        rng = self.rng
        n = rng.choice([0, 1, 2, 3, 4, 7, 8, 12, 16, 33, 64, 200])
        return bytes(rng.getrandbits(8) for _ in range(n))

    def nested(self, spec, path):
        """A nest's contents from its own policy, or garbage."""
        rng = self.rng
        if "policy" not in spec or (not self.valid and rng.random() < 0.05):
            return self.junk() if rng.random() < 0.5 else b""
        return self.attrs(spec["policy"], spec.get("maxtype", 0), path)

    # --- attribute sets ----------------------------------------------------

    def attrs(self, idx, maxtype, path=()):
        """A set of attributes for policy @idx (types 1..@maxtype)."""
        rng = self.rng
        policy = self.policies.get(idx, {})
        out = []
        for a in sorted(policy):
            spec = policy[a]
            p = 0.85 if (path + (a,)) in self.hints else 0.35
            if len(path) >= 3 or rng.random() >= p:
                continue
            out.append(self.attr(a, spec, path + (a,)))
        r = 1 if self.valid else rng.random()
        if r < 0.15:
            # what the dump does not show: read-only (NLA_REJECT) and
            # unknown types, type 0, types past maxtype
            absent = [a for a in range(1, maxtype + 1) if a not in policy]
            choices = [0, maxtype + 1, maxtype + 2, rng.randrange(0x4000)] + absent * 2
            a = rng.choice(choices)
            out.insert(rng.randrange(len(out) + 1),
                       nl.nla(a, rng.choice([b"", b"\1", struct.pack("=I", 1), self.junk()])))
        elif r < 0.20 and out:
            out.insert(rng.randrange(len(out) + 1), rng.choice(out))        # a duplicate
        elif r < 0.24 and out:
            rng.shuffle(out)
        elif r < 0.27 and policy:
            # an attribute of another policy level, or a nest flag on a leaf
            a = rng.choice(sorted(policy))
            flag = rng.choice([nl.NLA_F_NESTED, nl.NLA_F_NET_BYTEORDER])
            out.append(nl.nla(a | flag, self.value(policy[a], path + (a,))))
        return b"".join(out)

    def attr(self, a, spec, path):
        payload = self.value(spec, path)
        t = a
        if spec.get("type") in (nl.NL_ATTR_TYPE_NESTED, nl.NL_ATTR_TYPE_NESTED_ARRAY):
            if self.valid or self.rng.random() < 0.95:
                t |= nl.NLA_F_NESTED
        if len(payload) > 0xFFFB:
            payload = payload[:0xFFFB]
        return nl.nla(t, payload)
