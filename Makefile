# SPDX-License-Identifier: GPL-2.0
#
# one2many: kernel modules, tools, tests.
#
#   make                build the modules (for KVER) and the tools
#   make check          every test in the VM on the last kernel in KERNELS,
#                       the compat tests (selftests/Makefile) on the others
#   make check-full     every test on every kernel in KERNELS
#   make check-debug    the same on a KASAN/lockdep/kmemleak debug kernel
#   make demo           the demo, in the VM
#   make bench          the benchmarks against pktgen, trafgen, bonding, team
#   make fuzz           the netlink fuzzer in the VM (N requests per family,
#                       SEED; KVER defaults to 6.12 here)
#   make install        modules, o2mctl, the ip plugin, man pages, completion
#                       (DESTDIR, PREFIX); make uninstall undoes it
#   make dkms-install   the sources into /usr/src and dkms add/build/install
#
# KVER: a kernel release from /lib/modules, or 6.1 / 6.12 (the newest
# installed of that series), or "debug". Default: the running kernel if its
# headers are installed, else Debian bookworm's 6.1. KDIR overrides the tree.

SHELL := /bin/bash
KERNELS ?= 6.1 6.12
KVER ?=
W ?= 1
C ?= 0
PREFIX ?= /usr/local
DESTDIR ?=
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
# Where Kbuild's modules_install puts ours, under /lib/modules/RELEASE.
INSTALL_MOD_DIR ?= updates
DKMS_SRC := Kbuild dkms.conf drivers include

# Before `make deps` on a fresh machine these are empty; the targets that
# need them run after deps, in a make of their own.
release := $(shell tools/vm/kernel-info release $(KVER) 2>/dev/null)
KDIR ?= $(shell tools/vm/kernel-info kdir $(KVER) 2>/dev/null)
BUILD := build/$(release)

export KERNELS

.PHONY: all modules tools rig-module deps deps-debug check check-full check-debug demo demo-run bench \
	fuzz fuzz-run \
	debug-kernel install uninstall dkms-src dkms-install dkms-uninstall clean help

all: modules tools

deps:
	@tools/deps.sh

deps-debug:
	@tools/deps.sh --debug

# "+": kbuild.sh runs make, which shares our jobserver.
modules:
	+@tools/kbuild.sh "$(KDIR)" "$(BUILD)/modules" W=$(W) C=$(C) $(if $(KCFLAGS),KCFLAGS="$(KCFLAGS)") \
		$(if $(CHECK),CHECK="$(CHECK)") modules

rig-module:
	+@O2M_KBUILD_SRC=selftests/rig/module tools/kbuild.sh "$(KDIR)" "$(BUILD)/rig" W=$(W) modules

tools:
	@$(MAKE) -s -C tools/o2mctl
	@$(MAKE) -s -C tools/iproute2

check: deps
	@tools/check.sh $(KERNELS)

check-full: deps
	@O2M_CHECK_FULL=1 tools/check.sh $(KERNELS)

debug-kernel: deps-debug
	@tools/vm/debug-kernel.sh

check-debug: debug-kernel
	@tools/check.sh debug

demo: deps
	@$(MAKE) --no-print-directory all demo-run

# The guest's stdout is a serial port, a terminal always: tell it whether
# ours is, so that a log gets table blocks instead of escape codes.
demo-run:
	@O2M_DEMO_TTY=$$([ -t 1 ] && echo 1 || echo 0) O2M_VM_ENV="$${O2M_VM_ENV:-} O2M_DEMO_TTY" \
		tools/vm/run $(release) -- tools/demo/demo.sh

bench: deps
	@tools/bench/run.sh

# The fuzzer (tools/fuzz/) through its selftest, with no time limit. A
# failure prints the seed: SEED=S N=... replays the run.
N ?= 5000
SEED ?=
fuzz: deps
	@$(MAKE) --no-print-directory all fuzz-run KVER=$(or $(KVER),6.12)

fuzz-run:
	@O2M_FUZZ_COUNT=$(N) O2M_FUZZ_SEED=$(SEED) O2M_FUZZ_TIME=0 \
		O2M_VM_ENV="$${O2M_VM_ENV:-} O2M_FUZZ_COUNT O2M_FUZZ_SEED O2M_FUZZ_TIME" \
		tools/vm/run --timeout $$(($(N) * 3 / 20 + 300)) $(release) -- selftests/fuzz.sh

install: all
	@tools/kbuild.sh "$(KDIR)" "$(BUILD)/modules" modules_install \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) $(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR))
	@depmod -a $(if $(DESTDIR),-b $(DESTDIR)) $(release)
	@$(MAKE) -s -C tools/o2mctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	@$(MAKE) -s -C tools/iproute2 install DESTDIR=$(DESTDIR)
	@install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man4 man/man4/*.4
	@install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man8 man/man8/*.8
	@install -D -m 0644 tools/completion/o2mctl $(DESTDIR)$(COMPLETIONDIR)/o2mctl

uninstall:
	@rm -f $(DESTDIR)/lib/modules/$(release)/$(INSTALL_MOD_DIR)/drivers/net/one2many/one2many.ko* \
		$(DESTDIR)/lib/modules/$(release)/$(INSTALL_MOD_DIR)/drivers/net/o2m_source/o2m_source.ko*
	@-rmdir -p $(DESTDIR)/lib/modules/$(release)/$(INSTALL_MOD_DIR)/drivers/net/one2many \
		$(DESTDIR)/lib/modules/$(release)/$(INSTALL_MOD_DIR)/drivers/net/o2m_source 2>/dev/null
	@if [ -e $(DESTDIR)/lib/modules/$(release)/modules.dep ]; then \
		depmod -a $(if $(DESTDIR),-b $(DESTDIR)) $(release); fi
	@$(MAKE) -s -C tools/o2mctl uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	@$(MAKE) -s -C tools/iproute2 uninstall DESTDIR=$(DESTDIR)
	@rm -f $(patsubst man/%,$(DESTDIR)$(MANDIR)/%,$(wildcard man/man4/*.4 man/man8/*.8)) \
		$(DESTDIR)$(COMPLETIONDIR)/o2mctl

# DKMS: the module sources as dkms wants them, in /usr/src/one2many-VERSION.
dkms-src:
	@rm -rf $(DESTDIR)/usr/src/one2many-$(VERSION)
	@mkdir -p $(DESTDIR)/usr/src/one2many-$(VERSION)
	@cp -r $(DKMS_SRC) $(DESTDIR)/usr/src/one2many-$(VERSION)/
	@find $(DESTDIR)/usr/src/one2many-$(VERSION) \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \
		-o -name '*.mod*' -o -name modules.order \) -delete

dkms-install: dkms-src
	dkms add one2many/$(VERSION)
	dkms install one2many/$(VERSION)

dkms-uninstall:
	dkms remove one2many/$(VERSION) --all
	rm -rf /usr/src/one2many-$(VERSION)

clean:
	rm -rf build
	@$(MAKE) -s -C tools/o2mctl clean
	@$(MAKE) -s -C tools/iproute2 clean

help:
	@sed -n '3,20p' Makefile | sed 's/^# \{0,1\}//'
