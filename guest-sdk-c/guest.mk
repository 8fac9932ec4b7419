# Build recipe for C wasi:bpf guests: NAME.bpf.c (the kernel side) plus
# NAME.c (user space, against <bpf/libbpf.h>) become NAME.wasm, a component
# `wasm-bpf run` runs. Needs only Debian's clang-19, lld-19, llvm-19,
# wasi-libc, libclang-rt-19-dev-wasm32, bpftool, libbpf-dev, and the
# `wasm-bpf` binary (its `componentize` carries the WASI preview 1 adapter
# of the wasi-preview1-component-adapter-provider crate).
#
# Use from a Makefile:
#
#   WASI_BPF_SDK := path/to/guest-sdk-c
#   include $(WASI_BPF_SDK)/guest.mk
#   $(eval $(call wasi_bpf_guest,NAME,SOURCE_DIR,OUTPUT_DIR[,BPF_DIR[,BPF_NAME]]))
#
# which defines the target OUTPUT_DIR/NAME.wasm; user-space sources are
# SOURCE_DIR/*.c except *.bpf.c, the kernel side is BPF_DIR/BPF_NAME.bpf.c
# (BPF_DIR defaults to SOURCE_DIR, BPF_NAME to NAME: several guests may
# share one BPF object), and `#include "BPF_NAME.skel.h"` finds the
# generated skeleton, as headers of SOURCE_DIR and BPF_DIR (the tool's
# own BPF_NAME.h) are found. The skeleton declares none of the object's
# types, as bpftool's does not. Optional, before the $(eval):
#   NAME_TYPES_H := 1         also generate BPF_NAME.types.h, the wasm32
#                             mirrors of the object's map keys and values
#                             and globals (`wasm-bpf gen types`)
#   NAME_WIT_TYPES := event   mirror these types too, and convert them to
#                             the WIT records of `wasm-bpf gen wit --type
#                             event` (implies NAME_TYPES_H)
#   NAME_CFLAGS := -Werror    added to GUEST_CFLAGS for this guest only
# wit-bindgen C bindings in SOURCE_DIR (*.c and *_component_type.o) are
# compiled and linked with the rest.
#
# Flags (docs/guests-c.md, "Build"): GUEST_CFLAGS compile the guest's own
# sources (default: libbpf-tools' warnings, optimised for size),
# GUEST_LDFLAGS are added to its link, GUEST_STACK_SIZE is its stack in
# bytes (1 MiB). The SDK is built with SDK_CFLAGS whatever a guest uses.
# Changing any of them rebuilds what they build.

WASI_BPF_SDK ?= $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
WASM_BPF ?= $(abspath $(WASI_BPF_SDK)/../target/release/wasm-bpf)
CLANG ?= clang-19
LLVM_STRIP ?= llvm-strip-19
LLVM_AR ?= llvm-ar-19
BPFTOOL ?= bpftool
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
WASI_BPF_BUILD ?= $(abspath $(WASI_BPF_SDK)/../target/wasi-bpf-c)

# An object whose BPF side includes usdt.bpf.h is built with the BPF
# headers of the host's libbpf (libbpf-sys's build of libbpf 1.7, next to
# wasm-bpf): libbpf 1.7 lays a USDT argument spec out in 24 bytes, 1.6
# and older (Debian 12's libbpf-dev) in 16, and the host refuses objects
# built with the older header. Other objects keep the system's headers.
HOST_USDT_BPF_H ?= $(firstword $(wildcard $(dir $(WASM_BPF))build/libbpf-sys-*/out/include/bpf/usdt.bpf.h))
HOST_BPF_INCLUDE := $(if $(HOST_USDT_BPF_H),$(abspath $(dir $(HOST_USDT_BPF_H))..))
# -I of the host's BPF headers if BPF source $(1) includes usdt.bpf.h.
wasi_bpf_usdt_include = $(if $(HOST_BPF_INCLUDE),$(if $(shell grep -ls 'usdt\.bpf\.h' $(1)),-I$(HOST_BPF_INCLUDE)))

BPF_ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' -e 's/ppc64le/powerpc/' \
	-e 's/riscv64/riscv/' -e 's/s390x/s390/' -e 's/loongarch64/loongarch/')
