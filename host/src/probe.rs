//! `wasi:bpf/probe`'s domain: what the running kernel offers, answered for
//! guests, which have no tracefs, `/proc` or `/sys` of their own.
//!
//! Each answer is existence only (no address, no file contents), and each
//! name a guest passes is checked to be a plain identifier before the host
//! looks at anything, so a guest cannot make the host stat or read a path
//! of its choosing ([`check_name`]). Program type, map type and helper
//! support are libbpf's own probes (`libbpf_probe_bpf_*`); `fentry` is
//! probed by loading a trivial program against the function, as libbpf
//! and libbpf-tools do; BTF answers come from the kernel's vmlinux BTF,
//! parsed once per process.

use std::ffi::CString;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use libbpf_rs::btf::types::Composite;
use libbpf_rs::btf::{BtfKind, BtfType, TypeId};
use libbpf_rs::libbpf_sys;
use libbpf_rs::{AsRawLibbpf, Btf};

use crate::error::{BpfError, BpfResult, ErrorCode};

/// The longest name accepted (the kernel's KSYM_NAME_LEN is 512).
pub const MAX_NAME: usize = 512;

/// Where tracefs may be mounted, in the order libbpf-tools looks.
const TRACEFS: [&str; 2] = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"];

/// How deep [`btf_member_exists`] follows anonymous struct and union
/// members (libbpf's own MAX_RESOLVE_DEPTH).
const MAX_ANON_DEPTH: usize = 32;

/// What a name may be: a C identifier (letters, digits, `_`, not starting
/// with a digit), plus `.` inside it when `dots` (kernel function names
/// such as `foo.isra.0` or `foo.cold`); not empty, at most [`MAX_NAME`]
/// bytes. Nothing else reaches a path or a lookup: no `/`, no `..`, no
/// NUL.
pub fn check_name(what: &str, name: &str, dots: bool) -> BpfResult<()> {
    let ok_char = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || (dots && c == b'.');
    let bytes = name.as_bytes();
    let valid = !bytes.is_empty()
        && bytes.len() <= MAX_NAME
        && bytes.iter().all(|&c| ok_char(c))
        && !bytes[0].is_ascii_digit()
        && bytes[0] != b'.'
        && !name.contains("..");
    if valid {
        Ok(())
    } else {
        Err(BpfError::invalid_argument(format!(
            "{what} {name:?} is not a plain identifier (letters, digits and _{})",
            if dots { ", with . inside" } else { "" }
        )))
    }
}

/// Whether tracefs has the tracepoint `category`/`name`
/// (`events/CATEGORY/NAME/format`, as libbpf-tools checks). `false` when
/// tracefs is mounted at neither of its places.
pub fn tracepoint_exists(category: &str, name: &str) -> BpfResult<bool> {
    check_name("tracepoint category", category, false)?;
    check_name("tracepoint name", name, false)?;
    Ok(TRACEFS.iter().any(|root| Path::new(root).join("events").join(category).join(name).join("format").exists()))
}

/// Whether the kernel has a function `name` that kprobes can name:
/// tracefs's `available_filter_functions` when it can be read, else a
/// text symbol (`t` / `T`) of `/proc/kallsyms`.
pub fn kernel_function_exists(name: &str) -> BpfResult<bool> {
    check_name("kernel function", name, true)?;
    for root in TRACEFS {
        if let Ok(file) = File::open(Path::new(root).join("available_filter_functions")) {
            // Lines are `NAME` or `NAME [MODULE]`.
            return Ok(any_line(file, |line| line.split_whitespace().next() == Some(name)));
        }
    }
    let file = File::open("/proc/kallsyms").map_err(|e| BpfError::from_io(&e, "/proc/kallsyms"))?;
    // Lines are `ADDRESS TYPE NAME [MODULE]`; addresses are not read.
    Ok(any_line(file, |line| {
        let mut fields = line.split_whitespace().skip(1);
        matches!(fields.next(), Some("t" | "T")) && fields.next() == Some(name)
    }))
}

fn any_line(file: File, mut matches: impl FnMut(&str) -> bool) -> bool {
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) if matches(&line) => return true,
            Ok(_) => {}
        }
    }
}

