# SPDX-License-Identifier: GPL-2.0
"""Raw netlink for the project's Python tools and tests (standard library
only): attributes, a socket whose every answer is awaited with a timeout and
read with its extack, generic netlink families and their policies.

selftests/genl.py and the fuzzer (tools/fuzz/) use it. Constants are those of
include/uapi/linux/netlink.h and genetlink.h.
"""
import socket
import struct

NETLINK_ROUTE = 0
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11

NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE = 1, 2, 3
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 0x1, 0x2, 0x4, 0x8
NLM_F_ROOT, NLM_F_MATCH, NLM_F_DUMP = 0x100, 0x200, 0x300
NLM_F_EXCL, NLM_F_CREATE = 0x200, 0x400
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK = 0x8000, 0x4000, 0x3FFF
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
NLMSG_HDR = struct.Struct("=IHHII")

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 3, 10
(CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_VERSION, CTRL_ATTR_HDRSIZE,
 CTRL_ATTR_MAXATTR, CTRL_ATTR_OPS, CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_POLICY,
 CTRL_ATTR_OP_POLICY, CTRL_ATTR_OP) = range(1, 11)
CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS = 1, 2
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2
CTRL_ATTR_POLICY_DO, CTRL_ATTR_POLICY_DUMP = 1, 2

# enum netlink_attribute_type: what a policy dump says an attribute is
(NL_ATTR_TYPE_INVALID, NL_ATTR_TYPE_FLAG, NL_ATTR_TYPE_U8, NL_ATTR_TYPE_U16,
 NL_ATTR_TYPE_U32, NL_ATTR_TYPE_U64, NL_ATTR_TYPE_S8, NL_ATTR_TYPE_S16,
 NL_ATTR_TYPE_S32, NL_ATTR_TYPE_S64, NL_ATTR_TYPE_BINARY, NL_ATTR_TYPE_STRING,
 NL_ATTR_TYPE_NUL_STRING, NL_ATTR_TYPE_NESTED, NL_ATTR_TYPE_NESTED_ARRAY,
 NL_ATTR_TYPE_BITFIELD32, NL_ATTR_TYPE_SINT, NL_ATTR_TYPE_UINT) = range(18)
# enum netlink_policy_type_attr
(NL_POLICY_TYPE_ATTR_TYPE, NL_POLICY_TYPE_ATTR_MIN_VALUE_S, NL_POLICY_TYPE_ATTR_MAX_VALUE_S,
 NL_POLICY_TYPE_ATTR_MIN_VALUE_U, NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
 NL_POLICY_TYPE_ATTR_MIN_LENGTH, NL_POLICY_TYPE_ATTR_MAX_LENGTH,
 NL_POLICY_TYPE_ATTR_POLICY_IDX, NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
 NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, NL_POLICY_TYPE_ATTR_PAD,
 NL_POLICY_TYPE_ATTR_MASK) = range(1, 13)


# --- attributes ------------------------------------------------------------

def nla(t, data):
    """One attribute, padded to 4 bytes."""
    return struct.pack("=HH", 4 + len(data), t) + data + b"\0" * (-len(data) % 4)


def nest(t, *attrs):
    return nla(t | NLA_F_NESTED, b"".join(attrs))


def nla_u8(t, v):
    return nla(t, struct.pack("=B", v))


def nla_u16(t, v):
    return nla(t, struct.pack("=H", v))


def nla_u32(t, v):
    return nla(t, struct.pack("=I", v))


def nla_s32(t, v):
    return nla(t, struct.pack("=i", v))


def nla_u64(t, v):
    return nla(t, struct.pack("=Q", v))


def nla_str(t, s):
    return nla(t, s.encode() + b"\0")


def attr_list(data):
    """[(type, payload)] in order, flags stripped from the type."""
    out = []
    while len(data) >= 4:
        ln, t = struct.unpack("=HH", data[:4])
        if ln < 4:
            break
        out.append((t & NLA_TYPE_MASK, data[4:ln]))
        data = data[(ln + 3) & ~3:]
    return out


def attrs_of(data):
    """{type: payload}; the last of a type wins, as in the kernel."""
    return dict(attr_list(data))


def get_u(payload):
    """An unsigned attribute of any width."""
    return int.from_bytes(payload, "little") if payload else 0


def get_s(payload):
    return int.from_bytes(payload, "little", signed=True) if payload else 0