BPF_CFLAGS ?= -O2 -g -Wall -Werror
# The guest's own sources: libbpf-tools' user-space warnings (-Wall
# -Wmissing-field-initializers -Werror=undef), with -Oz for small modules
# (the BPF side, not this code, is the hot path). Not -Werror: code written
# for x86-64 warns on wasm32 where it is still right. But format mismatches
# are errors: wasm32's time_t, off_t and (u)int64_t are `long long`, and a
# `%ld` for one of them shifts every later printf argument (prints wrong
# values, or crashes on a `%s`).
GUEST_CFLAGS ?= -Oz -Wall -Wmissing-field-initializers -Werror=undef -Werror=format
GUEST_LDFLAGS ?=
# libbpf-tools keep big arrays on the stack (syscount: 320 KiB); native
# threads get 8 MiB, wasm-ld's default is 64 KiB.
GUEST_STACK_SIZE ?= 1048576
# The SDK's own flags: warning-free under these, whatever GUEST_CFLAGS say.
# libbpf's callbacks often leave parameters unused.
SDK_CFLAGS ?= -Oz -Wall -Wextra -Wno-unused-parameter -Werror
GUEST_TARGET := --target=wasm32-wasi
# Guests see the SDK's headers, wasi-libc's and clang's own, never the
# host's /usr/include (which Debian's clang searches for wasm32 too: a
# host-only header such as <bpf/btf.h> or <gelf.h> must fail to compile,
# not compile against the host and fail at link).
ifeq ($(origin WASI_LIBC_INCLUDE),undefined)
WASI_LIBC_INCLUDE := $(or $(shell $(CLANG) $(GUEST_TARGET) -E -v -x c /dev/null 2>&1 \
	| sed -n 's|^ \(/.*/wasm32-wasi\)$$|\1|p' | head -n 1),/usr/include/wasm32-wasi)
endif
GUEST_ISOLATION := -nostdlibinc -idirafter $(WASI_LIBC_INCLUDE)
# The stack before the data (an overflow traps at address 0 instead of
# overwriting the data), and its size.
GUEST_LINK = -Wl,--stack-first -Wl,-z,stack-size=$(GUEST_STACK_SIZE) -Wl,--strip-all
# <signal.h>'s signal() and raise(), which the SDK defines over
# wasi:bpf/termination: a SIGINT or SIGTERM handler runs on Ctrl-C or
# SIGTERM to the host, and the guest has its grace period to end.
GUEST_SIGNALS := -D_WASI_EMULATED_SIGNAL

SDK_SOURCES := $(wildcard $(WASI_BPF_SDK)/src/*.c) $(WASI_BPF_SDK)/bindings/sdk.c
SDK_HEADERS := $(wildcard $(WASI_BPF_SDK)/src/*.h $(WASI_BPF_SDK)/include/*.h $(WASI_BPF_SDK)/include/*/*.h) $(WASI_BPF_SDK)/bindings/sdk.h
SDK_OBJECTS := $(patsubst %.c,$(WASI_BPF_BUILD)/sdk/%.o,$(notdir $(SDK_SOURCES)))
SDK_LIBRARY := $(WASI_BPF_BUILD)/sdk/libwasi_bpf.a
# The world's type, for wit-component: linked whole, as no symbol of it
# is referenced (a custom section, which --strip-all keeps).
SDK_COMPONENT_TYPE := $(WASI_BPF_SDK)/bindings/sdk_component_type.o
SDK_INCLUDES := -I$(WASI_BPF_SDK)/include
# The entry point, in place of wasi-libc's crt1 (see crt/start.c).
SDK_START := $(WASI_BPF_BUILD)/sdk/start.o

VMLINUX_H := $(WASI_BPF_BUILD)/vmlinux/vmlinux.h

$(VMLINUX_H):
	@mkdir -p $(@D)
	$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

# The command that compiles a guest's user side, for tests and editors:
#   make -s -C DIR wasi-bpf-guest-cc
.PHONY: wasi-bpf-guest-cc
wasi-bpf-guest-cc:
	@echo $(CLANG) $(GUEST_TARGET) $(GUEST_ISOLATION) $(GUEST_CFLAGS) $(GUEST_SIGNALS) $(SDK_INCLUDES)

# A file holding flags, rewritten only when they change: what depends on
# it is rebuilt when they do. $(1): the flags.
.PHONY: wasi_bpf_force
wasi_bpf_quote = '$(subst ','\'',$(strip $(1)))'
define wasi_bpf_stamp
	@mkdir -p $(@D)
	@printf '%s\n' $(call wasi_bpf_quote,$(1)) | cmp -s - $@ || printf '%s\n' $(call wasi_bpf_quote,$(1)) > $@
endef

SDK_FLAGS := $(WASI_BPF_BUILD)/sdk/flags
$(SDK_FLAGS): wasi_bpf_force
	$(call wasi_bpf_stamp,$(CLANG) $(GUEST_TARGET) $(GUEST_ISOLATION) $(SDK_CFLAGS))

$(WASI_BPF_BUILD)/sdk/%.o: $(WASI_BPF_SDK)/src/%.c $(SDK_HEADERS) $(SDK_FLAGS)
	@mkdir -p $(@D)
	$(CLANG) $(GUEST_TARGET) $(GUEST_ISOLATION) $(SDK_CFLAGS) $(SDK_INCLUDES) -I$(WASI_BPF_SDK)/bindings -c $< -o $@

