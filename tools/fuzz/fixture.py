# SPDX-License-Identifier: GPL-2.0
"""The fuzzer's world, in two network namespaces of its own that vanish with
the process: in A, o2m0 with links v0 and v1 (veths whose peers p0 and p1 are
in B), a spare master o2m1, spare devices d0 and d1 (dummies), and the
source fz-live aimed at o2m0; in B, the peers and a packet socket that sees
what arrives on them.

restore() puts all of it back as it should be, whatever the fuzzer did to
it, through raw netlink; alive() proves that it works: frames sent out of
o2m0 reach a peer, and a started source sends what it is told to.
"""
import ctypes
import errno
import os
import socket
import struct
import time

import netlink as nl
import uapi

RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK = 16, 17, 18, 19
IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_MASTER = 1, 3, 4, 10
IFLA_TXQLEN, IFLA_LINKINFO, IFLA_NET_NS_FD, IFLA_GROUP = 13, 18, 28, 27
IFLA_STATS64 = 23
IFLA_INFO_KIND, IFLA_INFO_DATA, IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA = 1, 2, 4, 5
VETH_INFO_PEER = 1
IFF_UP = 1
IFINFOMSG = struct.Struct("=BxHiII")
CLONE_NEWNET = 0x40000000
ETH_P_TEST = 0x88B5
MAGIC = b"O2MFUZZ!"

MASTER, SPARE_MASTER = "o2m0", "o2m1"
LINKS = ("v0", "v1")
PEERS = ("p0", "p1")
SPARES = ("d0", "d1")
SOURCE = "fz-live"
# what the fuzzer may add; restore() deletes them again
EXTRA_SOURCES = ("fz-0", "fz-1", "fz-2")
EXTRA_MASTERS = ("o2m2", "o2mfz")

U = uapi.load("one2many", "o2m_source")
_libc = ctypes.CDLL(None, use_errno=True)


class LivenessError(Exception):
    pass


def _check(ret):
    if ret != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def new_netns():
    """A new network namespace, as an fd; the caller stays where it was."""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    try:
        _check(_libc.unshare(CLONE_NEWNET))
        fd = os.open("/proc/self/ns/net", os.O_RDONLY)
        _check(_libc.setns(home, CLONE_NEWNET))
    finally:
        os.close(home)
    return fd


def enter(fd):
    _check(_libc.setns(fd, CLONE_NEWNET))


def ifinfo(index=0, flags=0, change=0):
    return IFINFOMSG.pack(0, 0, index, flags, change)


class Link:
    def __init__(self, payload):
        _, _, self.index, self.flags, _ = IFINFOMSG.unpack(payload[:16])
        a = nl.attrs_of(payload[16:])
        self.name = nl.get_str(a.get(IFLA_IFNAME, b""))
        self.master = nl.get_u(a.get(IFLA_MASTER, b""))
        info = nl.attrs_of(a.get(IFLA_LINKINFO, b""))
        self.kind = nl.get_str(info.get(IFLA_INFO_KIND, b""))
        self.up = bool(self.flags & IFF_UP)
        stats = a.get(IFLA_STATS64, b"")
        self.stats = struct.unpack(f"={len(stats) // 8}Q", stats) if len(stats) >= 64 else (0,) * 8


class Rtnl:
    """The few rtnetlink requests the fixture needs, each one checked."""

    def __init__(self, timeout):
        self.sock = nl.Socket(nl.NETLINK_ROUTE, timeout)

    def call(self, mtype, flags, payload, what):
        r = self.sock.request(mtype, nl.NLM_F_REQUEST | nl.NLM_F_ACK | flags, payload)
        if r.error:
            raise OSError(-r.error, f"{what}: {os.strerror(-r.error)} {r.msg}".strip())
        return r

    def links(self):
        r = self.sock.request(RTM_GETLINK, nl.NLM_F_REQUEST | nl.NLM_F_DUMP, ifinfo())
        return {link.name: link for link in map(Link, r.payloads)}

    def create(self, name, kind, data=b"", extra=b""):
        info = nl.nla_str(IFLA_INFO_KIND, kind)
        if data:
            info += nl.nest(IFLA_INFO_DATA, data)
        self.call(RTM_NEWLINK, nl.NLM_F_CREATE | nl.NLM_F_EXCL,
                  ifinfo() + nl.nla_str(IFLA_IFNAME, name) + nl.nest(IFLA_LINKINFO, info) + extra,
                  f"create {name} ({kind})")

    def veth(self, name, peer, peer_ns):
        peer_info = ifinfo() + nl.nla_str(IFLA_IFNAME, peer) + nl.nla_u32(IFLA_NET_NS_FD, peer_ns)
        self.create(name, "veth", nl.nla(VETH_INFO_PEER, peer_info))

    def delete(self, index, name, gone_ok=False):
        """Delete a device; with gone_ok, one already gone is no error (a veth's
        peer, or a VLAN on top, goes with the device deleted before it)."""
        try:
            self.call(RTM_DELLINK, 0, ifinfo(index), f"delete {name}")
        except OSError as e:
            if not (gone_ok and e.errno == errno.ENODEV):
                raise

    def set(self, index, name, flags=0, change=0, attrs=b""):
        self.call(RTM_NEWLINK, 0, ifinfo(index, flags, change) + attrs, f"set {name}")


