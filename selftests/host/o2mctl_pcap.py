#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side: o2mctl's capture reader against captures written here, in
every form o2mctl source load must take (pcap in both byte orders with
microsecond and nanosecond timestamps, pcapng with either resolution) and
those it must refuse, with the reason (a link type other than Ethernet, a
file cut inside a record, a frame longer than a source takes, junk).

Usage: o2mctl_pcap.py DRIVER (o2mctl_pcap.c, built)."""
import os
import struct
import subprocess
import sys
import tempfile

FRAMES = [bytes([i]) * 6 + bytes([0x02, 0, 0, 0, 0, i]) + b"\x88\xb5" + bytes(range(i, i + 46 + 7 * i))
          for i in range(3)]
# Capture times: s, ns (the sub-microsecond part is lost at microsecond precision).
TIMES = [(1700000000, 123456789), (1700000001, 5000), (1700000001, 999999999)]


def pcap(endian, nano, frames=FRAMES, times=TIMES, linktype=1, origlen=None):
    magic = 0xa1b23c4d if nano else 0xa1b2c3d4
    out = struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 262144, linktype)
    for i, (f, (s, ns)) in enumerate(zip(frames, times)):
        sub = ns if nano else ns // 1000
        out += struct.pack(endian + "IIII", s, sub, len(f), origlen[i] if origlen else len(f)) + f
    return out


def block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = len(body) + 12
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def pcapng(resol_exp):
    out = block(0x0a0d0d0a, struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1))
    opts = b""
    if resol_exp is not None:
        opts = struct.pack("<HH", 9, 1) + bytes([resol_exp]) + b"\0\0\0" + struct.pack("<HH", 0, 0)
    out += block(1, struct.pack("<HHI", 1, 0, 262144) + opts)
    unit = 10 ** (9 - (resol_exp if resol_exp is not None else 6))
    for f, (s, ns) in zip(FRAMES, TIMES):
        t = (s * 1000000000 + ns) // unit
        out += block(6, struct.pack("<IIIII", 0, t >> 32, t & 0xffffffff, len(f), len(f)) + f)
    return out


def expect(nano_precision):
    lines = []
    for f, (s, ns) in zip(FRAMES, TIMES):
        t = s * 1000000000 + (ns if nano_precision else ns // 1000 * 1000)
        lines.append(f"{len(f)} {t} {f.hex()}")
    return lines + [f"end {len(FRAMES)} 0"]


def main():
    driver = sys.argv[1]
    tmp = tempfile.mkdtemp()
    big = FRAMES[:1] + [b"\x01" * 65537]
    cases = [
        ("pcap, little-endian, microseconds", pcap("<", False), expect(False)),
        ("pcap, big-endian, microseconds", pcap(">", False), expect(False)),
        ("pcap, little-endian, nanoseconds", pcap("<", True), expect(True)),
        ("pcap, big-endian, nanoseconds", pcap(">", True), expect(True)),
        ("pcapng, microseconds (no if_tsresol)", pcapng(None), expect(False)),
        ("pcapng, nanoseconds (if_tsresol 9)", pcapng(9), expect(True)),
        ("frames captured shorter than they were are counted",
         pcap("<", False, origlen=[len(FRAMES[0]), 1500, len(FRAMES[2])]),
         expect(False)[:-1] + ["end 3 1"]),
        ("Linux cooked capture (tcpdump -i any) is refused",
         pcap("<", False, linktype=113),
         ["error its link type is LINUX_SLL (Linux cooked v1), not Ethernet: a source sends Ethernet frames"]),
        ("a file cut inside a record is refused, after the frames before it",
         pcap("<", False)[:-10], expect(False)[:2] + [
             "error frame 3: truncated dump file; tried to read %d captured bytes, only got %d"
             % (len(FRAMES[2]), len(FRAMES[2]) - 10)]),
        ("a frame longer than a source takes is refused",
         pcap("<", False, frames=big, times=TIMES[:2]),
         expect(False)[:1] + ["error frame 2 is 65537 bytes, longer than a source takes (65536)"]),
        ("junk is refused", os.urandom(7) + b"junk" * 20,
         ["error not a capture libpcap reads (unknown file format)"]),
        ("a frame shorter than an Ethernet header is refused",
         pcap("<", False, frames=FRAMES[:1] + [b"\x01" * 13], times=TIMES[:2]),
         expect(False)[:1] + ["error frame 2 is 13 bytes, shorter than an Ethernet header (14)"]),
        ("an empty record is refused",
         pcap("<", False, frames=[b""], times=TIMES[:1]),
         ["error frame 1 is 0 bytes, shorter than an Ethernet header (14)"]),
    ]
    fails = 0
    for i, (what, data, want) in enumerate(cases):
        path = os.path.join(tmp, f"c{i}")
        with open(path, "wb") as f:
            f.write(data)
        got = subprocess.run([driver, path], capture_output=True, text=True).stdout.splitlines()
        if got != want:
            fails += 1
            print(f"FAIL: {what}")
            for line in want:
                print(f"      wanted: {line[:120]}")
            for line in got:
                print(f"      got:    {line[:120]}")
    # The scan before a load (which then queues nothing from a bad file), and
    # the total for the progress line: frames of a whole file, 0 for what
    # can be read only once, -1 and why for a bad file.
    hour = pcap("<", True, times=[(1700000000, 0), (1700003600, 0), (1700007200, 1)])
    path = os.path.join(tmp, "hour")
    with open(path, "wb") as f:
        f.write(hour)
    counts = [
        (os.path.join(tmp, "c0"), "scan", "3 read 3"),
        (os.path.join(tmp, "c8"), "scan", "-1 frame 3: truncated dump file; tried to read %d "
         "captured bytes, only got %d" % (len(FRAMES[2]), len(FRAMES[2]) - 10)),
        (os.path.join(tmp, "c9"), "scan", "-1 frame 2 is 65537 bytes, longer than a source takes (65536)"),
        (os.path.join(tmp, "c11"), "scan", "-1 frame 2 is 13 bytes, shorter than an Ethernet header (14)"),
        (os.path.join(tmp, "c7"), "scan", "-1 its link type is LINUX_SLL (Linux cooked v1), not Ethernet: "
         "a source sends Ethernet frames"),
        (os.path.join(tmp, "nosuch"), "scan", "-1 No such file or directory"),
        (path, "scan", "3 read 3"),
        (path, "scan-gaps", "-1 frame 3 comes 3600.000 s after the one before: a gap is at most an hour"),
    ]
    for path, how, want in counts:
        got = subprocess.run([driver, path, how], capture_output=True, text=True).stdout.strip()
        if got != want:
            fails += 1
            print(f"FAIL: capture_scan({path}, {how}) is {got!r}, wanted {want!r}")
    # stdin: a regular file is scanned too; a pipe can be read only once.
    c0 = os.path.join(tmp, "c0")
    with open(c0, "rb") as f:
        got = subprocess.run([driver, "-", "scan"], stdin=f, capture_output=True, text=True).stdout.strip()
    piped = subprocess.run([driver, "-", "scan"], input=open(c0, "rb").read(),
                           capture_output=True).stdout.decode().strip()
    for what, g, want in (("stdin from a file", got, "3 read 3"), ("stdin from a pipe", piped, "0 read 3")):
        counts.append(what)
        if g != want:
            fails += 1
            print(f"FAIL: capture_scan of {what} is {g!r}, wanted {want!r}")
    n = len(cases) + len(counts)
    if fails:
        print(f"{fails} of {n} capture cases read wrong")
        return 1
    print(f"{n} capture cases read as they should (pcap, pcapng, refusals)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
