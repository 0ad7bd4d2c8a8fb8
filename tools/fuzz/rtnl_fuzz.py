# SPDX-License-Identifier: GPL-2.0
"""rtnetlink requests around one2many devices: create them with random
IFLA_INFO_DATA, change them (RTM_NEWLINK and RTM_SETLINK), change links
through IFLA_INFO_SLAVE_DATA, enslave and release any device to any other
(IFLA_MASTER), set devices up and down, delete them, read them back.

rtnetlink has no policy dump: the policies below are
include/uapi/linux/one2many.h's, as the kernel's policy dump would give them
(the read-only attributes are left out, as NLA_REJECT is from a dump, so
that they are sent as the "absent" types they are).
"""
import os
import struct

import attrs
import fixture as fx
import netlink as nl

U = fx.U
INFO_DATA, SLAVE_DATA, PROBE_TARGET = 0, 1, 2
# Bounds the kernel's policies take from drivers/net/one2many/one2many.h,
# which is not uapi: a copy, to be changed with it.
NOTIFY_COUNT_MAX, MSECS_MAX = 255, 60000
PROBE_INTERVAL_MIN, PROBE_MISSES_MIN, PROBE_MISSES_MAX = 10, 2, 255


def _u32(lo, hi):
    return {"type": nl.NL_ATTR_TYPE_U32, "min": lo, "max": hi}


POLICIES = {
    INFO_DATA: {
        U["IFLA_O2M_MODE"]: _u32(U["O2M_MODE_ROUNDROBIN"], U["O2M_MODE_MAX"]),
        U["IFLA_O2M_DETECT"]: _u32(U["O2M_DETECT_MANUAL"], U["O2M_DETECT_MAX"]),
        U["IFLA_O2M_NOTIFY_COUNT"]: _u32(0, NOTIFY_COUNT_MAX),
        U["IFLA_O2M_NOTIFY_INTERVAL"]: _u32(0, MSECS_MAX),
        U["IFLA_O2M_UPDELAY"]: _u32(0, MSECS_MAX),
        U["IFLA_O2M_DOWNDELAY"]: _u32(0, MSECS_MAX),
        U["IFLA_O2M_PROBE_INTERVAL"]: _u32(PROBE_INTERVAL_MIN, MSECS_MAX),
        U["IFLA_O2M_PROBE_MISSES"]: _u32(PROBE_MISSES_MIN, PROBE_MISSES_MAX),
        U["IFLA_O2M_PROBE_TARGETS"]: {"type": nl.NL_ATTR_TYPE_NESTED, "policy": PROBE_TARGET,
                                      "maxtype": U["O2M_PROBE_A_MAX"]},
    },
    SLAVE_DATA: {
        U["IFLA_O2M_LINK_ENABLED"]: {"type": nl.NL_ATTR_TYPE_U8, "min": 0, "max": 1},
    },
    PROBE_TARGET: {
        U["O2M_PROBE_A_IPV4"]: {"type": nl.NL_ATTR_TYPE_U32},
        U["O2M_PROBE_A_IPV6"]: {"type": nl.NL_ATTR_TYPE_BINARY, "min_len": 16, "max_len": 16},
    },
}
IFLA_EXT_MASK, IFLA_NUM_TX_QUEUES = 29, 31
# The most transmit queues rtnetlink allows. Each queue has a qdisc, and under
# lockdep destroying a qdisc waits for an RCU grace period
# (lockdep_unregister_key), so that deleting such a device, one2many or dummy
# alike, takes 95 to 100 s on the debug kernel under qemu's TCG: there the
# fuzzer asks for 64, for the same draw of the seed.
MANY_QUEUES = 64 if os.path.exists("/proc/lockdep") else 4096


