#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Send and receive test frames for the selftests.

  frames.py send IFACE COUNT [--dst MAC] [--tag N] [--rate PPS] [--len N,N...]
      COUNT frames of EtherType 0x88b5 (local experimental), each with a
      sequence number, through IFACE's transmit path (a packet socket, so
      dev_queue_xmit, as any sender); 62 bytes long, or the lengths given,
      in turn.
  frames.py udp IFACE --dst-mac MAC --src-ip IP --dst-ip IP --port N --tag N [--count N]
      Raw Ethernet/IPv4/UDP frames, as a peer on the wire would send them.
  frames.py udp-recv IP PORT --timeout S [--count N]
      Print the payload of every UDP datagram received on IP:PORT until
      nothing has come for S seconds, or N have come.
  frames.py frame --dst MAC --src MAC [--tag N] [--seq N] [--len N]
      Write one 0x88b5 test frame to stdout.
  frames.py icmp --dst-mac MAC --src-mac MAC --src-ip IP --dst-ip IP [--tos N]
      Write one ICMP echo request frame to stdout (TOS N: its ECN field too).
  frames.py seqs PCAP
      The tags and sequence numbers of the 0x88b5 frames in a capture.
  frames.py octets PCAP
      The sum of the lengths on the wire of the 0x88b5 frames in a capture.
