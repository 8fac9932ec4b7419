//! Linking BPF object files into one (`wasi:bpf/linker`), with libbpf's
//! own linker, so that the result is byte for byte what `bpftool gen
//! object` and a native `bpf_linker` write for the same inputs.
//!
//! Linking reads and writes bytes only: no kernel object is made, so no
//! capability is needed (docs/policy.md). The inputs are bounded before
//! any work, and every file descriptor is a memfd of this call, closed
//! when it returns whatever happened.

use std::ffi::CString;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::ptr::NonNull;

use libbpf_rs::libbpf_sys;

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::libbpf_log;

/// The most objects one call links (`bpftool gen object` takes a few).
pub const MAX_LINK_OBJECTS: usize = 64;
/// The most bytes the objects of one call hold together.
pub const MAX_LINK_BYTES: usize = 64 << 20;

/// Links `objects`, in their order, as `bpf_linker__new`,
/// `bpf_linker__add_file` for each and `bpf_linker__finalize` do, and
/// returns the linked ELF file.
pub fn link_objects(objects: &[Vec<u8>]) -> BpfResult<Vec<u8>> {
    if objects.len() > MAX_LINK_OBJECTS {
        return Err(too_big(format!("{} objects to link: at most {MAX_LINK_OBJECTS}", objects.len())));
    }
    let total: usize = objects.iter().map(Vec::len).sum();
    if total > MAX_LINK_BYTES {
        return Err(too_big(format!("{total} bytes of objects to link: at most {MAX_LINK_BYTES}")));
    }
    for (index, object) in objects.iter().enumerate() {
        // libbpf's linker follows BTF references as its loader does:
        // checked first, as `object.open` checks them.
        crate::btf_check::check_object(object).map_err(|mut e| {
            e.message = format!("object {index}: {}", e.message);
            e
        })?;
    }
    let mut output = memfd("wasi-bpf-linked")?;
    let inputs = objects
        .iter()
        .enumerate()
        .map(|(index, bytes)| Ok((format!("object {index}"), memfd_holding(bytes, index)?)))
        .collect::<BpfResult<Vec<_>>>()?;
    let (linked, _) = libbpf_log::capture(|| link_fds(&output, &inputs));
    linked.map_err(|(errno, context)| linker_error(errno, context, &output, &inputs))?;
    read_all(&mut output)
}

/// Runs libbpf's linker from the `inputs` into `output`: the failing
/// step's errno and what it was doing on failure.
fn link_fds(output: &File, inputs: &[(String, File)]) -> Result<(), (i32, String)> {
    // SAFETY: a valid fd the linker writes to but does not own
    // (`bpf_linker__new_fd`); the options may be NULL.
    let linker = unsafe { libbpf_sys::bpf_linker__new_fd(output.as_raw_fd(), std::ptr::null_mut()) };
    let linker = FreeOnDrop(NonNull::new(linker).ok_or_else(|| (errno(), "creating the linker".to_string()))?);
    for (name, input) in inputs {
        // SAFETY: a live linker and a readable fd it does not keep.
        let err = unsafe { libbpf_sys::bpf_linker__add_fd(linker.0.as_ptr(), input.as_raw_fd(), std::ptr::null()) };
        if err != 0 {
            return Err((-err, format!("adding {name}")));
        }
    }
    // SAFETY: a live linker.
    let err = unsafe { libbpf_sys::bpf_linker__finalize(linker.0.as_ptr()) };
    if err != 0 {
        return Err((-err, "finalizing the linked object".to_string()));
    }
    Ok(())
}

/// The linker of [`link_fds`], freed whatever happens.
struct FreeOnDrop(NonNull<libbpf_sys::bpf_linker>);

impl Drop for FreeOnDrop {
    fn drop(&mut self) {
        // SAFETY: made by `bpf_linker__new_fd`, freed once.
        unsafe { libbpf_sys::bpf_linker__free(self.0.as_ptr()) }
    }
}

/// The error for a failed link: libbpf's message (its first warning),
/// with the memfds' `fd:N` names replaced by the objects' places in the
/// call (a guest sees no fd of the host). An object libbpf refuses is
/// bad input whatever errno it chose (EINVAL, EOPNOTSUPP for another
/// byte order or kind of ELF file, ...); only a lack of memory is not.
fn linker_error(errno: i32, context: String, output: &File, inputs: &[(String, File)]) -> BpfError {
    let mut err = BpfError::from_errno(errno, format_args!("linking BPF objects: {context}"));
    if let Some(warning) = libbpf_log::first_warning() {
        let mut names: Vec<(i32, &str)> = inputs.iter().map(|(name, input)| (input.as_raw_fd(), name.as_str())).collect();
        names.push((output.as_raw_fd(), "the linked object"));
        // Longest numbers first: `fd:1` is a prefix of `fd:12`.
        names.sort_by(|a, b| b.0.cmp(&a.0));
        let mut warning = warning;
        for (fd, name) in names {
            warning = warning.replace(&format!("fd:{fd}"), name);
        }
        err.message = format!("{}: {warning}", err.message);
    }
    if err.code != ErrorCode::OutOfMemory {
        err.code = ErrorCode::InvalidArgument;
    }
    err
}

fn too_big(message: String) -> BpfError {
    BpfError { errno: Some(libc::E2BIG), ..BpfError::invalid_argument(message) }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)
}

/// A new memfd, closed on exec and when dropped.
fn memfd(name: &str) -> BpfResult<File> {
    let name = CString::new(name).expect("memfd names have no NUL");
    // SAFETY: a NUL-terminated name; the fd returned is ours alone.
    let fd = unsafe { libc::memfd_create(name.as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(BpfError::last_os_error("memfd_create"));
    }
    // SAFETY: a fresh fd nothing else owns.
    Ok(File::from(unsafe { OwnedFd::from_raw_fd(fd) }))
}

/// A memfd holding `bytes`, read from its start.
fn memfd_holding(bytes: &[u8], index: usize) -> BpfResult<File> {
    let mut file = memfd(&format!("wasi-bpf-link-input-{index}"))?;
    file.write_all(bytes).map_err(|e| BpfError::from_io(&e, "writing an object to link"))?;
    file.seek(SeekFrom::Start(0)).map_err(|e| BpfError::from_io(&e, "writing an object to link"))?;
    Ok(file)
}

/// What the linker wrote to `output`.
fn read_all(output: &mut File) -> BpfResult<Vec<u8>> {
    let mut linked = Vec::new();
    output
        .seek(SeekFrom::Start(0))
        .and_then(|_| output.read_to_end(&mut linked))
        .map_err(|e| BpfError::from_io(&e, "reading the linked object"))?;
    Ok(linked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_objects_are_refused_before_any_work() {
        let objects = vec![Vec::new(); MAX_LINK_OBJECTS + 1];
        let err = link_objects(&objects).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert_eq!(err.errno, Some(libc::E2BIG));
        assert!(err.message.contains("65 objects"), "{}", err.message);
    }

    #[test]
    fn garbage_gets_libbpfs_message_naming_the_object() {
        let err = link_objects(&[b"not an ELF file".to_vec()]).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument, "{err}");
        assert!(err.message.contains("object 0"), "{}", err.message);
        assert!(!err.message.contains("fd:"), "{}", err.message);
    }

    #[test]
    fn no_object_links_to_an_empty_elf_file() {
        let linked = link_objects(&[]).unwrap();
        assert_eq!(&linked[..4], b"\x7fELF");
    }
}
