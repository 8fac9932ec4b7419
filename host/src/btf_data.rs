//! `wasi:bpf/btf`'s domain: BTF as raw bytes for guests to parse, the
//! kernel's (`/sys/kernel/btf/vmlinux`), a module's (split BTF at
//! `/sys/kernel/btf/MODULE`) and an object's (libbpf's, after its fixups
//! at open).
//!
//! The kernel's BTF files are world-readable type layout (no addresses, no
//! data), so no capability guards them (docs/policy.md). A guest names at
//! most a module, checked to be a module name (letters, digits and `_`)
//! before any path is built, and every file is read with a bound
//! ([`MAX_BTF_BYTES`]).

use std::ptr::NonNull;

use libbpf_rs::libbpf_sys;

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::system::read_bytes_bounded;

/// Where the kernel publishes its BTF: `vmlinux` and one file per module.
const SYS_BTF: &str = "/sys/kernel/btf";
/// The kernel's own BTF.
pub const VMLINUX: &str = "/sys/kernel/btf/vmlinux";
/// The longest module name: the kernel's MODULE_NAME_LEN is 56 bytes
/// with its NUL on 64-bit.
const MAX_MODULE_NAME: usize = 64;
/// The most read of one BTF file: a kernel's vmlinux BTF is a few MiB
/// (6 MiB for a distribution's x86-64 kernel).
pub const MAX_BTF_BYTES: usize = 64 << 20;

/// The kernel's BTF; `unsupported` when the kernel has none.
pub fn kernel_btf() -> BpfResult<Vec<u8>> {
    read_bytes_bounded(VMLINUX, MAX_BTF_BYTES).map_err(|mut err| {
        if err.code == ErrorCode::NotFound {
            err.code = ErrorCode::Unsupported;
            err.message = format!("the kernel has no BTF ({VMLINUX} is missing)");
        }
        err
    })
}

/// The split BTF of module `name`; `not-found` naming it when no such
/// module with BTF is loaded.
pub fn module_btf(name: &str) -> BpfResult<Vec<u8>> {
    // As the kernel names modules (`-` becomes `_`); a leading digit is
    // fine (`9p`, `8021q`), nothing that could reach another path is.
    let plain = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    if name.is_empty() || name.len() > MAX_MODULE_NAME || !name.bytes().all(plain) {
        return Err(BpfError::invalid_argument(format!("module {name:?} is not a module name (letters, digits and _)")));
    }
    if name == "vmlinux" {
        return Err(BpfError::invalid_argument("\"vmlinux\" is the kernel's BTF, not a module's: use kernel-btf"));
    }
    let path = format!("{SYS_BTF}/{name}");
    read_bytes_bounded(&path, MAX_BTF_BYTES).map_err(|mut err| {
        if err.code == ErrorCode::NotFound {
            err.message = format!("module {name:?} has no BTF ({path} is missing: not loaded, or built without BTF)");
        }
        err
    })
}

/// The modules with BTF, sorted; `unsupported` when the kernel has no BTF.
pub fn module_names() -> BpfResult<Vec<String>> {
    let entries = std::fs::read_dir(SYS_BTF).map_err(|e| {
        let mut err = BpfError::from_io(&e, SYS_BTF);
        if err.code == ErrorCode::NotFound {
            err.code = ErrorCode::Unsupported;
            err.message = format!("the kernel has no BTF ({SYS_BTF} is missing)");
        }
        err
    })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| BpfError::from_io(&e, SYS_BTF))?;
        // sysfs names modules as the kernel does: plain identifiers.
        match entry.file_name().into_string() {
            Ok(name) if name != "vmlinux" => names.push(name),
            _ => {}
        }
    }
    names.sort();
    Ok(names)
}

/// A copy of the BTF libbpf holds for `object` (`bpf_object__btf`), or
/// `None` when the object has none.
pub(crate) fn object_btf(object: NonNull<libbpf_sys::bpf_object>) -> BpfResult<Option<Vec<u8>>> {
    // SAFETY: a live object the caller holds; libbpf only reads it.
    let btf = unsafe { libbpf_sys::bpf_object__btf(object.as_ptr()) };
    if btf.is_null() {
        return Ok(None);
    }
    let mut size = 0u32;
    // SAFETY: a live btf owned by the object; libbpf keeps the bytes it
    // returns (allocating them once) until the btf is freed, which the
    // object's owner prevents while this runs.
    let data = unsafe { libbpf_sys::btf__raw_data(btf, &mut size) };
    if data.is_null() {
        return Err(BpfError::new(ErrorCode::OutOfMemory, "libbpf could not lay out the object's BTF"));
    }
    // SAFETY: libbpf's raw data is `size` bytes at `data`.
    Ok(Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), size as usize) }.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn module_names_that_could_reach_a_path_are_refused() {
        for bad in ["", "..", "../vmlinux", "a/b", "x\0", "nf.tables", "vmlinux", &"m".repeat(65)] {
            let err = module_btf(bad).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArgument, "{bad:?}");
            assert!(err.message.contains(&format!("{bad:?}")), "{}", err.message);
        }
        // Module names may start with a digit.
        for name in ["9p", "8021q", "nf_tables"] {
            assert_eq!(module_btf(name).map_err(|e| e.code).err().filter(|c| *c != ErrorCode::NotFound), None, "{name}");
        }
    }

    #[test]
    fn kernel_and_module_btf_are_the_files() {
        if !Path::new(VMLINUX).exists() {
            eprintln!("skipped: no {VMLINUX}");
            return;
        }
        let vmlinux = kernel_btf().unwrap();
        assert_eq!(vmlinux, std::fs::read(VMLINUX).unwrap());
        // The BTF magic, little-endian on the hosts this runs on.
        assert_eq!(&vmlinux[..2], &0xeb9fu16.to_ne_bytes());
        let names = module_names().unwrap();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        if let Some(name) = names.first() {
            assert_eq!(module_btf(name).unwrap(), std::fs::read(format!("{SYS_BTF}/{name}")).unwrap());
        }
        let err = module_btf("no_such_module_anywhere").unwrap_err();
        assert_eq!(err.code, ErrorCode::NotFound);
        assert!(err.message.contains("\"no_such_module_anywhere\""), "{}", err.message);
    }
}