class RtnlFuzz:
    def __init__(self, rng, fixture):
        self.rng = rng
        self.fixture = fixture
        self.maker = attrs.Maker(rng, POLICIES)

    def names(self):
        return sorted(self.fixture.names) + list(fx.EXTRA_MASTERS)

    def masters(self):
        return [fx.MASTER, fx.MASTER, fx.SPARE_MASTER] + list(fx.EXTRA_MASTERS)

    def index(self, name):
        """@name's ifindex as of the last restore; one past them for the
        devices the fuzzer made since."""
        names = self.fixture.names
        return names.get(name, max(names.values(), default=0) + 1 + self.rng.randrange(3))

    def target(self, name):
        """An ifinfomsg index and attributes naming @name: by index or name."""
        if self.rng.random() < 0.7:
            return self.index(name), b""
        return 0, nl.nla_str(fx.IFLA_IFNAME, name)

    def kind(self, kind):
        r = self.rng.random()
        if r < 0.9 or self.maker.valid:
            return kind
        return self.rng.choice(["", "one2many_slave", "one2manyx", "veth", "x" * 40])

    def info_data(self):
        return nl.nest(fx.IFLA_INFO_DATA, self.maker.attrs(INFO_DATA, U["IFLA_O2M_MAX"]))

    def message(self, seq):
        rng = self.rng
        valid = self.maker.valid = rng.random() < 0.7
        mtype, flags = fx.RTM_NEWLINK, nl.NLM_F_REQUEST | nl.NLM_F_ACK
        ifi_flags = ifi_change = 0
        r = rng.random()
        if r < 0.16:
            # a new device, mostly one2many
            index = 0
            name = rng.choice(list(fx.EXTRA_MASTERS) * 3 + [fx.MASTER, fx.SPARE_MASTER, "", "o2m%d"])
            info = nl.nla_str(fx.IFLA_INFO_KIND, self.kind("one2many"))
            if rng.random() < 0.7:
                info += self.info_data()
            attrs_ = nl.nla_str(fx.IFLA_IFNAME, name) + nl.nest(fx.IFLA_LINKINFO, info)
            attrs_ += self.device_attrs()
            flags |= nl.NLM_F_CREATE | (nl.NLM_F_EXCL if rng.random() < 0.8 else 0)
        elif r < 0.36:
            # a master's configuration
            mtype = rng.choice([fx.RTM_NEWLINK, fx.RTM_NEWLINK, fx.RTM_SETLINK])
            index, attrs_ = self.target(rng.choice(self.masters() + [fx.SPARES[0], fx.LINKS[0]]))
            info = nl.nla_str(fx.IFLA_INFO_KIND, self.kind("one2many"))
            if rng.random() < 0.9:
                info += self.info_data()
            attrs_ += nl.nest(fx.IFLA_LINKINFO, info)
            if rng.random() < 0.2:
                ifi_flags, ifi_change = rng.choice([fx.IFF_UP, 0]), fx.IFF_UP
            if rng.random() < 0.1:
                attrs_ += self.device_attrs()
        elif r < 0.54:
            # a link's configuration
            index, attrs_ = self.target(rng.choice(self.names()))
            info = nl.nla_str(fx.IFLA_INFO_SLAVE_KIND, self.kind("one2many"))
            if rng.random() < 0.9:
                info += nl.nest(fx.IFLA_INFO_SLAVE_DATA,
                                self.maker.attrs(SLAVE_DATA, U["IFLA_O2M_LINK_MAX"]))
            if rng.random() < 0.1:
                info = nl.nla_str(fx.IFLA_INFO_KIND, self.kind("one2many")) + info
            attrs_ += nl.nest(fx.IFLA_LINKINFO, info)
        elif r < 0.72:
            # enslave or release anything to anything
            mtype = rng.choice([fx.RTM_NEWLINK, fx.RTM_SETLINK])
            index, attrs_ = self.target(rng.choice(self.names()))
            master = rng.choice(self.masters() + [None, None] + list(fx.SPARES) + ["lo"])
            value = 0 if master is None else self.index(master)
            if rng.random() < 0.05:
                value = rng.choice([index, 0xFFFFFFFF, 1 << 31, 9999])
            attrs_ += nl.nla_u32(fx.IFLA_MASTER, value)
        elif r < 0.82:
            # up and down
            mtype = rng.choice([fx.RTM_NEWLINK, fx.RTM_SETLINK])
            index, attrs_ = self.target(rng.choice(self.names()))
            ifi_flags = rng.choice([fx.IFF_UP, 0])
            ifi_change = fx.IFF_UP if rng.random() < 0.9 else 0xFFFFFFFF
        elif r < 0.88:
            # delete: mostly what the fuzzer made or the spares
            mtype = fx.RTM_DELLINK
            name = rng.choice(list(fx.EXTRA_MASTERS) * 3 + [fx.SPARE_MASTER] * 2 +
                              list(fx.SPARES) + self.names())
            index, attrs_ = self.target(name)
        else:
            # read back: fill_info and fill_slave_info
            mtype = fx.RTM_GETLINK
            if rng.random() < 0.5:
                index, attrs_ = 0, b""
                flags |= nl.NLM_F_DUMP
            else:
                index, attrs_ = self.target(rng.choice(self.names()))
            if rng.random() < 0.5:
                attrs_ += nl.nla_u32(IFLA_EXT_MASK, rng.getrandbits(32) & 0xF)
        if not valid and rng.random() < 0.1:
            flags = rng.getrandbits(12) | (nl.NLM_F_REQUEST if rng.random() < 0.8 else 0)
        payload = struct.pack("=BxHiII", 0, 0, index, ifi_flags, ifi_change) + attrs_
        r = 1 if valid else rng.random()
        if r < 0.03:
            payload = payload[:rng.randrange(len(payload) + 1)]
        elif r < 0.05:
            payload += self.maker.junk()
        return nl.nlmsg(mtype, flags, seq, payload)

    def device_attrs(self):
        """Generic attributes a one2many device must cope with."""
        rng = self.rng
        out = b""
        if rng.random() < 0.3:
            out += nl.nla(fx.IFLA_ADDRESS, rng.choice([
                bytes([2, 0, 0, 0, 0, rng.randrange(256)]), b"\xff" * 6, b"\1" * 6, bytes(6),
                b"\2\0\0", bytes(8)]))
        if rng.random() < 0.3:
            out += nl.nla_u32(fx.IFLA_MTU, rng.choice([0, 67, 68, 576, 1500, 9000, 65535, 0xFFFFFFFF]))
        if rng.random() < 0.2:
            out += nl.nla_u32(fx.IFLA_TXQLEN, rng.choice([0, 1, 1000, 0xFFFFFFFF]))
        if rng.random() < 0.1:
            out += nl.nla_u32(IFLA_NUM_TX_QUEUES, rng.choice([0, 1, 2, MANY_QUEUES, 0xFFFFFFFF]))
        if rng.random() < 0.1:
            out += nl.nla_u32(fx.IFLA_MASTER, self.index(rng.choice(self.masters())))
        return out
