# SPDX-License-Identifier: GPL-2.0
#
# one2many: kernel modules, tools, tests.
#
#   make                build the modules (for KVER) and the tools
#   make check          run every test in the VM, on each kernel in KERNELS
#   make check-debug    the same on a KASAN/lockdep/kmemleak debug kernel
#   make demo           the demo, in the VM
#   make install        modules, tools, man pages (DESTDIR, PREFIX)
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

# Before `make deps` on a fresh machine these are empty; the targets that
# need them run after deps, in a make of their own.
release := $(shell tools/vm/kernel-info release $(KVER) 2>/dev/null)
KDIR ?= $(shell tools/vm/kernel-info kdir $(KVER) 2>/dev/null)
BUILD := build/$(release)

export KERNELS

.PHONY: all modules tools rig-module deps deps-debug check check-debug demo demo-run \
	debug-kernel install uninstall clean help

all: modules tools

deps:
	@tools/deps.sh

deps-debug:
	@tools/deps.sh --debug

modules:
	@tools/kbuild.sh "$(KDIR)" "$(BUILD)/modules" W=$(W) C=$(C) $(if $(KCFLAGS),KCFLAGS="$(KCFLAGS)") modules

rig-module:
	@O2M_KBUILD_SRC=selftests/rig/module tools/kbuild.sh "$(KDIR)" "$(BUILD)/rig" W=$(W) modules

tools:
	@$(MAKE) -s -C tools/o2mctl

check: deps
	@tools/check.sh $(KERNELS)

debug-kernel: deps-debug
	@tools/vm/debug-kernel.sh

check-debug: debug-kernel
	@tools/check.sh debug

demo: deps
	@$(MAKE) --no-print-directory all demo-run

demo-run:
	@tools/vm/run $(release) -- tools/demo/demo.sh

install: all
	@tools/kbuild.sh "$(KDIR)" "$(BUILD)/modules" modules_install \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR))
	@$(MAKE) -s -C tools/o2mctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(release); fi

uninstall:
	@rm -f $(DESTDIR)/lib/modules/$(release)/updates/drivers/net/one2many/one2many.ko* \
		$(DESTDIR)/lib/modules/$(release)/updates/drivers/net/o2m_source/o2m_source.ko*
	@$(MAKE) -s -C tools/o2mctl uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(release); fi

clean:
	rm -rf build
	@$(MAKE) -s -C tools/o2mctl clean

help:
	@sed -n '3,15p' Makefile | sed 's/^# \{0,1\}//'