def get_str(payload):
    return payload.split(b"\0", 1)[0].decode(errors="replace")


# --- messages and the socket -----------------------------------------------

class Timeout(Exception):
    """No answer within the socket's timeout: the kernel hung, or lost it."""


class Reply:
    """What came back for one request: the error (0 or -errno; None if the
    request was not acknowledged), the extack message and offset, and the
    payloads of the messages that answered it (type, flags, payload)."""

    def __init__(self):
        self.error = None
        self.msg = ""
        self.offs = None
        self.messages = []
        self.done = False

    @property
    def payloads(self):
        return [p for _, _, p in self.messages]

    def __repr__(self):
        return f"Reply(error={self.error}, msg={self.msg!r}, {len(self.messages)} messages)"


def nlmsg(mtype, flags, seq, payload):
    return NLMSG_HDR.pack(NLMSG_HDR.size + len(payload), mtype, flags, seq, 0) + payload


def _parse_error(reply, flags, payload, is_done):
    reply.error = struct.unpack("=i", payload[:4])[0]
    if not flags & NLM_F_ACK_TLVS:
        return
    if is_done:
        tlvs = payload[4:]
    else:
        # the request's header (NETLINK_CAP_ACK), or all of it
        inner = NLMSG_HDR.unpack(payload[4:20])[0] if len(payload) >= 20 else 16
        tlvs = payload[4 + (16 if flags & NLM_F_CAPPED else inner):]
    attrs = attrs_of(tlvs)
    reply.msg = get_str(attrs.get(NLMSGERR_ATTR_MSG, b""))
    if NLMSGERR_ATTR_OFFS in attrs:
        reply.offs = get_u(attrs[NLMSGERR_ATTR_OFFS])


class Socket:
    """A netlink socket of @proto in the caller's network namespace, with
    extended and capped acks. request() waits for the whole answer: the ack,
    the error, or a dump up to its end; when a request asks for no ack, a
    NOOP that does follows it, so that no answer is ever waited for that
    will not come. Nothing for longer than @timeout seconds raises Timeout.
    """

    def __init__(self, proto, timeout=5.0, rcvbuf=1 << 20):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        except OSError:
            pass
        self.sock.bind((0, 0))
        self.sock.settimeout(timeout)
        self.seq = 0

    def close(self):
        self.sock.close()

    def next_seq(self):
        self.seq = (self.seq + 1) & 0xFFFFFFFF or 1
        return self.seq

    def request(self, mtype, flags, payload):
        seq = self.next_seq()
        return self.send_message(nlmsg(mtype, flags, seq, payload))

    def send_message(self, data, after_send=None):
        """Send @data, one netlink message whose header is the caller's (its
        sequence number must be unique), and collect its answer. The kernel
        handles the request within the send: @after_send, if given, is
        called as soon as that returns (or fails), before the answer is
        read."""
        _, _, flags, seq, _ = NLMSG_HDR.unpack(data[:16])
        self.sent = None
        try:
            self.sock.send(data)
        finally:
            if after_send:
                after_send()
        self.sent = seq     # the request is on its way; an error now is the answer's
        sync = None
        if not flags & NLM_F_ACK:
            sync = self.next_seq()
            self.sock.send(nlmsg(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, sync, b""))
        return self._collect(seq, sync)

    def _collect(self, seq, sync):
        reply = Reply()
        synced = False
        dumping = False
        while True:
            try:
                data = self.sock.recv(1 << 17)
            except socket.timeout:
                raise Timeout(f"no answer to request {seq} within {self.sock.gettimeout()} s")
            while len(data) >= 16:
                ln, typ, flags, mseq, _ = NLMSG_HDR.unpack(data[:16])
                if ln < 16:
                    break
                payload = data[16:ln]
                data = data[(ln + 3) & ~3:]
                if sync is not None and mseq == sync and typ == NLMSG_ERROR:
                    synced = True
                elif mseq != seq:
                    continue    # a notification, or an old request's leftovers
                elif typ == NLMSG_ERROR:
                    _parse_error(reply, flags, payload, False)
                    reply.done = True
                elif typ == NLMSG_DONE:
                    if len(payload) >= 4:
                        _parse_error(reply, flags, payload, True)
                    else:
                        reply.error = 0
                    reply.done = True
                else:
                    dumping = dumping or bool(flags & NLM_F_MULTI)
                    reply.messages.append((typ, flags, payload))
            if sync is None and reply.done:
                return reply
            if sync is not None and synced and (reply.done or not dumping):
                return reply