"""
import argparse
import socket
import struct
import sys
import time

ETH_P_TEST = 0x88B5
MAGIC = b"O2MTEST!"


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def iface_mac(iface):
    with open(f"/sys/class/net/{iface}/address") as f:
        return f.read().strip()


def send(args):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((args.iface, 0))
    src = mac_bytes(iface_mac(args.iface))
    dst = mac_bytes(args.dst)
    gap = 1.0 / args.rate if args.rate else 0
    lens = [int(n) for n in args.len.split(",")] if args.len else [62]
    start = time.monotonic()
    for seq in range(args.count):
        frame = dst + src + struct.pack("!H", ETH_P_TEST) + MAGIC
        frame += struct.pack("!II", args.tag, seq)
        frame += bytes(max(lens[seq % len(lens)] - len(frame), 0))
        while True:
            try:
                s.send(frame)
                break
            except OSError:
                time.sleep(0.001)
        if gap:
            delay = start + (seq + 1) * gap - time.monotonic()
            if delay > 0:
                time.sleep(delay)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def udp(args):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((args.iface, 0))
    src = mac_bytes(iface_mac(args.iface))
    for i in range(args.count):
        payload = f"tag={args.tag} n={i}".encode()
        udph = struct.pack("!HHHH", args.port, args.port, 8 + len(payload), 0)
        iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udph) + len(payload),
                          i, 0, 64, 17, 0, socket.inet_aton(args.src_ip),
                          socket.inet_aton(args.dst_ip))
        iph = iph[:10] + struct.pack("!H", checksum(iph)) + iph[12:]
        s.send(mac_bytes(args.dst_mac) + src + b"\x08\x00" + iph + udph + payload)


def frame(args):
    f = mac_bytes(args.dst) + mac_bytes(args.src) + struct.pack("!H", ETH_P_TEST) + MAGIC
    f += struct.pack("!II", args.tag, args.seq)
    f += bytes(max(0, args.len - len(f)))
    sys.stdout.buffer.write(f)


def icmp(args):
    body = struct.pack("!BBHHH", 8, 0, 0, 0x4242, 1) + b"o2m_source walk-through"
    body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, args.tos, 20 + len(body), 1, 0, 64, 1, 0,
                      socket.inet_aton(args.src_ip), socket.inet_aton(args.dst_ip))
    iph = iph[:10] + struct.pack("!H", checksum(iph)) + iph[12:]
    sys.stdout.buffer.write(mac_bytes(args.dst_mac) + mac_bytes(args.src_mac)
                            + b"\x08\x00" + iph + body)


def udp_frame(args):
    """One UDP datagram over IPv4 or IPv6 (by the addresses' form), with
    correct checksums, to stdout; with --trailer N, N bytes after it in the
    IP payload (the UDP length does not count them)."""
    payload = b"o2m_source checksum test"
    udp_len = 8 + len(payload)
    v6 = ":" in args.dst_ip
    fam = socket.AF_INET6 if v6 else socket.AF_INET
    src, dst = socket.inet_pton(fam, args.src_ip), socket.inet_pton(fam, args.dst_ip)
    if v6:
        pseudo = src + dst + struct.pack("!IxxxB", udp_len, 17)
    else:
        pseudo = src + dst + struct.pack("!BBH", 0, 17, udp_len)
    udph = struct.pack("!HHHH", args.port, args.port, udp_len, 0)
    csum = checksum(pseudo + udph + payload) or 0xFFFF
    udph = udph[:6] + struct.pack("!H", csum)
    ip_len = udp_len + args.trailer
    if v6:
        iph = struct.pack("!IHBB", 6 << 28, ip_len, 17, 64) + src + dst
        etype = b"\x86\xdd"
    else:
        iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ip_len, 1, 0, 64, 17, 0, src, dst)
        iph = iph[:10] + struct.pack("!H", checksum(iph)) + iph[12:]
        etype = b"\x08\x00"
    sys.stdout.buffer.write(mac_bytes(args.dst_mac) + mac_bytes(args.src_mac) + etype
                            + iph + udph + payload + b"\xee" * args.trailer)


def udp_recv(args):
    s = socket.socket(socket.AF_INET6 if ":" in args.ip else socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((args.ip, args.port))
    s.settimeout(args.timeout)
    print("ready", file=sys.stderr, flush=True)
    got = 0
    try:
        while not args.count or got < args.count:
            data, _ = s.recvfrom(2048)
            print(data.decode(errors="replace"), flush=True)
            got += 1
    except socket.timeout:
        pass


def test_frames(path, orig=None):
    """(capture time, bytes) of each test frame in a classic pcap file; its
    length on the wire is appended to the list orig, if given."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, wire = struct.unpack(endian + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(pkt) >= 30 and struct.unpack("!H", pkt[12:14])[0] == ETH_P_TEST \
                and pkt[14:22] == MAGIC:
            if orig is not None:
                orig.append(wire)
            yield sec + frac / (1e9 if nano else 1e6), pkt


def seqs(args):
    """Print "tag seq" per test frame of a capture."""
    for _, pkt in test_frames(args.pcap):
        tag, seq = struct.unpack("!II", pkt[22:30])
        print(tag, seq)


def octets(args):
    """Print the sum of the test frames' lengths on the wire."""
    lens = []
    for _ in test_frames(args.pcap, lens):
        pass
    print(sum(lens))


def fields(args):
    """Print, per test frame, the big-endian integers at OFFSET:WIDTH, and
    for a timestamp (OFFSET:tv or OFFSET:ns) how far it is from the capture
    time, in microseconds."""
    for when, pkt in test_frames(args.pcap):
        out = []
        for spec in args.at:
            o, w = spec.split(":")
            o = int(o)
            if w == "tv":
                s_, us = struct.unpack("!II", pkt[o:o + 8])
                out.append(str(round((when - (s_ + us / 1e6)) * 1e6)))
            elif w == "ns":
                ns = struct.unpack("!Q", pkt[o:o + 8])[0]
                out.append(str(round((when - ns / 1e9) * 1e6)))
            else:
                out.append(str(int.from_bytes(pkt[o:o + int(w)], "big")))
        print(" ".join(out))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("send")
    a.add_argument("iface")
    a.add_argument("count", type=int)
    a.add_argument("--dst", default="ff:ff:ff:ff:ff:ff")
    a.add_argument("--tag", type=int, default=0)
    a.add_argument("--rate", type=float, default=0)
    a.add_argument("--len", default="")
    a = sub.add_parser("udp")
    a.add_argument("iface")
    a.add_argument("--dst-mac", required=True)
    a.add_argument("--src-ip", required=True)
    a.add_argument("--dst-ip", required=True)
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--tag", type=int, default=0)
    a.add_argument("--count", type=int, default=1)
    a = sub.add_parser("udp-recv")
    a.add_argument("ip")
    a.add_argument("port", type=int)
    a.add_argument("--timeout", type=float, default=2)
    a.add_argument("--count", type=int, default=0)
    a = sub.add_parser("frame")
    a.add_argument("--dst", default="ff:ff:ff:ff:ff:ff")
    a.add_argument("--src", default="02:00:00:00:00:01")
    a.add_argument("--tag", type=int, default=0)
    a.add_argument("--seq", type=int, default=0)
    a.add_argument("--len", type=int, default=60)
    a = sub.add_parser("icmp")
    a.add_argument("--dst-mac", required=True)
    a.add_argument("--src-mac", required=True)
    a.add_argument("--src-ip", required=True)
    a.add_argument("--dst-ip", required=True)
    a.add_argument("--tos", type=lambda v: int(v, 0), default=0)
    a = sub.add_parser("udp-frame")
    a.add_argument("--dst-mac", required=True)
    a.add_argument("--src-mac", required=True)
    a.add_argument("--src-ip", required=True)
    a.add_argument("--dst-ip", required=True)
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--trailer", type=int, default=0)
    a = sub.add_parser("seqs")
    a.add_argument("pcap")
    a = sub.add_parser("octets")
    a.add_argument("pcap")
    a = sub.add_parser("fields")
    a.add_argument("pcap")
    a.add_argument("--at", action="append", default=[])
    args = p.parse_args()
    {"send": send, "udp": udp, "udp-recv": udp_recv, "seqs": seqs,
     "frame": frame, "icmp": icmp, "fields": fields, "udp-frame": udp_frame,
     "octets": octets}[args.cmd](args)


if __name__ == "__main__":
    main()
