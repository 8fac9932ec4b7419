#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test wasi-bpf,
# and mounts the kernel file systems eBPF tools need. Idempotent and quiet:
# it only prints what it changes. Needs root (apt-get, mount).
set -euo pipefail

say() { echo "setup: $*" >&2; }

# Debian packages: clang/lld/llvm for the BPF C (and C guests), bpftool for
# vmlinux.h, libbpf headers for the BPF side, libelf/zlib/pkg-config/make
# for the vendored libbpf that libbpf-sys builds, iproute2 for the tests'
# network namespaces, wasi-libc and clang's wasm32 runtime for C guests.
packages=(clang-19 lld-19 llvm-19 bpftool libbpf-dev libelf-dev zlib1g-dev
          pkg-config make gcc iproute2 wasi-libc libclang-rt-19-dev-wasm32)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Rust target for guests.
if ! rustup target list --installed | grep -qx wasm32-wasip2; then
    say "adding rust target wasm32-wasip2"
    rustup target add wasm32-wasip2 >/dev/null 2>&1
fi

# Kernel file systems: tracefs for tracepoints, bpffs for pinning, debugfs
# for older tools that look for tracing there.
mountpoint -q /sys/kernel/tracing || { say "mounting tracefs"; mount -t tracefs tracefs /sys/kernel/tracing; }
mountpoint -q /sys/fs/bpf || { say "mounting bpffs"; mount -t bpf bpf /sys/fs/bpf; }
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
mountpoint -q /sys/kernel/security || mount -t securityfs securityfs /sys/kernel/security 2>/dev/null || true
