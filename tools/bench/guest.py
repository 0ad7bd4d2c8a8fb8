#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The guest side of `make bench`: every comparison, back to back, in one boot.

Each measurement prints one line "BENCH {json}" on stdout (the host collects
them); progress lines start with "# ". Each case is measured RUNS times, the
implementations taking turns within a run so that a slow moment of the
machine does not fall on one of them only. The cases whose ratio against a
peer has a target (comparisons 1, 3 and 4) are measured PAIRED_RUNS times:
the report takes the median of each round's ratio, ours over the peer
measured just before or after it, so that the more rounds, the less a step
in the machine's speed between rounds weighs. The order turns around every
round, so that a drift within one favours neither side.

Rates are read from counters over a WINDOW-second interval (at least two
whole seconds when a rate is requested) that starts
WARMUP seconds after the generator: a dummy device's tx_packets for the
generators (the frames that made it through the qdisc), pktgen's own
pkts-sofar for the aggregation devices (the frames the device accepted).

Under qemu's -icount (TCG), the guest's clock counts the instructions its
CPUs execute, 2**SHIFT ns each, rather than the host's time: a rate is then
frames per instruction, as exact as the instructions are the same, whatever
the host does meanwhile. With O2M_BENCH_ICOUNT=SHIFT (tools/bench/run.sh
boots such a guest for comparison 3 after the main run) comparison 3's
cases are named "..., icount" and their records carry the shift.

