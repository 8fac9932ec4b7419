#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test wasi-bpf,
# and mounts the kernel file systems eBPF tools need. Idempotent and quiet:
# it only prints what it changes. Needs root (apt-get, mount).
set -euo pipefail

say() { echo "setup: $*" >&2; }

# Debian packages: clang/lld/llvm for the BPF C (and C guests), bpftool for
# vmlinux.h, libbpf headers for the BPF side, libelf/zlib/pkg-config/make
# for the vendored libbpf that libbpf-sys builds, iproute2 for the tests'
# network namespaces, wasi-libc and clang's wasm32 runtime for C guests,
# systemtap-sdt-dev for <sys/sdt.h> (the USDT tests' native target).
packages=(clang-19 lld-19 llvm-19 bpftool libbpf-dev libelf-dev zlib1g-dev
          pkg-config make gcc iproute2 wasi-libc libclang-rt-19-dev-wasm32
          systemtap-sdt-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and a Python with venv, for the composed examples' tools: only
# where the machine has none of its own (this one's may not be Debian's).
command -v npm >/dev/null || missing+=(nodejs npm)
python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Rust targets for guests: wasm32-wasip2 for `cargo build`, wasm32-wasip1
# for `cargo component build` (which adds the preview-1 adapter).
for target in wasm32-wasip2 wasm32-wasip1; do
    if ! rustup target list --installed | grep -qx "$target"; then
        say "adding rust target $target"
        rustup target add "$target" >/dev/null 2>&1
    fi
done

# The composed examples (examples/compose): componentize-py (PyPI) in a venv
# and componentize-js (npm) in node_modules there, at the versions its
# requirements.txt and package-lock.json pin; a copy of each file marks
# what was installed. wac composes them, and so does wasm-tools 1.263's
# deprecated `compose` (both from crates.io, built without the features
# the examples do not use, which would take most of the build time).
compose="$(dirname "$0")/../examples/compose"
if ! cmp -s "$compose/requirements.txt" "$compose/.venv/installed-requirements.txt"; then
    say "installing $(grep -v '^#' "$compose/requirements.txt") into examples/compose/.venv"
    python3 -m venv "$compose/.venv"
    "$compose/.venv/bin/pip" install -q --disable-pip-version-check -r "$compose/requirements.txt"
    cp "$compose/requirements.txt" "$compose/.venv/installed-requirements.txt"
fi
if ! cmp -s "$compose/package-lock.json" "$compose/node_modules/installed-package-lock.json"; then
    say "installing componentize-js into examples/compose/node_modules"
    npm ci --prefix "$compose" --no-audit --no-fund --silent >/dev/null
    cp "$compose/package-lock.json" "$compose/node_modules/installed-package-lock.json"
fi
# One target folder for the three `cargo install`s below: cargo-component
# builds 147 of the crate versions wac-cli builds, and a fresh machine
# builds them once. Unoptimised and without debug info (`--debug`,
# CARGO_PROFILE_DEV_DEBUG=0): they compose and package a few small
# components. Release builds of the three took 13 minutes of a fresh
# machine; cargo-component alone builds in 186 s this way, 508 s so.
tools_target="$(cd "$(dirname "$0")/.." && pwd)/target/tools"
wac_version=0.12.0
if [[ "$(wac --version 2>/dev/null)" != "wac-cli $wac_version" ]]; then
    say "installing wac-cli $wac_version (cargo install)"
    CARGO_PROFILE_DEV_DEBUG=0 CARGO_TARGET_DIR="$tools_target" cargo install --quiet --debug --locked --no-default-features wac-cli --version "$wac_version"
fi
wasm_tools_version=1.263.0
if [[ "$(wasm-tools --version 2>/dev/null)" != "wasm-tools $wasm_tools_version" ]]; then
    say "installing wasm-tools $wasm_tools_version (cargo install)"
    CARGO_PROFILE_DEV_DEBUG=0 CARGO_TARGET_DIR="$tools_target" cargo install --quiet --debug --locked --no-default-features --features compose wasm-tools --version "$wasm_tools_version"
fi
# cargo-component, to build the WASI 0.2 examples as its users do (`make
# component`); minutes to build, so only when missing.
cargo_component_version=0.21.1
if [[ "$(cargo-component --version 2>/dev/null)" != "cargo-component $cargo_component_version" ]]; then
    say "installing cargo-component $cargo_component_version (cargo install)"
    CARGO_PROFILE_DEV_DEBUG=0 CARGO_TARGET_DIR="$tools_target" cargo install --quiet --debug --locked cargo-component --version "$cargo_component_version"
fi

# Kernel file systems: tracefs for tracepoints, bpffs for pinning, debugfs
# for older tools that look for tracing there.
mountpoint -q /sys/kernel/tracing || { say "mounting tracefs"; mount -t tracefs tracefs /sys/kernel/tracing; }
mountpoint -q /sys/fs/bpf || { say "mounting bpffs"; mount -t bpf bpf /sys/fs/bpf; }
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
mountpoint -q /sys/kernel/security || mount -t securityfs securityfs /sys/kernel/security 2>/dev/null || true