# --- generic netlink -------------------------------------------------------

def genl_payload(cmd, version, attrs, reserved=0):
    return struct.pack("=BBH", cmd, version, reserved) + attrs


class Family:
    """A generic netlink family as the controller describes it: id, version,
    maxattr, ops {cmd: flags}, multicast groups {name: id}; after
    load_policy(), op_policy {cmd: {"do": idx, "dump": idx}} and policies
    {idx: {attr: {"type", "min", "max", "min_len", "max_len", "policy",
    "maxtype", "mask"}}}."""

    def __init__(self, sock, name):
        self.name = name
        r = sock.request(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK,
                         genl_payload(CTRL_CMD_GETFAMILY, 1,
                                      nla_str(CTRL_ATTR_FAMILY_NAME, name)))
        if r.error or not r.messages:
            raise LookupError(f"no generic netlink family {name}: {r.error} {r.msg}")
        a = attrs_of(r.payloads[0][4:])
        self.id = get_u(a[CTRL_ATTR_FAMILY_ID])
        self.version = get_u(a.get(CTRL_ATTR_VERSION, b"\1"))
        self.hdrsize = get_u(a.get(CTRL_ATTR_HDRSIZE, b""))
        self.maxattr = get_u(a.get(CTRL_ATTR_MAXATTR, b""))
        self.ops = {}
        for _, op in attr_list(a.get(CTRL_ATTR_OPS, b"")):
            o = attrs_of(op)
            self.ops[get_u(o[CTRL_ATTR_OP_ID])] = get_u(o.get(CTRL_ATTR_OP_FLAGS, b""))
        self.mcgrps = {}
        for _, g in attr_list(a.get(CTRL_ATTR_MCAST_GROUPS, b"")):
            o = attrs_of(g)
            self.mcgrps[get_str(o[CTRL_ATTR_MCAST_GRP_NAME])] = get_u(o[CTRL_ATTR_MCAST_GRP_ID])
        self.op_policy = {}
        self.policies = {}

    def load_policy(self, sock):
        """Dump the family's policies (CTRL_CMD_GETPOLICY)."""
        r = sock.request(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP,
                         genl_payload(CTRL_CMD_GETPOLICY, 1,
                                      nla(CTRL_ATTR_FAMILY_ID, struct.pack("=H", self.id))))
        if r.error:
            raise LookupError(f"no policy for {self.name}: {r.error} {r.msg}")
        for payload in r.payloads:
            a = attrs_of(payload[4:])
            for cmd, ops in attr_list(a.get(CTRL_ATTR_OP_POLICY, b"")):
                o = attrs_of(ops)
                self.op_policy[cmd] = {k: get_u(o[v]) for k, v in
                                       (("do", CTRL_ATTR_POLICY_DO),
                                        ("dump", CTRL_ATTR_POLICY_DUMP)) if v in o}
            for idx, pol in attr_list(a.get(CTRL_ATTR_POLICY, b"")):
                for attr, spec in attr_list(pol):
                    self.policies.setdefault(idx, {})[attr] = parse_policy_attr(spec)
        return self


def parse_policy_attr(spec):
    s = attrs_of(spec)
    out = {"type": get_u(s.get(NL_POLICY_TYPE_ATTR_TYPE, b""))}
    for key, attr, signed in (("min", NL_POLICY_TYPE_ATTR_MIN_VALUE_U, False),
                              ("max", NL_POLICY_TYPE_ATTR_MAX_VALUE_U, False),
                              ("min", NL_POLICY_TYPE_ATTR_MIN_VALUE_S, True),
                              ("max", NL_POLICY_TYPE_ATTR_MAX_VALUE_S, True),
                              ("min_len", NL_POLICY_TYPE_ATTR_MIN_LENGTH, False),
                              ("max_len", NL_POLICY_TYPE_ATTR_MAX_LENGTH, False),
                              ("policy", NL_POLICY_TYPE_ATTR_POLICY_IDX, False),
                              ("maxtype", NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, False),
                              ("mask", NL_POLICY_TYPE_ATTR_MASK, False),
                              ("mask", NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, False)):
        if attr in s:
            out[key] = get_s(s[attr]) if signed else get_u(s[attr])
    return out
