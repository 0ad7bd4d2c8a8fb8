#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of selftests/rig/reports.sh: provoke each kind of kernel report
# with the o2m_rig module, each between "o2m-rig-test: begin/end CLASS" marks
# in the kernel log, and say on stdout which were provoked and which this
# kernel cannot report.
# Usage (in the VM): selftests/rig/provoke.sh O2M_RIG_KO
set -u
ko=$1
param=/sys/module/o2m_rig/parameters/provoke

mark() { echo "o2m-rig-test: $1 $2" >/dev/kmsg; }

# provoke CLASS [VALUE]: write VALUE (default CLASS) to the module's knob.
provoke() {
	local class=$1 err
	mark begin "$class"
	if err=$(echo "${2:-$1}" 2>&1 >"$param"); then
		echo "provoked $class"
	elif [[ $err == *"not supported"* ]]; then
		echo "unsupported $class"
	else
		echo "error $class: $err"
	fi
	mark end "$class"
}

# wait_log TEXT SECONDS [CLASS]: wait until the kernel log says TEXT (after
# CLASS's begin mark, if given).
wait_log() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		dmesg | sed -n "/o2m-rig-test: begin ${3:-}/,\$p" | grep -q "$1" && return 0
		sleep 0.1
	done
	return 1
}

insmod "$ko" || exit 1

provoke none
provoke warn
provoke pagealloc
provoke lockdep
provoke kasan
provoke ubsan

# A task in D state for 8 s, found by khungtaskd after 2.
sysctl -qw kernel.hung_task_timeout_secs=2
provoke hung
sysctl -qw kernel.hung_task_timeout_secs=60

# 6 s without a schedule on one CPU: a soft lockup after 2 s.
sysctl -qw kernel.watchdog_thresh=1
provoke softlockup
sysctl -qw kernel.watchdog_thresh=10

# 8 s inside an RCU reader with preemption off while another CPU waits for a
# grace period: a stall after 3 s. The soft-lockup detector is off meanwhile,
# so that only the stall speaks.
stall=/sys/module/rcupdate/parameters/rcu_cpu_stall_timeout
old_stall=$(cat $stall)
sysctl -qw kernel.soft_watchdog=0
echo 3 >$stall
(sleep 1; ip link add rigrcu type dummy && ip link del rigrcu) &
provoke rcustall
wait
echo "$old_stall" >$stall
sysctl -qw kernel.soft_watchdog=1

# A device whose last reference is never given back cannot be unregistered.
ip link add rigleak type dummy
mark begin devleak
echo devleak:rigleak >$param && echo "provoked devleak"
ip link del rigleak &
wait_log "waiting for rigleak to become free" 20 devleak || echo "error devleak: no report in 20 s"
echo devput >$param
wait
mark end devleak

provoke refcount
provoke odebug

# provoke_oops CLASS TEXT: CLASS oopses in a kernel thread of its own; the
# stretch ends once the log says TEXT.
provoke_oops() {
	local err
	mark begin "$1"
	if err=$(echo "$1" 2>&1 >"$param"); then
		echo "provoked $1"
		wait_log "$2" 20 "$1" || echo "error $1: no report in 20 s"
	elif [[ $err == *"not supported"* ]]; then
		echo "unsupported $1"
	else
		echo "error $1: $err"
	fi
	mark end "$1"
}
provoke_oops gpf "general protection fault"
provoke_oops list "list_del corruption"

# A device whose queue stops for good once it has sent a frame: the qdisc
# watchdog names it after a second.
mark begin txstall
if echo txstall >"$param"; then
	echo "provoked txstall"
	ip link set rigstall up
	python3 -S -c '
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("rigstall", 0))
s.send(b"\xff" * 12 + b"\x88\xb5" + bytes(46))
s.send(b"\xff" * 12 + b"\x88\xb5" + bytes(46))'
	wait_log "NETDEV WATCHDOG" 20 txstall || echo "error txstall: no report in 20 s"
else
	echo "error txstall: could not make the device"
fi
mark end txstall

# A program of ours that crashes: the kernel names it.
mark begin segfault
python3 -S -c 'import ctypes; ctypes.string_at(0)' 2>/dev/null
echo "provoked segfault"
wait_log "segfault at" 10 segfault || echo "error segfault: no report in 10 s"
mark end segfault

# Reported at the end of the run: a leak that kmemleak's scan finds, and a
# module that cannot be unloaded.
provoke kmemleak
provoke pin

# Last: the writer dies with the oops, in a shell of its own.
mark begin bug
bash -c "echo bug >$param"
echo "provoked bug"
mark end bug
exit 0
