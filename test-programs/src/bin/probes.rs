//! Feature probes through the Rust SDK (`wasi_bpf::probe`, libbpf-rs's
//! `is_supported` / `is_helper_supported`): one line per answer, for names
//! every kernel with BTF, kallsyms and syscall tracepoints has and names
//! none has, and the error of a name that is not a plain identifier.

use wasi_bpf::probe::{self, BtfKind};
use wasi_bpf::{ErrorCode, MapType, ProgramType};

fn main() -> wasi_bpf::Result<()> {
    println!("tracepoint syscalls/sys_enter_getpgid: {}", probe::tracepoint_exists("syscalls", "sys_enter_getpgid")?);
    println!("tracepoint syscalls/sys_enter_no_such_call: {}", probe::tracepoint_exists("syscalls", "sys_enter_no_such_call")?);
    println!("kernel function do_getpgid: {}", probe::kernel_function_exists("do_getpgid")?);
    println!("kernel function no_such_function_in_any_kernel: {}", probe::kernel_function_exists("no_such_function_in_any_kernel")?);
    println!("btf struct task_struct: {}", probe::btf_type_exists(BtfKind::Struct, "task_struct")?);
    println!("btf member task_struct.pid: {}", probe::btf_member_exists("task_struct", "pid")?);
    println!("btf member task_struct.no_such_member: {}", probe::btf_member_exists("task_struct", "no_such_member")?);
    println!("fentry no_such_function_in_any_kernel: {}", probe::fentry_can_attach("no_such_function_in_any_kernel")?);
    println!("program tracepoint: {}", ProgramType::Tracepoint.is_supported()?);
    println!("map ringbuf: {}", MapType::Ringbuf.is_supported()?);
    println!("helper 1 in tracepoints: {}", ProgramType::Tracepoint.is_helper_supported(1)?);
    println!("helper 100000 in tracepoints: {}", ProgramType::Tracepoint.is_helper_supported(100_000)?);
    let err = probe::tracepoint_exists("..", "syscalls").expect_err("a refused name");
    println!("tracepoint ../syscalls: {}", if err.code() == ErrorCode::InvalidArgument { "invalid-argument" } else { "other error" });
    Ok(())
}