/// The kernel's BTF, parsed once; the lock serialises every use of it.
struct Vmlinux(Btf<'static>);

// SAFETY: libbpf's `struct btf` has no tie to the thread that parsed it;
// every use goes through the Mutex below, one thread at a time.
unsafe impl Send for Vmlinux {}

fn with_vmlinux<R>(f: impl FnOnce(&Btf<'static>) -> R) -> BpfResult<R> {
    static VMLINUX: OnceLock<Result<Mutex<Vmlinux>, BpfError>> = OnceLock::new();
    let btf = VMLINUX.get_or_init(|| {
        Btf::from_vmlinux()
            .map(|btf| Mutex::new(Vmlinux(btf)))
            .map_err(|e| {
                let mut err = BpfError::from_libbpf(&e, format_args!("the kernel's BTF ({})", crate::btf_data::VMLINUX));
                err.code = ErrorCode::Unsupported;
                err
            })
    });
    let btf = btf.as_ref().map_err(Clone::clone)?;
    let guard = btf.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok(f(&guard.0))
}

/// The id of the type of `kind` (`BTF_KIND_*`) named `name`, if any.
fn find_by_name_kind(btf: &Btf<'_>, name: &str, kind: u32) -> Option<TypeId> {
    let name = CString::new(name).ok()?;
    // SAFETY: a valid btf and a NUL-terminated name; libbpf only reads.
    let id = unsafe { libbpf_sys::btf__find_by_name_kind(btf.as_libbpf_object().as_ptr(), name.as_ptr(), kind) };
    (id > 0).then(|| TypeId::from(id as u32))
}

/// Whether the kernel's BTF has a type of `kind` (Linux's `BTF_KIND_*`
/// number, 1 to 19) named `name`.
pub fn btf_type_exists(kind: u32, name: &str) -> BpfResult<bool> {
    check_name("BTF type", name, false)?;
    with_vmlinux(|btf| find_by_name_kind(btf, name, kind).is_some())
}

/// Whether the struct or union `type_name` of the kernel's BTF has a
/// member `member`, directly or inside an anonymous struct or union
/// member. `false` when there is no such struct or union.
pub fn btf_member_exists(type_name: &str, member: &str) -> BpfResult<bool> {
    check_name("BTF type", type_name, false)?;
    check_name("member", member, false)?;
    with_vmlinux(|btf| {
        let Some(id) = find_by_name_kind(btf, type_name, libbpf_sys::BTF_KIND_STRUCT)
            .or_else(|| find_by_name_kind(btf, type_name, libbpf_sys::BTF_KIND_UNION))
        else {
            return false;
        };
        // (type, depth) of the composites still to look in.
        let mut pending = vec![(id, 0usize)];
        while let Some((id, depth)) = pending.pop() {
            let Some(composite) = btf.type_by_id::<Composite<'_>>(id) else { continue };
            for m in (0..composite.len()).filter_map(|i| composite.get(i)) {
                match m.name {
                    Some(name) if name.as_encoded_bytes() == member.as_bytes() => return true,
                    Some(_) => {}
                    None if depth < MAX_ANON_DEPTH => {
                        if let Some(inner) = skip_mods_and_typedefs(btf, m.ty) {
                            pending.push((inner, depth + 1));
                        }
                    }
                    None => {}
                }
            }
        }
        false
    })
}

/// The struct or union an anonymous member's type names, through
/// modifiers and typedefs (bounded).
fn skip_mods_and_typedefs(btf: &Btf<'_>, mut id: TypeId) -> Option<TypeId> {
    for _ in 0..MAX_ANON_DEPTH {
        let t = btf.type_by_id::<BtfType<'_>>(id)?;
        match t.kind() {
            BtfKind::Struct | BtfKind::Union => return Some(id),
            BtfKind::Typedef | BtfKind::Const | BtfKind::Volatile | BtfKind::Restrict | BtfKind::TypeTag => {
                id = t.next_type()?.type_id();
            }
            _ => return None,
        }
    }
    None
}

/// libbpf's answer (1 yes, 0 no, negative errno) as a result.
fn probe_answer(ret: i32, what: impl std::fmt::Display) -> BpfResult<bool> {
    match ret {
        1 => Ok(true),
        0 => Ok(false),
        // libbpf returns -EOPNOTSUPP for a type it cannot probe.
        ret => Err(BpfError::from_errno(-ret, format_args!("probing {what}"))),
    }
}

/// Whether the kernel loads programs of type `prog_type` (Linux's
/// `enum bpf_prog_type`): `libbpf_probe_bpf_prog_type`.
pub fn program_type_supported(prog_type: u32) -> BpfResult<bool> {
    // SAFETY: a plain libbpf call; no options.
    let ret = unsafe { libbpf_sys::libbpf_probe_bpf_prog_type(prog_type, std::ptr::null()) };
    probe_answer(ret, format_args!("program type {prog_type}"))
}

/// Whether the kernel creates maps of type `map_type` (Linux's
/// `enum bpf_map_type`): `libbpf_probe_bpf_map_type`.
pub fn map_type_supported(map_type: u32) -> BpfResult<bool> {
    // SAFETY: a plain libbpf call; no options.
    let ret = unsafe { libbpf_sys::libbpf_probe_bpf_map_type(map_type, std::ptr::null()) };
    probe_answer(ret, format_args!("map type {map_type}"))
}

/// Whether programs of type `prog_type` may call helper `helper` (Linux's
/// `enum bpf_func_id`): `libbpf_probe_bpf_helper`.
pub fn helper_supported(prog_type: u32, helper: u32) -> BpfResult<bool> {
    // SAFETY: a plain libbpf call; no options.
    let ret = unsafe { libbpf_sys::libbpf_probe_bpf_helper(prog_type, helper, std::ptr::null()) };
    probe_answer(ret, format_args!("helper {helper} for program type {prog_type}"))
}

/// Whether an fentry program can attach to the vmlinux function
/// `function`: a trivial one (`r0 = 0; exit`) is loaded against it and
/// closed. `false` when the function is not in the kernel's BTF or the
/// kernel refuses the load.
pub fn fentry_can_attach(function: &str) -> BpfResult<bool> {
    check_name("kernel function", function, false)?;
    let Some(btf_id) = with_vmlinux(|btf| find_by_name_kind(btf, function, libbpf_sys::BTF_KIND_FUNC))? else {
        return Ok(false);
    };
    // `mov64 r0, 0` (BPF_ALU64 | BPF_MOV | BPF_K) and `exit` (BPF_JMP |
    // BPF_EXIT), as eight-byte instructions: opcode in the low byte.
    let insns: [u64; 2] = [0xb7, 0x95];
    let opts = libbpf_sys::bpf_prog_load_opts {
        sz: std::mem::size_of::<libbpf_sys::bpf_prog_load_opts>() as _,
        expected_attach_type: libbpf_sys::BPF_TRACE_FENTRY,
        attach_btf_id: btf_id.into(),
        ..Default::default()
    };
    let mut opts = opts;
    // SAFETY: two valid instructions (bpf_insn is 8 bytes, the opcode its
    // first), a NUL-terminated license, options of their own size.
    let fd = unsafe {
        libbpf_sys::bpf_prog_load(
            libbpf_sys::BPF_PROG_TYPE_TRACING,
            c"probe_fentry".as_ptr(),
            c"GPL".as_ptr(),
            insns.as_ptr().cast(),
            insns.len() as _,
            &mut opts,
        )
    };
    if fd < 0 {
        return Ok(false);
    }
    // SAFETY: a new program fd that nothing else owns.
    drop(unsafe { OwnedFd::from_raw_fd(fd) });
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_root() -> bool {
        // SAFETY: no arguments.
        unsafe { libc::geteuid() == 0 }
    }

    #[test]
    fn names_that_could_reach_a_path_are_refused() {
        for bad in ["", "..", "../x", "a/b", "x\0", "syscalls/..", "1abc", "a b", ".x", "a..b", "é"] {
            let err = check_name("thing", bad, true).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArgument, "{bad:?}");
            assert!(err.message.contains(&format!("{bad:?}")), "{}", err.message);
        }
        assert!(check_name("thing", &"a".repeat(MAX_NAME + 1), false).is_err());
        assert!(check_name("thing", "foo.isra.0", false).is_err());
        for good in ["sys_enter_getpgid", "_x1", "foo.isra.0", "do_sys_openat2"] {
            check_name("thing", good, true).unwrap();
        }
        let err = tracepoint_exists("..", "syscalls").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert!(tracepoint_exists("syscalls", "../../../../etc").is_err());
        assert!(kernel_function_exists("a/b").is_err());
        assert!(btf_type_exists(libbpf_sys::BTF_KIND_STRUCT, "task_struct/").is_err());
        assert!(btf_member_exists("task_struct", "pid;").is_err());
        assert!(fentry_can_attach("../x").is_err());
    }

    #[test]
    fn tracepoints() {
        if !Path::new("/sys/kernel/tracing/events").exists() {
            eprintln!("skipped: tracefs is not mounted at /sys/kernel/tracing");
            return;
        }
        assert!(tracepoint_exists("syscalls", "sys_enter_getpgid").unwrap());
        assert!(tracepoint_exists("sched", "sched_switch").unwrap());
        assert!(!tracepoint_exists("syscalls", "sys_enter_no_such_call").unwrap());
        assert!(!tracepoint_exists("no_such_category", "sched_switch").unwrap());
    }

    #[test]
    fn kernel_functions() {
        if !is_root() {
            eprintln!("skipped: /proc/kallsyms hides symbols from non-root");
            return;
        }
        assert!(kernel_function_exists("do_sys_openat2").unwrap());
        assert!(kernel_function_exists("schedule").unwrap());
        assert!(!kernel_function_exists("no_such_function_in_any_kernel").unwrap());
    }

    #[test]
    fn btf_types_and_members() {
        if !Path::new("/sys/kernel/btf/vmlinux").exists() {
            eprintln!("skipped: no /sys/kernel/btf/vmlinux");
            return;
        }
        assert!(btf_type_exists(libbpf_sys::BTF_KIND_STRUCT, "task_struct").unwrap());
        assert!(!btf_type_exists(libbpf_sys::BTF_KIND_UNION, "task_struct").unwrap());
        assert!(btf_type_exists(libbpf_sys::BTF_KIND_FUNC, "do_sys_openat2").unwrap());
        assert!(!btf_type_exists(libbpf_sys::BTF_KIND_STRUCT, "no_such_struct").unwrap());
        assert!(btf_member_exists("task_struct", "pid").unwrap());
        assert!(btf_member_exists("task_struct", "tgid").unwrap());
        assert!(!btf_member_exists("task_struct", "no_such_member").unwrap());
        assert!(!btf_member_exists("no_such_struct", "pid").unwrap());
        assert!(btf_member_exists("sock_common", "skc_family").unwrap());
        // `struct page`'s `mapping` sits in an anonymous struct inside an
        // anonymous union.
        assert!(btf_member_exists("page", "flags").unwrap());
        assert!(btf_member_exists("page", "mapping").unwrap());
    }

    #[test]
    fn program_and_map_types_and_helpers() {
        if !is_root() {
            eprintln!("skipped: probes load programs and create maps (needs CAP_BPF)");
            return;
        }
        assert!(program_type_supported(libbpf_sys::BPF_PROG_TYPE_SOCKET_FILTER).unwrap());
        assert!(program_type_supported(libbpf_sys::BPF_PROG_TYPE_TRACEPOINT).unwrap());
        assert!(map_type_supported(libbpf_sys::BPF_MAP_TYPE_HASH).unwrap());
        assert!(map_type_supported(libbpf_sys::BPF_MAP_TYPE_RINGBUF).unwrap());
        assert!(helper_supported(libbpf_sys::BPF_PROG_TYPE_TRACEPOINT, libbpf_sys::BPF_FUNC_map_lookup_elem).unwrap());
        assert!(!helper_supported(libbpf_sys::BPF_PROG_TYPE_TRACEPOINT, 100_000).unwrap());
        // A type number the kernel does not know: an answer, not a panic.
        let _ = program_type_supported(10_000);
        let _ = map_type_supported(10_000);
    }

    #[test]
    fn fentry() {
        if !is_root() || !Path::new("/sys/kernel/btf/vmlinux").exists() {
            eprintln!("skipped: fentry needs root and the kernel's BTF");
            return;
        }
        assert!(!fentry_can_attach("no_such_function_in_any_kernel").unwrap());
        // Here fentry loads get EPERM (shared/README.md); in the VM kernels
        // they load. Either answer is fine, but it must be an answer.
        let can = fentry_can_attach("do_sys_openat2").unwrap();
        eprintln!("fentry on do_sys_openat2: {can}");
    }
}