Environment: O2M_BENCH_RUNS (5), O2M_BENCH_PAIRED_RUNS (9), O2M_BENCH_WINDOW
(1.5 s), O2M_BENCH_ONLY (a comma-separated list of comparison numbers, e.g.
"1,6"), O2M_BENCH_ICOUNT (unset: the guest's clock is the host's).
"""
import calendar
import ctypes
import json
import os
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
MODULES = f'{TOP}/build/{os.uname().release}/modules/drivers/net'
O2MCTL = f'{TOP}/tools/o2mctl/o2mctl'
RUNS = int(os.environ.get('O2M_BENCH_RUNS', '5'))
PAIRED_RUNS = int(os.environ.get('O2M_BENCH_PAIRED_RUNS', '9'))
WINDOW = float(os.environ.get('O2M_BENCH_WINDOW', '1.5'))
WARMUP = 0.5
ONLY = {int(x) for x in os.environ.get('O2M_BENCH_ONLY', '').split(',') if x}
ICOUNT = os.environ.get('O2M_BENCH_ICOUNT', '')
os.environ['IP_LIB_DIR'] = f'{TOP}/tools/iproute2'
SO_TIMESTAMP = 29       # asm-generic/socket.h; Python's socket module lacks it


def log(msg):
    print('# ' + msg, flush=True)


def emit(**rec):
    print('BENCH ' + json.dumps(rec), flush=True)


def sh(*cmd, ns=None, check=True):
    if ns:
        cmd = ('ip', 'netns', 'exec', ns) + cmd
    r = subprocess.run(cmd, capture_output=True, text=True)
    if check and r.returncode:
        raise RuntimeError(f'{" ".join(cmd)}: {r.stderr.strip()}')
    return r.stdout


def ip(*args, check=True):
    return sh('ip', *args, check=check)


def sysfs_stat(dev, name):
    with open(f'/sys/class/net/{dev}/statistics/{name}') as f:
        return int(f.read())


def frame(size, ethertype=0x88b5, dst='ff:ff:ff:ff:ff:ff'):
    """An Ethernet frame of SIZE bytes (no FCS), to DST (broadcast), a local
    ethertype."""
    hdr = bytes.fromhex(dst.replace(':', '') + '020000000001') + struct.pack('!H', ethertype)
    return hdr + bytes(size - len(hdr))


def summary(values):
    return {'median': statistics.median(values), 'min': min(values),
            'max': max(values), 'runs': values}


# --- generators -------------------------------------------------------------

class O2mSource:
    name = 'o2m_source'
    seq = 0

    def __init__(self, dev, size, pps=0, ns=None, cpu=None, dst='ff:ff:ff:ff:ff:ff'):
        O2mSource.seq += 1
        self.src, self.ns, self.cpu = f'bench{O2mSource.seq}', ns, cpu
        self.ctl('add', self.src, 'dev', dev, 'pps', str(pps))
        with open(f'/dev/o2m_source/{self.src}', 'wb', buffering=0) as f:
            f.write(frame(size, dst=dst))

    def ctl(self, *args):
        return sh(O2MCTL, 'source', *args, ns=self.ns)

    def start(self):
        # A run sends from the CPU that started it.
        if self.cpu is None:
            self.ctl('start', self.src)
        else:
            sh('taskset', '-c', str(self.cpu), O2MCTL, 'source', 'start', self.src, ns=self.ns)

    def stop(self):
        self.ctl('stop', self.src)

    def close(self):
        self.ctl('del', self.src)


class O2mSourceCounter(O2mSource):
    """Every frame its own: a 32-bit counter written after the header."""
    name = 'o2m_source counter'

    def __init__(self, dev, size, pps=0):
        super().__init__(dev, size, pps)
        self.ctl('counter', self.src, '0', 'on', 'offset', '14', 'width', '4')


def pg_write(path, cmd):
    with open(f'/proc/net/pktgen/{path}', 'w') as f:
        f.write(cmd + '\n')


class Pktgen:
    """pktgen's default: a frame built afresh each time (its sequence
    number and timestamp in it), the peer for frames that change."""
    name = 'pktgen'
    clone = 0

    def __init__(self, dev, size, pps=0, thread=0):
        self.dev, self.proc, self.thread = dev, None, thread
        pg_write(f'kpktgend_{thread}', f'add_device {dev}')
        for c in ('count 0', f'pkt_size {size}', 'xmit_mode queue_xmit',
                  'dst 10.0.0.2', 'dst_mac ff:ff:ff:ff:ff:ff', 'delay 0',
                  f'clone_skb {self.clone}'):
            pg_write(dev, c)
        if pps:
            pg_write(dev, f'ratep {pps}')

    def start(self):
        # "start" returns when the run ends: from a process of its own.
        self.proc = subprocess.Popen(['sh', '-c', 'echo start >/proc/net/pktgen/pgctrl'])

    def sofar(self):
        for line in open(f'/proc/net/pktgen/{self.dev}'):
            if 'pkts-sofar:' in line:
                return int(line.split('pkts-sofar:')[1].split()[0])
        return 0

    def stop(self):
        pg_write('pgctrl', 'stop')
        self.proc.wait(timeout=10)

    def close(self):
        # The thread removes the device later: wait, or the next add_device
        # of the same name races with the removal.
        pg_write(f'kpktgend_{self.thread}', 'rem_device_all')
        for _ in range(500):
            if not os.path.exists(f'/proc/net/pktgen/{self.dev}'):
                return
            time.sleep(0.01)
        raise RuntimeError(f'pktgen did not release {self.dev}')


class Trafgen:
    name = 'trafgen'

    def __init__(self, dev, size, pps=0):
        self.cfg = f'/tmp/trafgen-{size}.cfg'
        body = ', '.join(f'0x{b:02x}' for b in frame(size)[:14])
        with open(self.cfg, 'w') as f:
            f.write(f'{{ {body}, fill(0x00, {size - 14}) }}\n')
        self.cmd = ['trafgen', '-o', dev, '-i', self.cfg, '-q', '-P', '1', '-Q', '-C']
        if pps:
            self.cmd += ['-b', f'{pps}pps']
        self.proc = None

    def start(self):
        # trafgen forks its workers: a session of its own, so that stop()
        # reaches them all.
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        # Not a frame more: every worker of the group is gone.
        for _ in range(100):
            if subprocess.run(['pgrep', '-x', 'trafgen'], capture_output=True).returncode:
                return
            time.sleep(0.05)
        raise RuntimeError('trafgen workers outlived their parent')

    def close(self):
        pass


class PktgenClone(Pktgen):
    """pktgen at its fastest for a frame that does not change: one skb,
    sent again by reference (clone_skb; the target must allow it)."""
    name = 'pktgen clone_skb'
    clone = 1000000


GENERATORS = (O2mSource, Pktgen, Trafgen)
# Comparison 1: each of ours beside the peer doing the same work at its best.
SPEED_GENERATORS = (O2mSource, PktgenClone, Trafgen, O2mSourceCounter, Pktgen)


def rounds(impls, n=None):
    """The order of IMPLS for each of N rounds (PAIRED_RUNS): forwards,
    then backwards, and so on. Each implementation is measured next to its
    neighbours every round, and a drift of the machine's speed within a
    round falls on the first of a pair as often as on the second."""
    impls = list(impls)
    for i in range(n or PAIRED_RUNS):
        yield impls if i % 2 == 0 else impls[::-1]


def measure(gen, counter, window=None):
    """Frames per second counted by COUNTER while GEN runs."""
    window = window or WINDOW
    gen.start()
    try:
        time.sleep(WARMUP)
        c0, t0 = counter(), time.monotonic()
        time.sleep(window)
        c1, t1 = counter(), time.monotonic()
    finally:
        gen.stop()
    time.sleep(0.1)
    return (c1 - c0) / (t1 - t0)


def dummy(name, qdisc=True):
    ip('link', 'add', name, 'type', 'dummy')
    if qdisc:
        sh('tc', 'qdisc', 'replace', 'dev', name, 'root', 'pfifo', 'limit', '1000')
    ip('link', 'set', name, 'up')


# --- 1, 2: the generators -----------------------------------------------------

def generator_runs(cmp, case, size, pps, generators=GENERATORS):
    dummy('bdum0')
    results = {g.name: [] for g in generators}
    try:
        # Comparison 1's ratios have targets; 2 reads each against its request.
        for order in rounds(generators, PAIRED_RUNS if cmp == 1 else RUNS):
            for g in order:
                gen = g('bdum0', size, pps)
                try:
                    results[g.name].append(measure(
                        gen, lambda: sysfs_stat('bdum0', 'tx_packets'),
                        # whole seconds for rates: trafgen's -b paces
                        # in bursts a second apart
                        max(2, round(WINDOW)) if pps else WINDOW))
                finally:
                    gen.close()
        nbytes = sysfs_stat('bdum0', 'tx_bytes') / max(1, sysfs_stat('bdum0', 'tx_packets'))
    finally:
        ip('link', 'del', 'bdum0', check=False)
    for name, vals in results.items():
        emit(cmp=cmp, case=case, impl=name, unit='pps', requested=pps,
             frame_bytes=round(nbytes), **summary(vals))
        log(f'{cmp} {case:12} {name:12} {statistics.median(vals):12.0f} pps')


class SourcePair:
    """Two o2m_sources, each into a dummy of its own from a CPU of its own."""

    def __init__(self, size):
        self.gens = [O2mSource(f'bdum{i}', size, cpu=i) for i in (0, 1)]

    def start(self):
        for g in self.gens:
            g.start()

    def stop(self):
        for g in self.gens:
            g.stop()

    def close(self):
        for g in self.gens:
            g.close()


class PktgenClonePair:
    """pktgen clone_skb into each dummy from a thread (a CPU) of its own:
    what two senders get from this machine."""

    def __init__(self, size):
        self.gens = [PktgenClone(f'bdum{i}', size, thread=i) for i in (0, 1)]

    def start(self):
        # One "start" runs every thread's devices.
        self.gens[0].start()

    def stop(self):
        self.gens[0].stop()

    def close(self):
        for g in self.gens:
            g.close()


def two_cpu_runs(size):
    """One source on CPU 0, then one on each CPU: the sum over the one.
    pktgen clone_skb the same way, for the machine's own ceiling: two
    vCPUs under TCG on two host cores share them with qemu's own threads."""
    dummy('bdum0')
    dummy('bdum1')
    runs = {'o2m_source x1': [], 'o2m_source x2': [], 'pktgen clone_skb x1': [],
            'pktgen clone_skb x2': []}
    tx = lambda: sysfs_stat('bdum0', 'tx_packets') + sysfs_stat('bdum1', 'tx_packets')
    makers = {'o2m_source x1': lambda: O2mSource('bdum0', size, cpu=0),
              'o2m_source x2': lambda: SourcePair(size),
              'pktgen clone_skb x1': lambda: PktgenClone('bdum0', size),
              'pktgen clone_skb x2': lambda: PktgenClonePair(size)}
    try:
        for order in rounds(makers):
            for impl in order:
                gen = makers[impl]()
                try:
                    runs[impl].append(measure(gen, tx))
                finally:
                    gen.close()
    finally:
        ip('link', 'del', 'bdum0', check=False)
        ip('link', 'del', 'bdum1', check=False)
    case = f'{size + 4}B, 2 CPUs'
    for impl, vals in runs.items():
        emit(cmp=1, case=case, impl=impl, unit='pps', requested=0, **summary(vals))
    log(f'1 {case:12} one {statistics.median(runs["o2m_source x1"]):10.0f} '
        f'two {statistics.median(runs["o2m_source x2"]):10.0f} pps; pktgen clone_skb one '
        f'{statistics.median(runs["pktgen clone_skb x1"]):10.0f} '
        f'two {statistics.median(runs["pktgen clone_skb x2"]):10.0f} pps')


