//! The examples, run as users run them (`wasm-bpf run NAME.wasm ARGS`),
//! each checked against what the test made the kernel do.

mod compose;
mod biolatency;
mod execve;
mod lsm;
mod my_tool;
mod opensnoop;
mod profile;
mod runqlat;
mod sockfilter;
mod sockops;
mod tasks;
mod tailcall;
mod tc;
mod tcpconnlat;
mod uprobe;
mod usdt;
mod xdp;