class Fixture:
    def __init__(self, timeout=5.0):
        self.timeout = timeout
        self.ns_a = new_netns()
        self.ns_b = new_netns()
        enter(self.ns_b)
        self.rtnl_b = Rtnl(timeout)
        self.rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_TEST))
        self.rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        enter(self.ns_a)
        # From here on the process lives in A: every socket made later is A's.
        self.rtnl = Rtnl(timeout)
        self.genl = nl.Socket(nl.NETLINK_GENERIC, timeout)
        self.o2m = nl.Family(self.genl, U["ONE2MANY_GENL_NAME"])
        self.o2ms = nl.Family(self.genl, U["O2M_SOURCE_GENL_NAME"])
        self.tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.batch = 0
        self.retries = 0        # liveness checks that needed a second try
        self.names = {}         # name -> ifindex in A, as of the last restore
        self.link_ids = []      # o2m0's link numbers, as of the last restore

    def close(self):
        for sock in (self.rx, self.tx, self.genl, self.rtnl.sock, self.rtnl_b.sock):
            sock.close()
        os.close(self.ns_a)
        os.close(self.ns_b)

    # --- generic netlink, checked ----------------------------------------

    def o2m_call(self, cmd, attrs, what, flags=0):
        r = self.genl.request(self.o2m.id, nl.NLM_F_REQUEST | nl.NLM_F_ACK | flags,
                              nl.genl_payload(cmd, self.o2m.version, attrs))
        if r.error:
            raise OSError(-r.error, f"{what}: {os.strerror(-r.error)} {r.msg}".strip())
        return r

    def src_call(self, cmd, name, attrs=b"", what="", ok=()):
        r = self.genl.request(self.o2ms.id, nl.NLM_F_REQUEST | nl.NLM_F_ACK,
                              nl.genl_payload(cmd, self.o2ms.version,
                                              nl.nla_str(U["O2MS_A_NAME"], name) + attrs))
        if r.error and -r.error not in ok:
            raise OSError(-r.error, f"source {name} {what}: {os.strerror(-r.error)} {r.msg}".strip())
        return r

    # --- restore --------------------------------------------------------

    def restore(self):
        """Back to the known-good configuration, from whatever state."""
        r = self.rtnl
        links = r.links()
        wanted = {MASTER: "one2many", SPARE_MASTER: "one2many", LINKS[0]: "veth",
                  LINKS[1]: "veth", SPARES[0]: "dummy", SPARES[1]: "dummy", "lo": ""}
        # Release what is enslaved where it should not be first: a master
        # may be enslaved itself.
        master = links.get(MASTER)
        for link in links.values():
            keep = (link.name in LINKS and master and master.kind == "one2many" and
                    link.master == master.index)
            if link.master and not keep:
                r.set(link.index, link.name, attrs=nl.nla_u32(IFLA_MASTER, 0))
        for link in links.values():
            if link.name != "lo" and wanted.get(link.name) != link.kind:
                r.delete(link.index, link.name, gone_ok=True)
        links = r.links()
        for name in (MASTER, SPARE_MASTER):
            if name not in links:
                r.create(name, "one2many")
        for name in SPARES:
            if name not in links:
                r.create(name, "dummy")
        for name, peer in zip(LINKS, PEERS):
            if name not in links:
                r.veth(name, peer, self.ns_b)
        links = r.links()
        self.names = {name: link.index for name, link in links.items()}
        for name in LINKS:
            if links[name].master != links[MASTER].index:
                r.set(links[name].index, name, attrs=nl.nla_u32(IFLA_MASTER, links[MASTER].index))
        for name in (MASTER,) + LINKS:
            if not links[name].up:
                r.set(links[name].index, name, IFF_UP, IFF_UP)
        for link in self.rtnl_b.links().values():
            if link.name in PEERS and not link.up:
                self.rtnl_b.set(link.index, link.name, IFF_UP, IFF_UP)
        master = nl.nla_str(U["O2M_A_IFNAME"], MASTER)
        dump = self.genl.request(self.o2m.id, nl.NLM_F_REQUEST | nl.NLM_F_DUMP,
                                 nl.genl_payload(U["O2M_CMD_GET_LINK"], self.o2m.version, master))
        self.link_ids = sorted(
            nl.get_s(nl.attrs_of(nl.attrs_of(p[4:])[U["O2M_A_LINK"]])[U["O2M_LINK_A_ID"]])
            for p in dump.payloads)
        self.o2m_call(U["O2M_CMD_SET_CONFIG"],
                      master + nl.nla_u32(U["O2M_A_MODE"], U["O2M_MODE_ROUNDROBIN"]) +
                      nl.nla_u32(U["O2M_A_DETECT"], U["O2M_DETECT_CARRIER"]) +
                      nl.nla_u64(U["O2M_A_ENABLED_LINKS"], sum(1 << i for i in self.link_ids)) +
                      # no hold-down: a wait under way ends at once
                      nl.nla_u32(U["O2M_A_UPDELAY"], 0) + nl.nla_u32(U["O2M_A_DOWNDELAY"], 0),
                      "restore o2m0's configuration")
        self.restore_sources()

    def restore_sources(self):
        for name in (SOURCE,) + EXTRA_SOURCES:
            self.src_call(U["O2MS_CMD_STOP"], name, what="stop", ok=(2,))
        for name in EXTRA_SOURCES:
            self.src_call(U["O2MS_CMD_DEL"], name, what="delete", ok=(2,))
        target = nl.nla_str(U["O2MS_A_IFNAME"], MASTER)
        if self.src_call(U["O2MS_CMD_GET"], SOURCE, ok=(2,)).error:
            # A source of a namespace being torn down may hold the name a while.
            for _ in range(100):
                if not self.src_call(U["O2MS_CMD_ADD"], SOURCE, target, "add", ok=(17,)).error:
                    break
                time.sleep(0.1)
            else:
                raise OSError(17, f"source {SOURCE} add: the name stays in use")
        self.src_call(U["O2MS_CMD_SET"], SOURCE,
                      target + nl.nla_u32(U["O2MS_A_PPS"], 0) + nl.nla_u32(U["O2MS_A_SPEED"], 0) +
                      nl.nla_u32(U["O2MS_A_QUEUE_LIMIT"], U["O2MS_QUEUE_LIMIT_DEFAULT"]) +
                      nl.nla_u8(U["O2MS_A_CSUM_FIXUP"], 0), "set")
        self.src_call(U["O2MS_CMD_CLRDATA"], SOURCE, what="clrdata")
        self.src_call(U["O2MS_CMD_SET_TIMESTAMP"], SOURCE,
                      nl.nest(U["O2MS_A_TIMESTAMP"], nl.nla_u32(U["O2MS_TS_A_FLAGS"], 0)),
                      "timestamp off")
        for i in range(U["O2MS_COUNTERS"]):
            self.src_call(U["O2MS_CMD_SET_COUNTER"], SOURCE,
                          nl.nest(U["O2MS_A_COUNTER"], nl.nla_u8(U["O2MS_CTR_A_INDEX"], i),
                                  nl.nla_u32(U["O2MS_CTR_A_FLAGS"], 0),
                                  nl.nla_u8(U["O2MS_CTR_A_WIDTH"], 4),
                                  nl.nla_u32(U["O2MS_CTR_A_MIN_VAL"], 0),
                                  nl.nla_u32(U["O2MS_CTR_A_MAX_VAL"], 0xFFFFFFFF)),
                          f"counter {i} off")

    # --- liveness -----------------------------------------------------------

    def config(self):
        r = self.o2m_call(U["O2M_CMD_GET_CONFIG"], nl.nla_str(U["O2M_A_IFNAME"], MASTER),
                          "get o2m0's configuration")
        return nl.attrs_of(r.payloads[0][4:])

    def frame(self, tag, seq):
        """A broadcast test frame from a locally administered address."""
        return (b"\xff" * 6 + b"\x02\x00O2M\x00" + struct.pack("!H", ETH_P_TEST) + MAGIC +
                struct.pack("!II", tag, seq) + bytes(32))

    def received(self, tag, want, deadline):
        """The frames of @tag that reached B by then: {seq: peer}, and how
        many arrived in all (the source's are all the same frame)."""
        seen, count = {}, 0
        while count < want:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.rx.settimeout(left)
            try:
                data, addr = self.rx.recvfrom(2048)
            except socket.timeout:
                break
            if data[14:22] == MAGIC and struct.unpack("!I", data[22:26])[0] == tag:
                seen[struct.unpack("!I", data[26:30])[0]] = addr[0]
                count += 1
        return seen, count

    def drain(self):
        self.rx.setblocking(False)
        try:
            while True:
                self.rx.recv(2048)
        except BlockingIOError:
            pass

    def alive(self, frames=6, source_frames=8):
        """Raise LivenessError unless o2m0 and the source carry frames."""
        self.batch += 1
        deadline = time.monotonic() + 3 * self.timeout
        while nl.get_u(self.config().get(U["O2M_A_ACTIVE_COUNT"], b"")) < len(LINKS):
            if time.monotonic() > deadline:
                raise LivenessError(f"o2m0's links did not become active: {self.config()}")
            time.sleep(0.02)
        # Three tries: now and then (about one check in fifty, under TCG,
        # with or without fuzzing) frames that veth counted as sent never
        # reach the packet socket in B. A link that is dead fails all three.
        for attempt in range(3):
            self.drain()
            tag = (self.batch << 3) | (attempt << 1)
            for seq in range(frames):
                self.tx.sendto(self.frame(tag, seq), (MASTER, ETH_P_TEST))
            seen, _ = self.received(tag, frames, time.monotonic() + self.timeout / (3 - attempt))
            if len(seen) == frames:
                break
            self.retries += 1
        else:
            raise LivenessError(f"{frames} frames sent out of o2m0, {len(seen)} reached a peer "
                                f"(sequence numbers and peers: {sorted(seen.items())})")
        for attempt in range(2):
            tag |= 1 + (attempt << 1)
            stats = self.source_stats()
            self.src_call(U["O2MS_CMD_CLRDATA"], SOURCE, what="clrdata")
            with open(f"/dev/o2m_source/{SOURCE}", "wb", buffering=0) as dev:
                dev.write(self.frame(tag, 0))
            self.src_call(U["O2MS_CMD_START"], SOURCE,
                          nl.nla_u64(U["O2MS_A_COUNT"], source_frames), "start")
            deadline = time.monotonic() + self.timeout
            while self.source_stats() < stats + source_frames:
                if time.monotonic() > deadline:
                    raise LivenessError(f"source {SOURCE} started for {source_frames} frames: "
                                        f"out_frames went from {stats} to {self.source_stats()}")
                time.sleep(0.01)
            _, got = self.received(tag, source_frames, time.monotonic() + self.timeout / 2)
            if got == source_frames:
                break
            self.retries += 1
        else:
            raise LivenessError(f"source {SOURCE} sent {source_frames} frames, {got} reached a peer")

    def diagnose(self):
        """What a liveness failure report shows: the devices of A and B,
        and o2m0's links with their counters."""
        out = []
        for ns, rtnl in (("A", self.rtnl), ("B", self.rtnl_b)):
            for link in sorted(rtnl.links().values(), key=lambda link: link.index):
                out.append(f"{ns}: {link.index}: {link.name} kind {link.kind or '-'} "
                           f"flags {link.flags:#x} master {link.master} "
                           f"rx {link.stats[0]} tx {link.stats[1]} "
                           f"rx_dropped {link.stats[6]} tx_dropped {link.stats[7]}")
        try:
            r = self.genl.request(self.o2m.id, nl.NLM_F_REQUEST | nl.NLM_F_DUMP,
                                  nl.genl_payload(U["O2M_CMD_GET_LINK"], self.o2m.version,
                                                  nl.nla_str(U["O2M_A_IFNAME"], MASTER)))
            for p in r.payloads:
                link = nl.attrs_of(nl.attrs_of(p[4:])[U["O2M_A_LINK"]])
                stats = nl.attrs_of(link.get(U["O2M_LINK_A_STATS"], b""))
                fields = " ".join(f"{k.lower()} {nl.get_u(link[U['O2M_LINK_A_' + k]])}"
                                  for k in ("ENABLED", "CARRIER", "ACTIVE"))
                out.append(f"o2m0 link {nl.get_s(link[U['O2M_LINK_A_ID']])} "
                           f"{nl.get_str(link[U['O2M_LINK_A_IFNAME']])}: {fields} " +
                           " ".join(f"{k.lower()} {nl.get_u(stats.get(U['O2M_STATS_A_' + k], b''))}"
                                    for k in ("XMIT_PACKETS", "DROPS", "RECV_PACKETS")))
            c = self.config()
            out.append("o2m0: " + " ".join(f"{k.lower()} {nl.get_s(c[U['O2M_A_' + k]])}"
                                           for k in ("MODE", "DETECT", "ACTIVE_COUNT",
                                                     "FAILOVER_LINK", "CARRIER")))
        except (OSError, KeyError, IndexError) as e:
            out.append(f"o2m0: {e}")
        return "\n".join("  " + line for line in out)

    def source_stats(self):
        r = self.src_call(U["O2MS_CMD_GET_STATS"], SOURCE, what="stats")
        stats = nl.attrs_of(nl.attrs_of(r.payloads[0][4:])[U["O2MS_A_STATS"]])
        return nl.get_u(stats[U["O2MS_STATS_A_OUT_FRAMES"]])
