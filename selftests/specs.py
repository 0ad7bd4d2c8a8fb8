#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The YNL specs (Documentation/netlink/specs/FAMILY.yaml) against the
family the kernel registered: its operations, their flags and handlers, its
multicast groups, and each attribute a request may carry, with its type and
checks, as CTRL_CMD_GETPOLICY reports them. Attributes no request carries
(replies and events only) must be absent from the policy: the module
rejects them, and a rejected attribute is not dumped.

Usage: specs.py FAMILY... (their modules loaded). Prints each mismatch."""
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools", "python"))
import netlink as nl  # noqa: E402

TYPES = {"u8": nl.NL_ATTR_TYPE_U8, "u16": nl.NL_ATTR_TYPE_U16, "u32": nl.NL_ATTR_TYPE_U32,
         "u64": nl.NL_ATTR_TYPE_U64, "s32": nl.NL_ATTR_TYPE_S32, "s64": nl.NL_ATTR_TYPE_S64,
         "string": nl.NL_ATTR_TYPE_NUL_STRING, "nest": nl.NL_ATTR_TYPE_NESTED,
         "binary": nl.NL_ATTR_TYPE_BINARY, "flag": nl.NL_ATTR_TYPE_FLAG}
GENL_ADMIN_PERM, GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP, GENL_UNS_ADMIN_PERM = 0x01, 0x02, 0x04, 0x10
RANGE = {"u8": (0, 2**8 - 1), "u16": (0, 2**16 - 1), "u32": (0, 2**32 - 1), "u64": (0, 2**64 - 1),
         "s32": (-2**31, 2**31 - 1), "s64": (-2**63, 2**63 - 1)}
# What the YNL schema cannot say: checks take no negative numbers. A link id
# is -1 (the master) to 63; the spec says so in words.
EXCEPTIONS = {("one2many", "link.id"): {"min": -1}}


def numbered(items, start):
    """(value, item) of a spec list whose values count up from START."""
    v = start
    for it in items:
        v = it.get("value", v) if isinstance(it, dict) else v
        yield v, it
        v += 1


class Spec:
    def __init__(self, path):
        self.y = yaml.safe_load(open(path))
        self.sets = {s["name"]: s for s in self.y["attribute-sets"]}
        self.defs = {d["name"]: d for d in self.y.get("definitions", [])}

    def attrs(self, set_name):
        """{number: attribute} of an attribute set (values count from 1)."""
        return dict(numbered(self.sets[set_name]["attributes"], 1))

    def number(self, set_name, name):
        return next(v for v, a in self.attrs(set_name).items() if a["name"] == name)

    def limit(self, v):
        return self.defs[v]["value"] if isinstance(v, str) else v

    def mask(self, flags_name):
        d = self.defs[flags_name]
        return sum(1 << i for i, _ in enumerate(d["entries"]))

    def ops(self):
        return list(numbered(self.y["operations"]["list"], 1))


def compare(family_name, bad):
    spec = Spec(os.path.join(HERE, "..", "Documentation", "netlink", "specs", family_name + ".yaml"))
    sock = nl.Socket(nl.NETLINK_GENERIC)
    fam = nl.Family(sock, family_name).load_policy(sock)
    where = lambda *w: family_name + ": " + " ".join(str(x) for x in w)  # noqa: E731

    if fam.version != spec.y.get("version", 1):
        bad.append(where("version", fam.version, "in the kernel, the spec says", spec.y.get("version", 1)))
    if set(fam.mcgrps) != {g["name"] for g in spec.y.get("mcast-groups", {}).get("list", [])}:
        bad.append(where("multicast groups", sorted(fam.mcgrps)))

    # Operations: the commands, whether they do and dump, who may.
    top = None
    requested = {}          # attribute set -> numbers some request carries
    for value, op in spec.ops():
        if "event" in op:
            if value in fam.ops:
                bad.append(where("event", op["name"], "is an operation in the kernel"))
            continue
        top = op["attribute-set"]
        if value not in fam.ops:
            bad.append(where("operation", op["name"], value, "is not in the kernel"))
            continue
        flags = fam.ops[value]
        want = (GENL_ADMIN_PERM if "admin-perm" in op.get("flags", []) else 0) | \
               (GENL_UNS_ADMIN_PERM if "uns-admin-perm" in op.get("flags", []) else 0) | \
               (GENL_CMD_CAP_DO if "do" in op else 0) | (GENL_CMD_CAP_DUMP if "dump" in op else 0)
        mask = GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP
        if flags & mask != want:
            bad.append(where("operation", op["name"], f"flags {flags & mask:#x}, the spec says {want:#x}"))
        for kind in ("do", "dump"):
            for a in op.get(kind, {}).get("request", {}).get("attributes", []):
                requested.setdefault(top, set()).add(spec.number(top, a))
    for value in fam.ops:
        if value not in dict(spec.ops()):
            bad.append(where("operation", value, "of the kernel is not in the spec"))

    # The policy, from the top attribute set down through the nests (one
    # for every operation: kernel-policy global).
    policy = next((p["do"] for p in fam.op_policy.values() if "do" in p), 0)

    def walk(set_name, idx, path):
        """At the top, the policy holds exactly what the requests carry;
        inside a nest, which the spec's requests do not detail, what it
        holds must be as the spec says."""
        pol = fam.policies.get(idx, {})
        attrs = spec.attrs(set_name)
        for number, a in attrs.items():
            name = path + [a["name"]]
            if a["type"] in ("pad", "unused"):
                continue
            if not path and number not in requested.get(set_name, set()):
                if number in pol:
                    bad.append(where(".".join(name), "is reply-only in the spec, but the kernel takes it"))
                continue
            if number not in pol:
                if not path:
                    bad.append(where(".".join(name), "is not in the kernel's policy"))
                continue
            p = pol[number]
            if p["type"] != TYPES[a["type"]]:
                bad.append(where(".".join(name), "is of type", p["type"], "in the kernel, the spec says", a["type"]))
            checks = a.get("checks", {})
            # What the spec says, or the type's own range where it says
            # nothing: the kernel dumps the range of every integer.
            want = {"max_len": checks.get("max-len"), "min_len": checks.get("min-len"),
                    "mask": spec.mask(checks["flags-mask"]) if "flags-mask" in checks else None}
            if a["type"] in RANGE and "flags-mask" not in checks:
                lo, hi = RANGE[a["type"]]
                want["min"] = spec.limit(checks.get("min", lo))
                want["max"] = spec.limit(checks.get("max", hi))
            want.update(EXCEPTIONS.get((family_name, ".".join(name)), {}))
            for key, v in want.items():
                v = spec.limit(v) if v is not None else None
                if p.get(key) != v:
                    bad.append(where(".".join(name), key, p.get(key), "in the kernel, the spec says", v))
            if a["type"] == "nest":
                nested = spec.attrs(a["nested-attributes"])
                if p.get("maxtype") != max(nested):
                    bad.append(where(".".join(name), "has", p.get("maxtype"), "attributes in the kernel,",
                                     max(nested), "in the spec"))
                walk(a["nested-attributes"], p.get("policy"), name)
        for number in pol:
            if number not in attrs:
                bad.append(where(".".join(path + [str(number)]), "of the kernel's policy is not in the spec"))

    if top:
        if fam.maxattr != max(spec.attrs(top)):
            bad.append(where("has", fam.maxattr, "attributes in the kernel,", max(spec.attrs(top)), "in the spec"))
        walk(top, policy, [])
    sock.close()
    return len(fam.ops)


def main():
    bad = []
    for family in sys.argv[1:]:
        n = compare(family, bad)
        print(f"{family}: {n} operations compared")
    for b in bad:
        print("MISMATCH " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
