#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: the man pages under man/ render without a warning, with groff
# (-ww: every warning) and with man(1); each has the sections a man page
# must have; and o2mctl.8 documents every command o2mctl lists: each
# top-level word of "o2mctl help" has a SYNOPSIS line "o2mctl WORD ...", and
# each command of "o2mctl OBJECT help" a SYNOPSIS line "o2mctl OBJECT ..."
# naming it. Without groff or man(1) the test is skipped (exit 4).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

for tool in groff man; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed (apt-get install groff man-db)"
		exit 4
	fi
done

# One locale for every run, so that man(1) has nothing to say about it.
if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
	export LC_ALL=C.UTF-8
else
	export LC_ALL=C
fi
export MANWIDTH=80 MAN_KEEP_STDERR=1 MANPAGER=cat PAGER=cat

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

shopt -s nullglob
pages=(man/man*/*.[0-9])
if [ ${#pages[@]} = 0 ]; then
	echo "FAIL: no man pages under man/man*/"
	exit 1
fi

for page in "${pages[@]}"; do
	# groff with every warning enabled; -z: format, print nothing
	if ! groff -ww -man -Tutf8 -z "$page" 2>"$tmp/groff.err" || [ -s "$tmp/groff.err" ]; then
		fail "$page: groff -ww -man reports:"
		sed 's/^/    /' "$tmp/groff.err"
	fi
	# man(1) as a reader runs it, with its own preprocessors and warnings
	if ! man --warnings -l "$page" >/dev/null 2>"$tmp/man.err" || [ -s "$tmp/man.err" ]; then
		fail "$page: man --warnings -l reports:"
		sed 's/^/    /' "$tmp/man.err"
	fi

	for section in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
		if ! grep -Eq "^\.SH +\"?$section\"? *\$" "$page"; then
			fail "$page: no $section section"
		fi
	done
	# .TH TITLE SECTION: the section the file's name and directory say
	ext=${page##*.}
	dir=${page%/*}
	th=$(awk '$1 == ".TH" { print $3; exit }' "$page")
	if [ "$th" != "$ext" ] || [ "${dir##*/man}" != "$ext" ]; then
		fail "$page: .TH says section \"$th\", the file is in man${dir##*/man} as .$ext"
	fi
done

# The commands o2mctl lists, as "OBJECT" (top level) or "OBJECT COMMAND"
# lines. From the binary when it is newer than its sources; otherwise from
# the sources' command tables (top_cmds[], link_cmds[], source_cmds[], ...).
o2mctl=tools/o2mctl/o2mctl
help_words() { # the first word of each command line (two spaces in) after "Commands:"
	awk 'seen && /^  [^ ]/ { print $1 } /^Commands:/ { seen = 1 }'
}
fresh=0
if [ -x "$o2mctl" ]; then
	fresh=1
	for src in tools/o2mctl/*.[ch]; do
		[ "$src" -nt "$o2mctl" ] && fresh=0
	done
fi
if [ $fresh = 1 ]; then
	echo "commands from $o2mctl help"
	timeout 10 "$o2mctl" help 2>/dev/null | help_words >"$tmp/top"
	while read -r obj; do
		timeout 10 "$o2mctl" "$obj" help 2>/dev/null | help_words | sed "s/^/$obj /"
	done <"$tmp/top" >"$tmp/sub"
else
	echo "commands from the tables in tools/o2mctl/*.c ($o2mctl is missing or older)"
	# { "word", handler, "help" } entries of "static const struct cmd X_cmds[]"
	awk '
		/^static const struct cmd [a-z_]+_cmds\[\]/ {
			table = $5; sub(/_cmds\[\].*/, "", table); next
		}
		table != "" && /^};/ { table = ""; next }
		table != "" && match($0, /\{ *"[^"]+"/) {
			word = substr($0, RSTART, RLENGTH); sub(/^\{ *"/, "", word); sub(/"$/, "", word)
			if (table == "top") print word; else print table " " word
		}' tools/o2mctl/*.c >"$tmp/all"
	grep -v ' ' "$tmp/all" >"$tmp/top"
	grep ' ' "$tmp/all" >"$tmp/sub"
fi
if [ ! -s "$tmp/top" ]; then
	fail "found no o2mctl commands to look for"
fi

page=man/man8/o2mctl.8
if [ ! -e "$page" ]; then
	fail "$page is missing"
else
	# The SYNOPSIS as plain text, one entry a line (no line is wrapped).
	groff -man -Tascii -rLL=2000n -P-cbou "$page" 2>/dev/null |
		awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' |
		sed 's/^ *//; s/  */ /g' >"$tmp/synopsis"
	while read -r word; do
		if ! grep -q "^o2mctl $word\\b" "$tmp/synopsis"; then
			fail "$page: no SYNOPSIS line \"o2mctl $word ...\" for the command o2mctl help lists"
		fi
	done <"$tmp/top"
	# "o2mctl link [ { show | list } [ DEV ] ...": the words after the
	# object, up to the first argument (a word with a capital), name the
	# commands the line is about.
	while read -r obj word; do
		if ! grep "^o2mctl $obj\\b" "$tmp/synopsis" |
			awk -v obj="$obj" -v word="$word" '
				{
					for (i = 3; i <= NF; i++) {
						if ($i ~ /[A-Z]/)
							break
						if ($i == word)
							found = 1
					}
				}
				END { exit !found }'; then
			fail "$page: no SYNOPSIS line \"o2mctl $obj ... $word ...\" for the command \"o2mctl $obj help\" lists"
		fi
	done <"$tmp/sub"
fi

n_top=$(wc -l <"$tmp/top")
n_sub=$(wc -l <"$tmp/sub")
if [ $fails -gt 0 ]; then
	echo "$fails problem(s) in ${#pages[@]} man page(s)"
	exit 1
fi
echo "${#pages[@]} man pages render without a warning and have their sections;" \
	"o2mctl.8 has all $n_top objects and $n_sub commands of o2mctl"
exit 0