# The generated bindings are not ours to make warning-free.
$(WASI_BPF_BUILD)/sdk/sdk.o: $(WASI_BPF_SDK)/bindings/sdk.c $(WASI_BPF_SDK)/bindings/sdk.h $(SDK_FLAGS)
	@mkdir -p $(@D)
	$(CLANG) $(GUEST_TARGET) $(GUEST_ISOLATION) -Oz -c $< -o $@

$(SDK_START): $(WASI_BPF_SDK)/crt/start.c $(SDK_FLAGS)
	@mkdir -p $(@D)
	$(CLANG) $(GUEST_TARGET) $(GUEST_ISOLATION) $(SDK_CFLAGS) -c $< -o $@

$(SDK_LIBRARY): $(SDK_OBJECTS)
	rm -f $@
	$(LLVM_AR) rcs $@ $^

# The SDK's library alone, built if stale, and its path, for tests that
# link against it:  make -s -C DIR wasi-bpf-sdk-library
.PHONY: wasi-bpf-sdk-library
wasi-bpf-sdk-library: $(SDK_LIBRARY)
	@echo $(SDK_LIBRARY)

# Everything a guest's user side is compiled and linked with. $(1): name.
wasi_bpf_guest_flags = $(CLANG) $(GUEST_TARGET) $(GUEST_ISOLATION) $(GUEST_CFLAGS) $($(1)_CFLAGS) $(GUEST_SIGNALS) \
	$(GUEST_LINK) $(GUEST_LDFLAGS)

# $(call wasi_bpf_object,NAME,OUT_DIR,BPF_DIR): OUT_DIR/NAME.bpf.o from
# BPF_DIR/NAME.bpf.c.
define wasi_bpf_object
$(2)/$(1).bpf.o: $(3)/$(1).bpf.c $(wildcard $(3)/*.h) $(VMLINUX_H)
	@mkdir -p $(2)
	$(CLANG) --target=bpf $(BPF_CFLAGS) -D__TARGET_ARCH_$(BPF_ARCH) -I$(dir $(VMLINUX_H)) -I$(3) \
		$(call wasi_bpf_usdt_include,$(3)/$(1).bpf.c) -idirafter $(WASI_BPF_SDK)/bpf -c $$< -o $$@
	$(LLVM_STRIP) -g $$@
endef

# $(1): name, $(2): source directory, $(3): output directory, $(4): the
# BPF source directory (default: $(2)), $(5): the BPF object's name
# (default: $(1)).
define wasi_bpf_guest
$(call wasi_bpf_object,$(or $(5),$(1)),$(3),$(or $(4),$(2)))

$(3)/$(or $(5),$(1)).skel.h: $(3)/$(or $(5),$(1)).bpf.o $(WASM_BPF)
	$(WASM_BPF) gen skeleton --lang c --name $(or $(5),$(1)) $$< -o $$@

# The flags are read when the recipes run: a target-specific GUEST_CFLAGS
# applies (and the stamp, a prerequisite, sees the same value).
$(3)/$(1).flags: wasi_bpf_force
	$$(call wasi_bpf_stamp,$$(call wasi_bpf_guest_flags,$(1)))

$(3)/$(or $(5),$(1)).types.h: $(3)/$(or $(5),$(1)).bpf.o $(WASM_BPF)
	$(WASM_BPF) gen types --name $(or $(5),$(1)) $(addprefix --type ,$($(1)_WIT_TYPES)) $$< -o $$@

$(3)/$(1).core.wasm: $(filter-out %.bpf.c,$(wildcard $(2)/*.c)) $(wildcard $(2)/*.h $(or $(4),$(2))/*.h) \
		$(3)/$(or $(5),$(1)).skel.h $(if $($(1)_TYPES_H)$($(1)_WIT_TYPES),$(3)/$(or $(5),$(1)).types.h) \
		$(SDK_LIBRARY) $(SDK_START) $(3)/$(1).flags
	$$(CLANG) $$(GUEST_TARGET) $$(GUEST_ISOLATION) $$(GUEST_CFLAGS) $$($(1)_CFLAGS) $$(GUEST_SIGNALS) \
		$(SDK_INCLUDES) -I$(3) -I$(2) $(if $(4),-I$(4)) -nostartfiles \
		$(SDK_START) $(filter-out %.bpf.c,$(wildcard $(2)/*.c)) $(SDK_COMPONENT_TYPE) \
		$(wildcard $(2)/*_component_type.o) $(SDK_LIBRARY) \
		$$(GUEST_LINK) $$(GUEST_LDFLAGS) -o $$@

$(3)/$(1).wasm: $(3)/$(1).core.wasm $(WASM_BPF)
	$(WASM_BPF) componentize $$< -o $$@
endef