def bench_speed():
    for size in (60, 1514):
        generator_runs(1, f'{size + 4}B', size, 0, SPEED_GENERATORS)
    two_cpu_runs(60)


def bench_pacing():
    for pps in (1000, 10000, 100000, 1000000):
        generator_runs(2, f'{pps}pps', 60, pps)


# --- 3, 4, 5: aggregation devices --------------------------------------------

def master_o2m(name, mode, links):
    ip('link', 'add', name, 'type', 'one2many', 'mode', mode)
    for d in links:
        ip('link', 'set', d, 'master', name)


def master_bond(name, mode, links):
    ip('link', 'add', name, 'type', 'bond', 'mode', mode, 'miimon', '100')
    for d in links:
        ip('link', 'set', d, 'down')
        ip('link', 'set', d, 'master', name)


def master_team(name, mode, links):
    ip('link', 'add', name, 'type', 'team')
    sh('teamnl', name, 'setoption', 'mode', mode)
    for d in links:
        ip('link', 'set', d, 'down')
        ip('link', 'set', d, 'master', name)
        ip('link', 'set', d, 'up')
    if mode == 'activebackup':
        sh('teamnl', name, 'setoption', 'activeport', str(socket.if_nametoindex(links[0])))


MODES = {  # ours: (bonding's, team's)
    'rr': ('balance-rr', 'roundrobin'),
    'all': ('broadcast', 'broadcast'),
    'failover': ('active-backup', 'activebackup'),
}


def make_master(kind, name, mode, nlinks):
    links = [f'{name}l{i}' for i in range(nlinks)]
    for d in links:
        dummy(d, qdisc=False)
    if kind == 'one2many':
        master_o2m(name, mode, links)
    elif kind == 'bonding':
        master_bond(name, MODES[mode][0], links)
    else:
        master_team(name, MODES[mode][1], links)
    ip('link', 'set', name, 'up')
    return [name] + links


class PktgenPair:
    """pktgen from both CPUs into one device: DEV@0 on kpktgend_0, DEV@1 on
    kpktgend_1, each as Pktgen sets it up; sofar() is their sum."""

    def __init__(self, dev, size):
        self.names = [f'{dev}@{i}' for i in (0, 1)]
        for i, name in enumerate(self.names):
            pg_write(f'kpktgend_{i}', f'add_device {name}')
            for c in ('count 0', f'pkt_size {size}', 'xmit_mode queue_xmit',
                      'dst 10.0.0.2', 'dst_mac ff:ff:ff:ff:ff:ff', 'delay 0', 'clone_skb 0'):
                pg_write(name, c)
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(['sh', '-c', 'echo start >/proc/net/pktgen/pgctrl'])

    def sofar(self):
        n = 0
        for name in self.names:
            for line in open(f'/proc/net/pktgen/{name}'):
                if 'pkts-sofar:' in line:
                    n += int(line.split('pkts-sofar:')[1].split()[0])
        return n

    def stop(self):
        pg_write('pgctrl', 'stop')
        self.proc.wait(timeout=10)

    def close(self):
        for i in (0, 1):
            pg_write(f'kpktgend_{i}', 'rem_device_all')
        for _ in range(500):
            if not any(os.path.exists(f'/proc/net/pktgen/{n}') for n in self.names):
                return
            time.sleep(0.01)
        raise RuntimeError(f'pktgen did not release {self.names}')


def pktgen_rate(dev, cpus=1):
    gen = Pktgen(dev, 60) if cpus == 1 else PktgenPair(dev, 60)
    try:
        return measure(gen, gen.sofar)
    finally:
        gen.close()


