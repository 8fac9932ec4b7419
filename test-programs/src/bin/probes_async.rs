//! Feature probes in a WASI 0.3 Rust guest (`wasi_bpf::p3::probe`): the
//! same answers as `probes`, through `wasi:bpf/probe@0.3.0-draft`.

use wasi_bpf::p3::probe::{self, BtfKind};
use wasi_bpf::{ErrorCode, MapType, ProgramType};

async fn run() -> wasi_bpf::Result<()> {
    println!("tracepoint syscalls/sys_enter_getpgid: {}", probe::tracepoint_exists("syscalls", "sys_enter_getpgid")?);
    println!("tracepoint syscalls/sys_enter_no_such_call: {}", probe::tracepoint_exists("syscalls", "sys_enter_no_such_call")?);
    println!("kernel function do_getpgid: {}", probe::kernel_function_exists("do_getpgid")?);
    println!("kernel function no_such_function_in_any_kernel: {}", probe::kernel_function_exists("no_such_function_in_any_kernel")?);
    println!("btf struct task_struct: {}", probe::btf_type_exists(BtfKind::Struct, "task_struct")?);
    println!("btf member task_struct.pid: {}", probe::btf_member_exists("task_struct", "pid")?);
    println!("btf member task_struct.no_such_member: {}", probe::btf_member_exists("task_struct", "no_such_member")?);
    println!("fentry no_such_function_in_any_kernel: {}", probe::fentry_can_attach("no_such_function_in_any_kernel")?);
    println!("program tracepoint: {}", probe::program_type_supported(ProgramType::Tracepoint)?);
    println!("map ringbuf: {}", probe::map_type_supported(MapType::Ringbuf)?);
    println!("helper 1 in tracepoints: {}", probe::helper_supported(ProgramType::Tracepoint, 1)?);
    println!("helper 100000 in tracepoints: {}", probe::helper_supported(ProgramType::Tracepoint, 100_000)?);
    let err = probe::tracepoint_exists("..", "syscalls").expect_err("a refused name");
    println!("tracepoint ../syscalls: {}", if err.code() == ErrorCode::InvalidArgument { "invalid-argument" } else { "other error" });
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}
