//! Tests that run guests against the real kernel (as root): each loads
//! real BPF code, makes the kernel act and checks exactly what arrived.

mod harness;
mod held;
mod tool;
mod netenv;

mod adversary;
mod bad_inputs;
mod btf;
mod c_ports;
mod c_sdk;
mod clock;
mod compat;
mod examples;
mod fd_attach;
mod feature_probes;
mod fentry;
mod handle_maps;
mod inspect;
mod isolation;
mod kprobe;
mod layout;
mod libbpf_surface;
mod lifecycle;
mod linux_values;
mod live_globals;
mod map_memory;
mod maps;
mod net;
mod outside_guest;
mod pgidcount;
mod perf_events;
mod policy;
mod ring_buffer;
mod soak;
mod streams;
mod symbols;
mod system_info;
mod termination;
mod tool_helpers;
mod test_run;
mod uprobe;
mod value_maps;
mod wasm_bpf_run;