def master_runs(cmp, case, masters, cpus=1, runs=None):
    """MASTERS: {implementation: (kind, mode, nlinks)}; pktgen on each,
    from one CPU or from CPUS (2) at once, RUNS rounds (PAIRED_RUNS)."""
    made, results = [], {k: [] for k in masters}
    try:
        for i, (impl, spec) in enumerate(masters.items()):
            if spec[0] == 'dummy':
                dummy(f'bm{i}', qdisc=False)
                made.append([f'bm{i}'])
            else:
                made.append(make_master(spec[0], f'bm{i}', spec[1], spec[2]))
        index = {impl: i for i, impl in enumerate(masters)}
        for order in rounds(masters, runs):
            for impl in order:
                results[impl].append(pktgen_rate(f'bm{index[impl]}', cpus))
    finally:
        for devs in made:
            for d in devs:
                ip('link', 'del', d, check=False)
    extra = {'icount_shift': int(ICOUNT)} if ICOUNT else {}
    for impl, vals in results.items():
        emit(cmp=cmp, case=case, impl=impl, unit='pps', **extra, **summary(vals))
        log(f'{cmp} {case:12} {impl:12} {statistics.median(vals):12.0f} pps')


def bench_aggregation():
    clock = ', icount' if ICOUNT else ''
    sh('modprobe', 'bonding', 'max_bonds=0')
    sh('modprobe', 'team')
    for mode in ('rr', 'all', 'failover'):
        for n in (2, 4):
            master_runs(3, f'{mode}/{n}{clock}', {
                'one2many': ('one2many', mode, n),
                'bonding': ('bonding', mode, n),
                'team': ('team', mode, n),
            })
    # From both CPUs at once: the round-robin turn and the failover link
    # read by two senders (a shared counter's cache line bouncing).
    for mode in ('rr', 'failover'):
        master_runs(3, f'{mode}/2, 2 CPUs{clock}', {
            'one2many': ('one2many', mode, 2),
            'bonding': ('bonding', mode, 2),
            'team': ('team', mode, 2),
        }, cpus=2)


def bench_overhead():
    master_runs(4, '1 link', {
        'dummy': ('dummy',),
        'one2many': ('one2many', 'rr', 1),
        'bonding': ('bonding', 'rr', 1),
    })


def bench_scaling():
    for mode in ('rr', 'failover'):
        master_runs(5, mode, {f'{n} links': ('one2many', mode, n) for n in (1, 2, 4, 16, 64)},
                    runs=RUNS)


# --- 6: failover gap ----------------------------------------------------------

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


class LinkDown(threading.Thread):
    """Takes DEV in namespace NS down with one rtnetlink request when go() is
    called, and notes the time just before it: no process start in between."""

    def __init__(self, ns, dev):
        super().__init__(daemon=True)
        self.ns, self.dev = ns, dev
        self.ready, self.trigger = threading.Event(), threading.Event()
        self.when = self.done = None
        self.start()
        self.ready.wait()

    def run(self):
        fd = os.open(f'/run/netns/{self.ns}', os.O_RDONLY)
        if libc.setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), 'setns')
        os.close(fd)
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
        ifindex = socket.if_nametoindex(self.dev)
        # RTM_NEWLINK, NLM_F_REQUEST|NLM_F_ACK; ifinfomsg: change IFF_UP to 0
        body = struct.pack('=BxHiII', socket.AF_UNSPEC, 0, ifindex, 0, 1)
        msg = struct.pack('=IHHII', 16 + len(body), 16, 0x1 | 0x4, 1, 0) + body
        self.ready.set()
        self.trigger.wait()
        self.when = time.time()
        s.send(msg)
        s.recv(4096)
        # The request returns once the peer is closed and our end has lost
        # its carrier: until then no device above could know.
        self.done = time.time()
        s.close()

    def go(self):
        self.trigger.set()
        self.join()
        return self.when, self.done


def first_frame(pcap):
    """(time, sequence number) of the first frame in a nanosecond pcap."""
    with open(pcap, 'rb') as f:
        data = f.read()
    if len(data) < 24 + 16 + 18:
        return None
    sec, nsec = struct.unpack_from('=II', data, 24)
    seq = struct.unpack_from('!I', data, 40 + 14)[0]
    return sec + nsec / 1e9, seq


def link_stats(ns, dev):
    out = json.loads(sh('ip', '-n', ns, '-j', '-s', 'link', 'show', dev))
    return out[0]['stats64']


