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
# wit-bindgen C bindings in SOURCE_DIR (*.c and *_component_type.o) are
# compiled and linked with the rest.

WASI_BPF_SDK ?= $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
WASM_BPF ?= $(abspath $(WASI_BPF_SDK)/../target/release/wasm-bpf)
CLANG ?= clang-19
LLVM_STRIP ?= llvm-strip-19
LLVM_AR ?= llvm-ar-19
BPFTOOL ?= bpftool
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
WASI_BPF_BUILD ?= $(abspath $(WASI_BPF_SDK)/../target/wasi-bpf-c)

BPF_ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' -e 's/ppc64le/powerpc/' \
	-e 's/riscv64/riscv/' -e 's/s390x/s390/' -e 's/loongarch64/loongarch/')
BPF_CFLAGS ?= -O2 -g -Wall -Werror
# libbpf's callbacks often leave parameters unused (libbpf-tools build
# with -Wall alone).
GUEST_CFLAGS ?= -Oz -Wall -Wextra -Wno-unused-parameter -Werror
GUEST_TARGET := --target=wasm32-wasi
# wasi-libc's signal() (handlers never run: Ctrl-C ends a guest in the
# host), so that libbpf-tools' `signal(SIGINT, ...)` compiles unchanged.
GUEST_SIGNALS := -D_WASI_EMULATED_SIGNAL
GUEST_SIGNALS_LIB := -lwasi-emulated-signal

SDK_SOURCES := $(wildcard $(WASI_BPF_SDK)/src/*.c) $(WASI_BPF_SDK)/bindings/sdk.c
SDK_HEADERS := $(wildcard $(WASI_BPF_SDK)/src/*.h $(WASI_BPF_SDK)/include/*/*.h) $(WASI_BPF_SDK)/bindings/sdk.h
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

$(WASI_BPF_BUILD)/sdk/%.o: $(WASI_BPF_SDK)/src/%.c $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CLANG) $(GUEST_TARGET) $(GUEST_CFLAGS) $(SDK_INCLUDES) -I$(WASI_BPF_SDK)/bindings -c $< -o $@

# The generated bindings are not ours to make warning-free.
$(WASI_BPF_BUILD)/sdk/sdk.o: $(WASI_BPF_SDK)/bindings/sdk.c $(WASI_BPF_SDK)/bindings/sdk.h
	@mkdir -p $(@D)
	$(CLANG) $(GUEST_TARGET) -Oz -c $< -o $@

$(SDK_START): $(WASI_BPF_SDK)/crt/start.c
	@mkdir -p $(@D)
	$(CLANG) $(GUEST_TARGET) $(GUEST_CFLAGS) -c $< -o $@

$(SDK_LIBRARY): $(SDK_OBJECTS)
	rm -f $@
	$(LLVM_AR) rcs $@ $^

# $(1): name, $(2): source directory, $(3): output directory, $(4): the
# BPF source directory (default: $(2)), $(5): the BPF object's name
# (default: $(1)).
define wasi_bpf_guest
$(3)/$(or $(5),$(1)).bpf.o: $(or $(4),$(2))/$(or $(5),$(1)).bpf.c $(wildcard $(or $(4),$(2))/*.h) $(VMLINUX_H)
	@mkdir -p $(3)
	$(CLANG) --target=bpf $(BPF_CFLAGS) -D__TARGET_ARCH_$(BPF_ARCH) -I$(dir $(VMLINUX_H)) -I$(or $(4),$(2)) \
		-c $$< -o $$@
	$(LLVM_STRIP) -g $$@

$(3)/$(or $(5),$(1)).skel.h: $(3)/$(or $(5),$(1)).bpf.o $(WASM_BPF)
	$(WASM_BPF) gen skeleton --lang c --name $(or $(5),$(1)) $$< -o $$@

$(3)/$(or $(5),$(1)).types.h: $(3)/$(or $(5),$(1)).bpf.o $(WASM_BPF)
	$(WASM_BPF) gen types --name $(or $(5),$(1)) $(addprefix --type ,$($(1)_WIT_TYPES)) $$< -o $$@

$(3)/$(1).core.wasm: $(filter-out %.bpf.c,$(wildcard $(2)/*.c)) $(wildcard $(2)/*.h $(or $(4),$(2))/*.h) \
		$(3)/$(or $(5),$(1)).skel.h $(if $($(1)_TYPES_H)$($(1)_WIT_TYPES),$(3)/$(or $(5),$(1)).types.h) \
		$(SDK_LIBRARY) $(SDK_START)
	$(CLANG) $(GUEST_TARGET) $(GUEST_CFLAGS) $(GUEST_SIGNALS) $(SDK_INCLUDES) -I$(3) -I$(2) $(if $(4),-I$(4)) -nostartfiles \
		$(SDK_START) $(filter-out %.bpf.c,$(wildcard $(2)/*.c)) $(SDK_COMPONENT_TYPE) \
		$(wildcard $(2)/*_component_type.o) $(SDK_LIBRARY) \
		$(GUEST_SIGNALS_LIB) -Wl,--strip-all -o $$@

$(3)/$(1).wasm: $(3)/$(1).core.wasm $(WASM_BPF)
	$(WASM_BPF) componentize $$< -o $$@
endef
