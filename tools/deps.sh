#!/bin/bash
# Install everything the build, the VM rig and the tests need on Debian 12, as root.
# Idempotent, and quick when everything is present already.
#
# The 6.12 kernel comes from bookworm-backports. Its mirror is taken from the
# machine's own apt sources, never hard-coded.
set -eu

KERNELS_61=(linux-image-amd64 linux-headers-amd64)
BPO_PKGS=(linux-image-amd64/bookworm-backports linux-headers-amd64/bookworm-backports)
PKGS=(build-essential make gcc bc bison flex libelf-dev libssl-dev
      qemu-system-x86 busybox-static kmod cpio iproute2 tcpdump
      libnl-3-dev libnl-genl-3-dev libnl-route-3-dev pkg-config sparse
      python3 python3-yaml ethtool netsniff-ng procps util-linux xz-utils zstd
      groff man-db bash-completion dkms gnuplot-nox libteam-utils
      libpcap-dev libjson-c-dev jq)

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: must run as root to install packages" >&2
		exit 1
	fi
}

# The URI of the first Debian mirror the machine already uses for bookworm.
mirror_uri() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk '
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") ok = 1 }
			/^$/ { if (ok && uri != "") { print uri; exit } ok = 0; uri = "" }
			END { if (ok && uri != "") print uri }
		' "$f" | head -n1
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' "$f" | sed 's/\[.*\]//'
	done
}

have_backports() {
	grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/
}

pkgs_missing() {
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	echo "${missing[@]:-}"
}

# Newest installed kernel version of a series, from /lib/modules.
kver_of() {
	ls -1 /lib/modules 2>/dev/null | grep "^${1//./\\.}\..*-amd64$" | sort -V | tail -n1
}

main() {
	local missing
	export DEBIAN_FRONTEND=noninteractive

	if [ "${1:-}" = --debug ]; then
		# The debug kernel's source, for make check-debug.
		if ! ls /usr/src/linux-source-6.1.tar.* >/dev/null 2>&1; then
			need_root
			apt-get update -qq
			apt-get install -y -qq --no-install-recommends linux-source-6.1 >/dev/null
		fi
	fi

	missing=$(pkgs_missing "${PKGS[@]}" "${KERNELS_61[@]}")
	if [ -z "$(kver_of 6.1)" ] || [ -z "$(kver_of 6.12)" ] || [ -n "$missing" ]; then
		need_root
		if ! have_backports; then
			local uri
			uri=$(mirror_uri | head -n1)
			if [ -z "$uri" ]; then
				echo "deps.sh: no Debian bookworm mirror in the apt sources" >&2
				exit 1
			fi
			printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
				"$uri" >/etc/apt/sources.list.d/o2m-backports.sources
		fi
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${PKGS[@]}" "${KERNELS_61[@]}" >/dev/null
		if [ -z "$(kver_of 6.12)" ]; then
			apt-get install -y -qq --no-install-recommends "${BPO_PKGS[@]}" >/dev/null
		fi
	fi
}

main "$@"
