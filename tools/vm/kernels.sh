# Resolve the kernels the rig boots. Sourced by tools/vm/run, the Makefile and
# the selftest driver.
#
# o2m_kver SPEC prints the full version of an installed Debian kernel:
#   "6.1"  -> newest installed 6.1.x-amd64
#   "6.12" -> newest installed 6.12.x-amd64 (bookworm-backports)
#   a full version (as in /lib/modules) -> itself, if installed
#   "debug" -> the debug kernel built by tools/vm/debug-kernel.sh
o2m_cache_dir() {
	local d=${O2M_CACHE:-/var/cache/one2many}
	if mkdir -p "$d" 2>/dev/null && [ -w "$d" ]; then
		echo "$d"
	else
		d=${XDG_CACHE_HOME:-$HOME/.cache}/one2many
		mkdir -p "$d" && echo "$d"
	fi
}

o2m_kver() {
	local spec=$1 v
	if [ "$spec" = debug ]; then
		echo debug
		return 0
	fi
	if [ -d "/lib/modules/$spec/kernel" ]; then
		echo "$spec"
		return 0
	fi
	v=$(ls -1 /lib/modules 2>/dev/null | grep -E "^${spec//./\\.}\.[0-9]+.*-amd64$" | sort -V | tail -n1)
	if [ -z "$v" ]; then
		echo "no installed kernel matches '$spec' (run: make deps)" >&2
		return 1
	fi
	echo "$v"
}

# The kernels `make check` runs on, one per line.
o2m_kernels() {
	echo "${O2M_KERNELS:-6.1 6.12}" | tr ' ' '\n'
}
