# The two commands of the README (and `make bench`, the full benchmark):
#   make run    build the host and the bootstrap guest, run it (Ctrl-C ends it)
#   make test   build everything and run every test (as root, real kernel)
# Arguments for the guest in `make run`: make run ARGS="-d 100"

GUEST_TARGET := wasm32-wasip2
GUEST_DIR := target/$(GUEST_TARGET)/guest
GUEST_PACKAGES := -p bootstrap -p execve-rs -p tc-rs -p tcpconnlat -p my-tool -p test-programs -p bench-guest \
                  -p execve-collect -p execve-source -p execve-replay
# The examples' WASI 0.3 binaries (bootstrap-async, execve-collect-async).
GUEST_FEATURES := --features bootstrap/p3,execve-collect/p3
# The WASI 0.2 examples that `make component` builds with cargo-component.
COMPONENT_PACKAGES := -p bootstrap -p execve-rs -p tcpconnlat -p my-tool \
                      -p execve-collect -p execve-source -p execve-replay

.PHONY: setup host guests component compose conformance run test vm-test vm-docs wit-docs wit-lock bench
setup:
	@scripts/setup.sh

# The library (host/) and the wasm-bpf binary (cli/), into
# target/release/wasm-bpf. Built together, as `make test` tests them, so
# that both see the same dependency features (no rebuild of wasmtime).
host: setup
	cargo build --release --locked -p wasi-bpf-host -p wasm-bpf-cli

# Rust guests with cargo (and tests/outside-guest, a guest's own project
# outside the workspace, with warnings as errors), C examples with guest-sdk-c/guest.mk (which
# uses the host binary for skeletons and componentizing), and the
# composed examples (Rust with Python and JavaScript, into target/compose).
guests: host
	cargo build --locked --target $(GUEST_TARGET) --profile guest $(GUEST_PACKAGES) $(GUEST_FEATURES)
	cd tests/outside-guest && RUSTFLAGS="-D warnings" CARGO_TARGET_DIR=$(CURDIR)/target/outside-guest \
		cargo build --locked --target $(GUEST_TARGET) --release
	$(MAKE) --no-print-directory -C examples
	$(MAKE) --no-print-directory -C test-programs/c
	$(MAKE) --no-print-directory -C examples/compose

# The WASI 0.2 examples again, as cargo-component users build them
# (wasm32-wasip1 and the preview-1 adapter), into target/wasm32-wasip1/guest;
# the kernel tests run them too, and their compositions with the Python and
# JavaScript components (target/compose/cargo-component). Without the WASI 0.3 binaries:
# cargo-component 0.21.1 cannot read WASI 0.3 types (docs/flavours.md).
component: setup compose
	cargo component build --locked --profile guest $(COMPONENT_PACKAGES)
	$(MAKE) --no-print-directory -C examples/compose cargo-component

compose: host
	$(MAKE) --no-print-directory -C examples/compose

# The conformance suite (conformance/suite), which conformance/run runs
# against any wasi:bpf host.
conformance: host
	$(MAKE) --no-print-directory -C conformance

run: host guests
	target/release/wasm-bpf run $(GUEST_DIR)/bootstrap.wasm $(ARGS)

# --show-output: tests that skip for a missing kernel feature say why.
# The SDK's own tests run apart: built together with the host, they would
# change the host's dependency features and rebuild wasmtime.
# The benchmark runs first in its quick mode (every workload, small
# counts, no timing judged), so that it never rots. The VM suite last, as
# `make vm-test` runs it (not through make: its prerequisites are these,
# made already, and making them again took most of a minute).
test: host guests component conformance
	cargo run --release --locked -q -p wasm-bpf-bench -- --quick
	cargo test --release --locked -p wasi-bpf -p wasi-bpf-build -p wasi-bpf-gen
	cargo test --release --locked -p wasi-bpf-host -p wasm-bpf-cli -- --show-output
	conformance/run --check-docs docs/conformance.md
	conformance/run --host "target/release/wasm-bpf run --allow-all"
	conformance/run --suite conformance/suite-p3 --host "target/release/wasm-bpf run --allow-all"
	tests/vm/run

# The tests this kernel skips (kprobe, fentry, BPF LSM) and the conformance
# suite, inside Debian's 6.1 and 6.12 kernels (QEMU + virtme-ng, fetched
# into target/vm; tests/vm/README.md), and on this machine's kernel. It
# prints `vm-test: SKIPPED: why` where it cannot run (not Debian amd64,
# or WASI_BPF_VM_SKIP=1). The kernel table goes to target/vm/kernels.md;
# `make vm-docs` copies the last one into docs/kernels.md.
vm-test: host guests component conformance
	tests/vm/run

vm-docs:
	tests/vm/run --table-only --write-docs docs/kernels.md

# Generated WIT files that `make test` checks (the host tests wit_markdown
# and wit_deps; wit/README.md, "Dependencies and world pages"). wit-docs
# rewrites each world's page (imports.md and command.md in wit/ and
# wit-0.3/) after a WIT change; wit-lock rewrites wit/deps.lock and
# wit-0.3/deps.lock after vendoring another WASI release.
wit-docs:
	WASI_BPF_BLESS=1 cargo test --release --locked -p wasi-bpf-host -p wasm-bpf-cli --test wit_markdown

wit-lock:
	WASI_BPF_BLESS=1 cargo test --release --locked -p wasi-bpf-host -p wasm-bpf-cli --test wit_deps

bench: host guests
	cargo run --release --locked -p wasm-bpf-bench -- --json docs/bench/results.json --plot docs/bench/ring-buffer-drain.svg