def capture_first(ns, dev, cap):
    """tcpdump for the first test frame DEV receives from its link (-Q in),
    nanosecond timestamps, into CAP; returns once it listens."""
    tcpd = subprocess.Popen(
        ['ip', 'netns', 'exec', ns, 'tcpdump', '-c', '1', '-s', '64', '-ni', dev, '-Q', 'in',
         '--immediate-mode', '--time-stamp-precision', 'nano', '-w', cap,
         'ether', 'proto', '0x88b5'],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = tcpd.stderr.readline()
    if 'listening' not in line:
        tcpd.kill()
        raise RuntimeError(f'tcpdump: {line}')
    return tcpd


def add_netns(*names):
    """Network namespaces without IPv6, whose chatter would land in counts."""
    for ns in names:
        ip('netns', 'add', ns)
        sh('sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1',
           'net.ipv6.conf.default.disable_ipv6=1', ns=ns)


def watch_pending(ns):
    """o2mctl -j -t monitor in NS, once it listens: the times its events
    arrive tell when one2many learned of a carrier change (its link-pending
    event), which linkwatch reports some time after the carrier went."""
    mon = subprocess.Popen(['ip', 'netns', 'exec', ns, O2MCTL, '-j', '-t', 'monitor'],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = mon.stderr.readline()
    if 'monitoring' not in line:
        mon.kill()
        mon.communicate()
        raise RuntimeError(f'o2mctl monitor: {line}')
    return mon


def pending_since(mon, dev):
    """When (time.time()) the monitor heard DEV's link go pending down."""
    mon.terminate()
    out, _ = mon.communicate(timeout=5)
    for line in out.splitlines():
        try:
            e = json.loads(line)
        except ValueError:
            log(f'o2mctl monitor: not JSON: {line[:80]}')
            continue
        link = e.get('link', {})
        if e.get('event') == 'link-pending' and link.get('ifname') == dev and \
                link.get('pending') == 'down':
            t = e['time']       # 2026-12-02T10:59:49.123456Z
            return calendar.timegm(time.strptime(t[:19], '%Y-%m-%dT%H:%M:%S')) + \
                float('0' + t[19:-1])
    return None


RECEIVER_MAC = '02:00:00:00:00:b0'


def sink_add(ns, name, dev, *conf):
    sh(O2MCTL, 'sink', 'add', name, 'dev', dev, *conf, ns=ns)


def sink_stats(ns, name):
    return json.loads(sh(O2MCTL, '-j', 'sink', 'stats', name, ns=ns))['stats']


def gap_run(impl, pps=100000, downdelay=0):
    """The master's two veth links end in one namespace, on a bridge whose
    own address the frames are sent to; a sink there reads the counter the
    source writes: the frames lost, and the longest gap between two, the
    one from the last frame through the old link to the first through the
    new. A capture on the new link's peer stamps that first frame, for the
    time from the close."""
    tag = f'{os.getpid()}'
    nsA, nsP = f'gapA{tag}', f'gapP{tag}'
    add_netns(nsA, nsP)
    cap = tcpd = src = mon = None
    try:
        if impl == 'one2many':
            ip('-n', nsA, 'link', 'add', 'm0', 'type', 'one2many', 'mode', 'failover',
               'detect', 'carrier', 'downdelay', str(downdelay))
        else:
            ip('-n', nsA, 'link', 'add', 'm0', 'type', 'bond', 'mode', 'active-backup',
               'miimon', impl.split('miimon ')[1], 'downdelay', str(downdelay))
        ip('-n', nsP, 'link', 'add', 'br0', 'address', RECEIVER_MAC, 'type', 'bridge',
           'stp_state', '0')
        for i in (0, 1):
            ip('-n', nsA, 'link', 'add', f'v{i}', 'type', 'veth', 'peer', 'name', f'p{i}',
               'netns', nsP)
            ip('-n', nsP, 'link', 'set', f'p{i}', 'master', 'br0')
            ip('-n', nsP, 'link', 'set', f'p{i}', 'up')
            ip('-n', nsA, 'link', 'set', f'v{i}', 'master', 'm0')
        ip('-n', nsP, 'link', 'set', 'br0', 'up')
        ip('-n', nsA, 'link', 'set', 'm0', 'up')
        sink_add(nsP, 'gap', 'br0', 'ethertype', '0x88b5', 'counter', '14', '4')
        time.sleep(0.3)
        cap = f'/tmp/gap-{tag}.pcap'
        tcpd = capture_first(nsP, 'p1', cap)
        src = O2mSource('m0', 60, pps, ns=nsA, dst=RECEIVER_MAC)
        src.ctl('counter', src.src, '0', 'on', 'offset', '14', 'width', '4', 'next', '0')
        down = LinkDown(nsP, 'p0')
        if downdelay and impl == 'one2many':
            mon = watch_pending(nsA)
        src.start()
        time.sleep(0.5)
        # The gap and the losses of the switch alone, not of the start.
        sh(O2MCTL, 'sink', 'clear', 'gap', ns=nsP)
        when, done = down.go()
        # The switch may take a while (bonding's miimon 1 under TCG): the
        # source runs until the new link's first frame.
        time.sleep(0.4)
        tcpd.wait(timeout=5 + 10 * downdelay / 1e3)
        src.stop()
        first = first_frame(cap)
        delivered = link_stats(nsP, 'p0')['rx']['packets']
        dropped = link_stats(nsA, 'v0')['tx']['dropped']
        src.close()
        sink = sink_stats(nsP, 'gap')
        noticed = pending_since(mon, 'v0') if mon else None
        if not first:
            return None
        r = {'gap_ms': sink['gap_max'] / 1e6, 'lost': sink['lost'],
             'capture_gap_ms': (first[0] - when) * 1e3, 'capture_lost': first[1] - delivered,
             'dropped_on_dead_link': dropped, 'close_ms': (done - when) * 1e3,
             'after_close_ms': (first[0] - done) * 1e3}
        if noticed:
            r['after_notice_ms'] = (first[0] - noticed) * 1e3
            r['notice_ms'] = (noticed - done) * 1e3
        return r
    finally:
        if tcpd and tcpd.poll() is None:
            tcpd.kill()
        if mon and mon.poll() is None:
            mon.kill()
            mon.communicate()
        if src:     # gone already, unless the run failed half-way
            sh(O2MCTL, 'source', 'del', src.src, ns=src.ns, check=False)
        for ns in (nsA, nsP):
            ip('netns', 'del', ns, check=False)
        if cap and os.path.exists(cap):
            os.unlink(cap)


def bench_failover_gap():
    impls = ('one2many', 'bonding miimon 100', 'bonding miimon 1')
    results = {i: [] for i in impls}
    for _ in range(RUNS):
        for impl in impls:
            r = gap_run(impl)
            if r:
                results[impl].append(r)
    for impl, rs in results.items():
        if not rs:
            emit(cmp=6, case='100k pps', impl=impl, unit='ms', error='no frame on the new link')
            continue
        gaps = [r['gap_ms'] for r in rs]
        lost = [r['lost'] for r in rs]
        emit(cmp=6, case='100k pps', impl=impl, unit='ms', **summary(gaps),
             lost=summary(lost), dropped=summary([r['dropped_on_dead_link'] for r in rs]),
             close_ms=summary([r['close_ms'] for r in rs]),
             after_close_ms=summary([r['after_close_ms'] for r in rs]),
             capture_gap_ms=summary([r['capture_gap_ms'] for r in rs]),
             capture_lost=summary([r['capture_lost'] for r in rs]), pps=100000)
        cgaps = [r['capture_gap_ms'] for r in rs]
        clost = [r['capture_lost'] for r in rs]
        log(f'6 gap {impl:20} {statistics.median(gaps):8.3f} ms, '
            f'lost {statistics.median(lost)} (median, by the sink); by the capture '
            f'{statistics.median(cgaps):.3f} ms from the request, lost {statistics.median(clost)}')


# --- 7: hold-down accuracy -----------------------------------------------------

def kernel_hz():
    """CONFIG_HZ of the running kernel (its config is on the host's /boot)."""
    try:
        with open(f'/boot/config-{os.uname().release}') as f:
            for line in f:
                if line.startswith('CONFIG_HZ='):
                    return int(line.split('=')[1])
    except OSError:
        pass
    return None


def bench_holddown(downdelay=200):
    """As 6, with a downdelay: the new link's first frame should come the
    downdelay after our end of the veth lost its carrier (when the peer's
    close returned), no later. The error is that time minus the downdelay.
    For one2many also from when it learned of the loss (its link-pending
    event, which linkwatch delivers after the close): the hold-down's own
    error, without linkwatch's delay, which every device above pays."""
    impls = ('one2many', 'bonding miimon 1', 'bonding miimon 100')
    results = {i: [] for i in impls}
    notice, linkwatch = [], []
    for _ in range(RUNS):
        for impl in impls:
            try:
                r = gap_run(impl, downdelay=downdelay)
            except (RuntimeError, subprocess.SubprocessError) as e:
                log(f'7 hold-down {impl}: {e}')
                continue
            if r:
                results[impl].append(r['after_close_ms'] - downdelay)
                if 'after_notice_ms' in r:
                    notice.append(r['after_notice_ms'] - downdelay)
                    linkwatch.append(r['notice_ms'])
                elif impl == 'one2many':
                    log('7 hold-down one2many: no link-pending event heard in this run')
    case = f'downdelay {downdelay} ms'
    for impl, errs in results.items():
        if not errs:
            emit(cmp=7, case=case, impl=impl, unit='ms', error='no frame on the new link')
            continue
        extra = {}
        if impl == 'one2many' and notice:
            extra = {'from_notice': summary(notice), 'notice_ms': summary(linkwatch)}
        emit(cmp=7, case=case, impl=impl, unit='ms', **summary(errs), hz=kernel_hz(), **extra)
        log(f'7 hold-down {impl:20} {statistics.median(errs):+8.3f} ms (median error from the close)'
            + (f', {statistics.median(notice):+.3f} ms from its event' if extra else ''))


# --- 8: path dies, carrier stays ----------------------------------------------

def wait_until(cond, timeout=10.0):
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise RuntimeError('timed out waiting for the links')
        time.sleep(0.05)


def path_run(impl, interval=100, misses=3, pps=10000):
    """Two paths from the master to a target 192.0.2.1, each through a bridge
    of its own (namespaces P0, P1) into the target's bridge (T). The far side
    of path 0 goes (c0 down: p0 and the master's link keep their carrier).
    one2many probes (detect probe), an active-backup bond ARP-monitors, with
    the same interval and miss count. Returns the time from the break to the
    first frame on path 1, and the frames lost meanwhile."""
    tag = f'{os.getpid()}'
    nsA, nsT, nsP = f'pathA{tag}', f'pathT{tag}', [f'pathP{i}{tag}' for i in (0, 1)]
    add_netns(nsA, nsT, *nsP)
    cap = tcpd = src = None
    try:
        if impl == 'one2many':
            ip('-n', nsA, 'link', 'add', 'm0', 'type', 'one2many', 'mode', 'failover',
               'detect', 'probe', 'probe_targets', '192.0.2.1',
               'probe_interval', str(interval), 'probe_misses', str(misses))
        else:
            ip('-n', nsA, 'link', 'add', 'm0', 'type', 'bond', 'mode', 'active-backup',
               'arp_interval', str(interval), 'arp_ip_target', '192.0.2.1',
               'arp_validate', 'all', 'arp_missed_max', str(misses))
        ip('-n', nsT, 'link', 'add', 'brT', 'type', 'bridge')
        for i in (0, 1):
            ip('-n', nsA, 'link', 'add', f'v{i}', 'type', 'veth', 'peer', 'name', f'p{i}',
               'netns', nsP[i])
            ip('-n', nsP[i], 'link', 'add', f'c{i}', 'type', 'veth', 'peer', 'name', f't{i}',
               'netns', nsT)
            ip('-n', nsP[i], 'link', 'add', 'brP', 'type', 'bridge')
            for dev in (f'p{i}', f'c{i}'):
                ip('-n', nsP[i], 'link', 'set', dev, 'master', 'brP', 'up')
            ip('-n', nsP[i], 'link', 'set', 'brP', 'up')
            ip('-n', nsT, 'link', 'set', f't{i}', 'master', 'brT', 'up')
            ip('-n', nsA, 'link', 'set', f'v{i}', 'master', 'm0')
        ip('-n', nsT, 'addr', 'add', '192.0.2.1/24', 'dev', 'brT')
        ip('-n', nsT, 'link', 'set', 'brT', 'up')
        ip('-n', nsA, 'addr', 'add', '192.0.2.10/24', 'dev', 'm0')
        ip('-n', nsA, 'link', 'set', 'm0', 'up')
        if impl == 'one2many':
            wait_until(lambda: json.loads(sh(O2MCTL, '-j', 'link', 'show', 'm0', ns=nsA))[0]
                       ['active_count'] == 2)
        else:
            # Path 0 first, as one2many's failover takes link 0.
            ip('-n', nsA, 'link', 'set', 'm0', 'type', 'bond', 'primary', 'v0')
            wait_until(lambda: all(
                sh('cat', f'/sys/class/net/v{i}/bonding_slave/mii_status', ns=nsA).strip() ==
                'up' for i in (0, 1)) and
                sh('cat', '/sys/class/net/m0/bonding/active_slave', ns=nsA).strip() == 'v0')
        cap = f'/tmp/path-{tag}.pcap'
        tcpd = capture_first(nsP[1], 'p1', cap)
        src = O2mSource('m0', 60, pps, ns=nsA)
        src.ctl('counter', src.src, '0', 'on', 'offset', '14', 'width', '4', 'next', '0')
        down = LinkDown(nsP[0], 'c0')
        base = link_stats(nsT, 't0')['rx']['packets']
        src.start()
        time.sleep(0.5)
        when, _ = down.go()
        tcpd.wait(timeout=10 + 0.01 * interval * misses)
        src.stop()
        first = first_frame(cap)
        # What reached the target over path 0 (a few probes among them).
        delivered = link_stats(nsT, 't0')['rx']['packets'] - base
        src.close()
        if not first:
            return None
        return {'gap_ms': (first[0] - when) * 1e3, 'lost': max(first[1] - delivered, 0)}
    finally:
        if tcpd and tcpd.poll() is None:
            tcpd.kill()
        if src:
            sh(O2MCTL, 'source', 'del', src.src, ns=src.ns, check=False)
        for ns in (nsA, nsT, *nsP):
            ip('netns', 'del', ns, check=False)
        if cap and os.path.exists(cap):
            os.unlink(cap)


def bench_path(interval=100, misses=3, pps=10000):
    impls = ('one2many', 'bonding arp')
    results = {i: [] for i in impls}
    for _ in range(RUNS):
        for impl in impls:
            try:
                r = path_run(impl, interval, misses, pps)
            except (RuntimeError, subprocess.SubprocessError) as e:
                log(f'8 path {impl}: {e}')
                continue
            if r:
                results[impl].append(r)
    case = f'interval {interval} ms x {misses}'
    for impl, rs in results.items():
        if not rs:
            emit(cmp=8, case=case, impl=impl, unit='ms', error='no frame on the new path')
            continue
        gaps = [r['gap_ms'] for r in rs]
        emit(cmp=8, case=case, impl=impl, unit='ms', **summary(gaps),
             lost=summary([r['lost'] for r in rs]), window_ms=interval * misses, pps=pps)
        log(f'8 path {impl:12} {statistics.median(gaps):8.1f} ms (median), '
            f'lost {statistics.median([r["lost"] for r in rs])}')


# --- 9, 10: the sink --------------------------------------------------------

def veth_into(nsA, nsB, a='s0', b='r0'):
    ip('-n', nsA, 'link', 'add', a, 'type', 'veth', 'peer', 'name', b, 'netns', nsB)
    ip('-n', nsA, 'link', 'set', a, 'up')
    ip('-n', nsB, 'link', 'set', b, 'up')


def ns_counter(ns, dev, name='rx_packets'):
    """One of DEV's counters in NS, from its sysfs (a netns sees its own)."""
    return int(sh('cat', f'/sys/class/net/{dev}/statistics/{name}', ns=ns))


def tcpdump_captured(tcpd):
    """Frames tcpdump has captured so far: SIGUSR1 has it print its counts."""
    tcpd.send_signal(signal.SIGUSR1)
    while True:
        line = tcpd.stderr.readline()
        if not line:
            raise RuntimeError('tcpdump ended')
        if ' captured' in line:
            return int(line.split(' packet')[0].split()[-1])


def rx_rate_run(reader, nsA, nsB):
    """(frames per second READER counted, the share of the arrived frames
    that is) while an unlimited source on CPU 0 sends 64-byte frames with a
    counter into the veth; a veth receives on the sending CPU, so each
    reader's kernel work shares CPU 0 with the source. 'none' counts what
    arrived."""
    src = tcpd = None
    try:
        src = O2mSource('s0', 60, 0, ns=nsA, cpu=0)
        src.ctl('counter', src.src, '0', 'on', 'offset', '14', 'width', '4', 'next', '0')
        if reader == 'sink':
            sink_add(nsB, 'rate', 'r0', 'ethertype', '0x88b5', 'counter', '14', '4')
            count = lambda: sink_stats(nsB, 'rate')['frames']
        elif reader == 'tcpdump':
            # libpcap's best for counting: TPACKET_V3's ring, a big buffer,
            # the headers only, written nowhere.
            tcpd = subprocess.Popen(
                ['ip', 'netns', 'exec', nsB, 'tcpdump', '-ni', 'r0', '-Q', 'in', '-s', '64',
                 '-B', '65536', '-w', '/dev/null', 'ether', 'proto', '0x88b5'],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            line = tcpd.stderr.readline()
            if 'listening' not in line:
                raise RuntimeError(f'tcpdump: {line}')
            count = lambda: tcpdump_captured(tcpd)
        else:
            count = lambda: ns_counter(nsB, 'r0')
        src.start()
        time.sleep(WARMUP)
        # Each read takes a process or a signal: time it at its middle.
        t = time.monotonic()
        c0 = count()
        t0 = (t + time.monotonic()) / 2
        a0 = ns_counter(nsB, 'r0')
        time.sleep(2 * WINDOW)
        t = time.monotonic()
        c1 = count()
        t1 = (t + time.monotonic()) / 2
        a1 = ns_counter(nsB, 'r0')
        return (c1 - c0) / (t1 - t0), (c1 - c0) / max(1, a1 - a0)
    finally:
        if tcpd:
            tcpd.kill()
            tcpd.communicate()
        if src:
            sh(O2MCTL, 'source', 'stop', src.src, ns=nsA, check=False)
            sh(O2MCTL, 'source', 'del', src.src, ns=nsA, check=False)
        if reader == 'sink':
            sh(O2MCTL, 'sink', 'del', 'rate', ns=nsB, check=False)


def bench_sink_rate():
    tag = f'{os.getpid()}'
    nsA, nsB = f'srA{tag}', f'srB{tag}'
    add_netns(nsA, nsB)
    readers = ('sink', 'tcpdump', 'none')
    rates, shares = {r: [] for r in readers}, {r: [] for r in readers}
    try:
        veth_into(nsA, nsB)
        for _ in range(RUNS):
            for reader in readers:
                rate, share = rx_rate_run(reader, nsA, nsB)
                rates[reader].append(rate)
                shares[reader].append(share)
    finally:
        for ns in (nsA, nsB):
            ip('netns', 'del', ns, check=False)
    for reader in readers:
        emit(cmp=9, case='64B', impl=reader, unit='pps', **summary(rates[reader]),
             share=summary(shares[reader]))
        log(f'9 64B          {reader:12} {statistics.median(rates[reader]):12.0f} pps, '
            f'{100 * statistics.median(shares[reader]):.2f}% of what arrived')


def latency_run(path, nsA, nsB, pps=10000):
    """(mean, p50, p99) latency in ns, read by a sink, of frames from a
    source at PPS through PATH: 'direct' (a veth), or a one2many (failover)
    or active-backup bond whose one link is the veth."""
    dev, src = 's0', None
    try:
        if path != 'direct':
            if path == 'one2many':
                ip('-n', nsA, 'link', 'add', 'm0', 'type', 'one2many', 'mode', 'failover')
            else:
                ip('-n', nsA, 'link', 'add', 'm0', 'type', 'bond', 'mode', 'active-backup',
                   'miimon', '100')
                ip('-n', nsA, 'link', 'set', 's0', 'down')
            ip('-n', nsA, 'link', 'set', 's0', 'master', 'm0')
            ip('-n', nsA, 'link', 'set', 's0', 'up')
            ip('-n', nsA, 'link', 'set', 'm0', 'up')
            dev = 'm0'
        wait_until(lambda: 'LOWER_UP' in ip('-n', nsA, 'link', 'show', dev))
        sink_add(nsB, 'lat', 'r0', 'ethertype', '0x88b5', 'timestamp', '14', 'ns')
        src = O2mSource(dev, 60, pps, ns=nsA, cpu=0)
        src.ctl('timestamp', src.src, 'on', 'offset', '14', 'format', 'ns')
        src.start()
        time.sleep(2 * WINDOW)
        src.stop()
        lat = sink_stats(nsB, 'lat')['latency']
        return lat['mean'], lat['p50'], lat['p99']
    finally:
        if src:
            sh(O2MCTL, 'source', 'del', src.src, ns=nsA, check=False)
        sh(O2MCTL, 'sink', 'del', 'lat', ns=nsB, check=False)
        if path != 'direct':
            ip('-n', nsA, 'link', 'del', 'm0', check=False)
            # A bond closes the links it lets go.
            ip('-n', nsA, 'link', 'set', 's0', 'up', check=False)


def bench_latency():
    sh('modprobe', 'bonding', 'max_bonds=0')
    tag = f'{os.getpid()}'
    nsA, nsB = f'laA{tag}', f'laB{tag}'
    add_netns(nsA, nsB)
    paths = ('direct', 'one2many', 'bonding')
    res = {p: [] for p in paths}
    try:
        veth_into(nsA, nsB)
        for _ in range(RUNS):
            for path in paths:
                res[path].append(latency_run(path, nsA, nsB))
    finally:
        for ns in (nsA, nsB):
            ip('netns', 'del', ns, check=False)
    for path in paths:
        # The mean is exact; the percentiles are their buckets' tops.
        means = [r[0] for r in res[path]]
        emit(cmp=10, case='10k pps', impl=path, unit='ns', **summary(means),
             p50=summary([r[1] for r in res[path]]), p99=summary([r[2] for r in res[path]]))
        log(f'10 latency     {path:12} mean {statistics.median(means) / 1e3:8.1f} us, '
            f'p99 {statistics.median(r[2] for r in res[path]) / 1e3:8.1f} us')


BENCHES = {
    1: ('generator speed', bench_speed),
    2: ('pacing accuracy', bench_pacing),
    3: ('aggregation cost', bench_aggregation),
    4: ('overhead', bench_overhead),
    5: ('scaling', bench_scaling),
    6: ('failover gap', bench_failover_gap),
    7: ('hold-down accuracy', bench_holddown),
    8: ('path dies, carrier stays', bench_path),
    9: ('sink receive rate', bench_sink_rate),
    10: ('latency through a master', bench_latency),
}


def hold_timestamps():
    """Turns the kernel's receive timestamps on for the whole run and returns
    the socket that holds them on. The first tcpdump (comparison 6) would
    otherwise turn them on mid-run: a static key, whose code is patched
    while another CPU receives a flood. Under TCG that once ended in an
    "Oops: int3" at the key's site in __netif_receive_skb_core; and a
    comparison should not pay for the patching either."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMP, 1)
    return s


def main():
    stamps = hold_timestamps()
    for m in ('one2many', 'o2m_source'):
        if not os.path.exists(f'/sys/module/{m}'):
            sh('insmod', f'{MODULES}/{m}/{m}.ko')
    sh('modprobe', 'pktgen')
    sh('modprobe', 'dummy', 'numdummies=0')
    emit(meta=True, kernel=os.uname().release, cpus=os.cpu_count(), runs=RUNS, icount=ICOUNT,
         paired_runs=PAIRED_RUNS, window=WINDOW, started=time.time())
    for n, (title, fn) in BENCHES.items():
        if ONLY and n not in ONLY:
            continue
        log(f'comparison {n}: {title}')
        t = time.monotonic()
        try:
            fn()
        except Exception as e:  # a broken comparison must not hide the others
            emit(cmp=n, error=str(e))
            log(f'comparison {n} failed: {e}')
        log(f'comparison {n}: {time.monotonic() - t:.0f} s')
    stamps.close()


if __name__ == '__main__':
    main()
