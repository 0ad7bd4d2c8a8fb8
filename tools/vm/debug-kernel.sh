# SPDX-License-Identifier: GPL-2.0
# The debug kernel for `make check-debug`: Debian's linux-source-6.1 built
# with x86_64_defconfig + kvm_guest.config + tools/vm/debug.config.
# Built once and cached outside the clone; rebuilt when the fragment changes.
# Sourced by tools/vm/run; run directly to build.

_o2m_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$_o2m_here/kernels.sh"
O2M_DEBUG_DIR=$(o2m_cache_dir)/debug-kernel

# Only the fragment decides whether the cached kernel is still the right one.
o2m_debug_stamp() {
	md5sum <"$_o2m_here/debug.config" | cut -c1-16
}

o2m_debug_kernel_ready() {
	if [ ! -s "$O2M_DEBUG_DIR/bzImage" ] ||
	   [ "$(cat "$O2M_DEBUG_DIR/stamp" 2>/dev/null)" != "$(o2m_debug_stamp)" ]; then
		echo "debug kernel not built or stale: run tools/vm/debug-kernel.sh" >&2
		return 1
	fi
}

o2m_debug_kernel_build() {
	local tarball src jobs stamp
	tarball=$(ls -1 /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n1)
	if [ -z "$tarball" ]; then
		echo "debug-kernel: /usr/src/linux-source-6.1.tar.* missing (make deps-debug)" >&2
		return 1
	fi
	jobs=$(nproc)
	# The fragment as it is now: one edited during the build rebuilds again.
	stamp=$(o2m_debug_stamp)
	src=$O2M_DEBUG_DIR/src
	rm -rf "$O2M_DEBUG_DIR"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1 || return 1
	# No "set -e" here: bash ignores it in a subshell whose status is
	# tested, so every step says itself that a failure ends the build.
	(
		cd "$src" || exit 1
		make -s x86_64_defconfig || exit 1
		scripts/kconfig/merge_config.sh -m .config kernel/configs/kvm_guest.config \
			"$_o2m_here/debug.config" >/dev/null || exit 1
		make -s olddefconfig || exit 1
		# Every line of the fragment must have survived olddefconfig:
		# one that did not (a dependency missing) is an error.
		bad=0
		while read -r want; do
			sym=${want%%=*}
			case $want in
			*=n) ! grep -q "^$sym=[ym]" .config ;;
			*) grep -qxF "$want" .config ;;
			esac && continue
			echo "debug-kernel: error: $want did not take; .config has:" \
				"$(grep "^# $sym is not set\|^$sym=" .config || echo "nothing of it")" >&2
			bad=1
		done < <(grep -E '^CONFIG_' "$_o2m_here/debug.config")
		[ $bad = 0 ] || exit 1
		make -s -j"$jobs" bzImage modules || exit 1
		make -s modules_install INSTALL_MOD_PATH="$O2M_DEBUG_DIR/modules" \
			INSTALL_MOD_STRIP=1 || exit 1
		make -s kernelrelease >"$O2M_DEBUG_DIR/release" || exit 1
		# The bzImage: this KASAN kernel does not come up through the
		# PVH entry of its ELF vmlinux.
		cp arch/x86/boot/bzImage "$O2M_DEBUG_DIR/bzImage"
	) || return 1
	# Keep what out-of-tree modules build against; drop the rest.
	echo "$stamp" >"$O2M_DEBUG_DIR/stamp"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	if o2m_debug_kernel_ready 2>/dev/null; then
		echo "debug kernel up to date: $O2M_DEBUG_DIR"
		exit 0
	fi
	o2m_debug_kernel_build
fi
