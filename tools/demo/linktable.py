#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The demo's tables, run in the namespace of the one2many device.

  linktable.py watch SECONDS [--live]
      Per link of o2m0: its peer, state, frames/s and frames sent, for
      SECONDS.
      With --live the table is redrawn in place once a second (a terminal);
      without, two blocks are printed, halfway and at the end (a log).
  linktable.py summary
      Frames sent by the source, carried by each link and received by each
      peer, once the source has stopped.

Everything comes from `o2mctl -j` (the links, their state and counters; the
source's counters) and, for what the peers received, from /proc/net/dev read
inside each peer's namespace. The environment says what to look at:

  O2MCTL        the o2mctl binary
  DEMO_DEV      the one2many device (o2m0)
  DEMO_SOURCE   the o2m_source source (gen)
  DEMO_PEERS    LINKDEV:NETNS:PEERDEV for each link, space separated
"""
import ctypes
import json
import os
import re
import subprocess
import sys
import time

O2MCTL = os.environ.get("O2MCTL", "o2mctl")
DEV = os.environ.get("DEMO_DEV", "o2m0")
SOURCE = os.environ.get("DEMO_SOURCE", "gen")
PEERS = {}
for spec in os.environ.get("DEMO_PEERS", "").split():
    linkdev, ns, peerdev = spec.split(":")
    PEERS[linkdev] = (ns, peerdev)

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
HOME_NS = os.open("/proc/self/ns/net", os.O_RDONLY)
BAR_FULL = 20          # characters for the whole rate into o2m0


def o2mctl(*args):
    out = subprocess.run([O2MCTL, *args], check=True, capture_output=True,
                         text=True, timeout=20).stdout
    return json.loads(out) if args[0] == "-j" else out


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET):
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def rx_packets(ns, dev):
    """The frames DEV in namespace NS has received (its rx_packets)."""
    fd = os.open(f"/run/netns/{ns}", os.O_RDONLY)
    try:
        setns(fd)
        with open("/proc/thread-self/net/dev") as f:
            text = f.read()
    finally:
        setns(HOME_NS)
        os.close(fd)
    for line in text.splitlines()[2:]:
        name, counters = line.split(":", 1)
        if name.strip() == dev:
            return int(counters.split()[1])
    return 0


def sample():
    """The links' state and the counters of o2m0 and its links, now."""
    cfg = o2mctl("-j", "link", "show", DEV)[0]
    stats = {l["id"]: l["stats"] for l in o2mctl("-j", "stats", DEV)["links"]}
    links = []
    for link in cfg["links"]:
        st = stats.get(link["id"], {})
        links.append({
            "id": link["id"], "dev": link["ifname"],
            "peer": PEERS.get(link["ifname"], ("?", None))[0],
            "active": link["active"], "carrier": link["carrier"],
            "sent": st.get("xmit_packets", 0), "drops": st.get("drops", 0),
        })
    master = stats.get(-1, {})
    return {"time": time.monotonic(), "mode": cfg["mode"],
            "in": master.get("recv_packets", 0), "drops": master.get("drops", 0),
            "links": links}


def table(prev, now, secs):
    """The lines of one table: rates over the time between PREV and NOW."""
    dt = max(now["time"] - prev["time"], 1e-3)
    before = {l["id"]: l for l in prev["links"]}
    rate_in = (now["in"] - prev["in"]) / dt
    lines = [f"  {secs:3d}s  mode {now['mode']:<8}  into {DEV}: {rate_in:4.0f} frames/s,"
             f" {now['in']} frames",
             f"  {'link':>4}  {'dev':<4}  {'peer':<6}  {'state':<10}  {'frames/s':>8}  "
             f"{'':<{BAR_FULL}}  {'sent':>8}"]
    for l in now["links"]:
        rate = (l["sent"] - before.get(l["id"], l)["sent"]) / dt
        bar = "#" * min(BAR_FULL, round(rate / max(rate_in, 1) * BAR_FULL))
        state = "active" if l["active"] else "inactive"
        lines.append(f"  {l['id']:>4}  {l['dev']:<4}  {l['peer']:<6}  {state:<10}  "
                     f"{rate:8.0f}  {bar:<{BAR_FULL}}  {l['sent']:>8}")
    return lines


def watch(seconds, live):
    start = sample()
    prev = start
    shown = 0                   # lines on screen to redraw (live)
    # A terminal: every second. A log: two blocks, halfway and at the end.
    marks = set(range(1, seconds + 1)) if live else {max(1, seconds // 2), seconds}
    for tick in range(1, seconds + 1):
        delay = start["time"] + tick - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if tick not in marks:
            continue
        try:
            now = sample()
        except subprocess.TimeoutExpired:
            continue            # a VM too busy to answer: the next tick will
        # A sample that came late (a busy VM) leaves little time to the next:
        # measure that one from the start of the phase instead.
        lines = table(prev if now["time"] - prev["time"] >= 0.5 else start, now, tick)
        if live:
            out = f"\033[{shown}A" if shown else "\n"
            out += "".join(f"\r\033[K{line}\n" for line in lines)
            shown = len(lines)
        else:
            out = "\n" + "\n".join(lines) + "\n"
        sys.stdout.write(out)
        sys.stdout.flush()
        prev = now


def summary():
    now = sample()
    src = o2mctl("-j", "source", "stats", SOURCE)["stats"]
    m = re.search(r"\bnext (\d+)", o2mctl("source", "counter", SOURCE, "0"))
    elapsed = src["elapsed_time"] / 1e9
    rate = src["out_frames"] / elapsed if elapsed else 0
    refused = f"{src['drops']} refused" if src["drops"] else "none refused"
    print(f"  The source sent {src['out_frames']} frames in {elapsed:.1f} s "
          f"({rate:.1f} frames/s), {refused};")
    if m:
        print(f"  the last carried sequence number {int(m.group(1)) - 1} "
              f"(its counter is at {m.group(1)}).")
    print()
    print(f"  {'link':>4}  {'dev':<4}  {'peer':<6}  {'sent by ' + DEV:>12}  {'refused':>7}  "
          f"{'received by peer':>16}  {'missing':>7}")
    sent = drops = recv = 0
    for l in now["links"]:
        ns, peerdev = PEERS.get(l["dev"], ("?", None))
        got = rx_packets(ns, peerdev) if peerdev else 0
        sent += l["sent"]
        drops += l["drops"]
        recv += got
        print(f"  {l['id']:>4}  {l['dev']:<4}  {l['peer']:<6}  {l['sent']:>12}  "
              f"{l['drops']:>7}  {got:>16}  {l['sent'] - got:>7}")
    print(f"  {'all':>4}  {'':<4}  {'':<6}  {sent:>12}  {drops:>7}  {recv:>16}  "
          f"{sent - recv:>7}")
    print()
    copies = sent + drops - now["in"]
    if copies > 0:
        print(f"  Mode all's copies: the links carried {copies} frames more than {DEV} took.")
    if drops:
        print(f"  {drops} refused by a link: a veth refuses frames when its cable has just")
        print("  been pulled, or when the site's receive backlog is full (a busy VM).")
    if now["drops"] > drops:
        print(f"  {now['drops'] - drops} frames found no active link.")
    if sent == recv:
        print("  Every frame a link sent arrived at its site.")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "watch":
        watch(int(sys.argv[2]), "--live" in sys.argv[3:])
    elif sys.argv[1:] == ["summary"]:
        summary()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
