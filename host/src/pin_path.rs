//! Paths in bpffs as a guest names them for a pin, resolved before the
//! policy judges them.
//!
//! A guest's path is a string of its choosing. Each is checked for shape
//! (absolute, no `.` or `..` component) and the `pin` capability checked
//! (before the host touches the file system for it: a guest without `pin`
//! learns nothing of what exists), then the directory it names is opened
//! once, named by the folder it opened (symlinks resolved in the
//! host's mount namespace), judged by the policy (`pin` targets), checked
//! to be on a BPF file system, and handed to libbpf and the kernel as
//! `/proc/self/fd/N/NAME`: through that same open directory, so nothing
//! can move the pin elsewhere between the check and the syscall.

use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::policy::Policy;
use crate::target::{canonical_path, file_system_type, open};

/// `statfs`' `f_type` of a BPF file system (the kernel's `BPF_FS_MAGIC`).
const BPF_FS_MAGIC: libc::c_long = 0xcafe4a11;

/// The longest path the kernel takes (`PATH_MAX`, its NUL included).
const PATH_MAX: usize = 4095;

/// A place in an allowed directory of a BPF file system, for a pin to be
/// made, reused or removed.
pub(crate) struct PinPlace {
    dir: OwnedFd,
    dir_canonical: String,
    name: String,
    /// The path as the guest gave it, for denials.
    asked: String,
}

impl PinPlace {
    /// Resolves `path`'s directory and judges it; `what` names the request
    /// in errors (`pinning map 'counts'`).
    pub(crate) fn resolve(policy: &Policy, path: &str, what: &str) -> BpfResult<Self> {
        let (dir, name) = split(path)?;
        policy.check_pin_capability(path, what)?;
        let dir_fd = open(dir, libc::O_PATH | libc::O_DIRECTORY, "pin directory")?;
        let dir_canonical = canonical_path(&dir_fd, dir)?;
        policy.check_pin(&dir_canonical, path, what)?;
        on_bpf_fs(&dir_fd, &dir_canonical)?;
        Ok(PinPlace { dir: dir_fd, dir_canonical, name: name.to_string(), asked: path.to_string() })
    }

    /// The pin's path as the host's mount namespace names it.
    pub(crate) fn canonical(&self) -> String {
        format!("{}/{}", self.dir_canonical.trim_end_matches('/'), self.name)
    }

    /// The path to hand libbpf and the kernel while `self` lives: through
    /// the opened directory.
    pub(crate) fn fd_path(&self) -> String {
        format!("/proc/self/fd/{}/{}", self.dir.as_raw_fd(), self.name)
    }

    /// Whether something (a pin, a symlink) has this name already.
    pub(crate) fn exists(&self) -> BpfResult<bool> {
        Ok(self.stat()?.is_some())
    }

    /// Whether the name is a symlink: the kernel follows one when it opens
    /// a pin, to wherever it leads, which the policy never judged.
    pub(crate) fn is_symlink(&self) -> BpfResult<bool> {
        Ok(self.stat()?.is_some_and(|st| st.st_mode & libc::S_IFMT == libc::S_IFLNK))
    }

    fn stat(&self) -> BpfResult<Option<libc::stat>> {
        let name = c_name(&self.name)?;
        // SAFETY: stat is plain data; zeroed is a valid value.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: a directory fd we own, a NUL-terminated name, a stat we own.
        if unsafe { libc::fstatat(self.dir.as_raw_fd(), name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) } == 0 {
            return Ok(Some(st));
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::ENOENT) => Ok(None),
            _ => Err(BpfError::last_os_error(format_args!("pin '{}'", self.canonical()))),
        }
    }

    /// The path as the guest gave it.
    pub(crate) fn asked(&self) -> &str {
        &self.asked
    }

    /// The name as itself (`O_PATH | O_NOFOLLOW`), for an unpin: `None` if
    /// nothing has it. A symlink is refused: the kernel would follow it
    /// to wherever it leads, and unlinking it would remove the link, not
    /// the pin the guest named. `what` names the request in errors.
    pub(crate) fn open_no_follow(&self, what: &str) -> BpfResult<Option<PinFile>> {
        let name = c_name(&self.name)?;
        // SAFETY: a directory fd we own and a NUL-terminated name; openat
        // returns a new fd or -1.
        let fd = unsafe { libc::openat(self.dir.as_raw_fd(), name.as_ptr(), libc::O_PATH | libc::O_NOFOLLOW | libc::O_CLOEXEC) };
        if fd < 0 {
            return match std::io::Error::last_os_error().raw_os_error() {
                Some(libc::ENOENT) => Ok(None),
                _ => Err(BpfError::last_os_error(format_args!("{what}: pin '{}'", self.canonical()))),
            };
        }
        // SAFETY: a new fd that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        // SAFETY: stat is plain data; zeroed is a valid value.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: an fd we own (fstat takes O_PATH fds) and a stat we own.
        if unsafe { libc::fstat(fd.as_raw_fd(), &mut st) } < 0 {
            return Err(BpfError::last_os_error(format_args!("{what}: pin '{}'", self.canonical())));
        }
        if st.st_mode & libc::S_IFMT == libc::S_IFLNK {
            return Err(BpfError::invalid_argument(format!(
                "{what} at {:?}: it is a symbolic link; a pin is removed by its own name",
                self.asked
            )));
        }
        Ok(Some(PinFile { fd, dev: st.st_dev, ino: st.st_ino }))
    }

    /// Removes the name if it still names `pin`, the very file judged
    /// (the kernel object lives on while anything else holds it). The
    /// check is made right before `unlinkat`, which takes no file to
    /// match: a swap between the two (by root on the host, since a guest
    /// has no file system calls in bpffs) is the window left.
    pub(crate) fn unlink(&self, pin: &PinFile, what: &str) -> BpfResult<()> {
        match self.stat()? {
            Some(st) if st.st_dev == pin.dev && st.st_ino == pin.ino => {}
            _ => {
                return Err(BpfError::new(
                    ErrorCode::Busy,
                    format!("{what} at {:?}: the pin was replaced while being removed; nothing was removed", self.asked),
                ))
            }
        }
        let name = c_name(&self.name)?;
        // SAFETY: a directory fd we own and a NUL-terminated name.
        if unsafe { libc::unlinkat(self.dir.as_raw_fd(), name.as_ptr(), 0) } < 0 {
            return Err(BpfError::last_os_error(format_args!("{what}: unlinking '{}'", self.canonical())));
        }
        Ok(())
    }
}

/// A name in a [`PinPlace`] opened as itself (never through a symlink),
/// with the file it named then.
pub(crate) struct PinFile {
    fd: OwnedFd,
    dev: libc::dev_t,
    ino: libc::ino_t,
}

impl PinFile {
    /// A path to the opened file for the kernel's `BPF_OBJ_GET`.
    pub(crate) fn fd_path(&self) -> String {
        format!("/proc/self/fd/{}", self.fd.as_raw_fd())
    }
}

/// An existing pin, opened (following symlinks) and judged by the
/// directory it is really in.
pub(crate) struct OpenedPin {
    file: OwnedFd,
    canonical: String,
}

impl OpenedPin {
    pub(crate) fn open(policy: &Policy, path: &str, what: &str) -> BpfResult<Self> {
        split(path)?;
        policy.check_pin_capability(path, what)?;
        let file = open(path, libc::O_PATH, "pin")?;
        let canonical = canonical_path(&file, path)?;
        let dir = canonical.rsplit_once('/').map_or("/", |(dir, _)| if dir.is_empty() { "/" } else { dir });
        policy.check_pin(dir, path, what)?;
        on_bpf_fs(&file, &canonical)?;
        Ok(OpenedPin { file, canonical })
    }

    pub(crate) fn canonical(&self) -> &str {
        &self.canonical
    }

    /// A path to the opened pin for the kernel's `BPF_OBJ_GET`.
    pub(crate) fn fd_path(&self) -> String {
        format!("/proc/self/fd/{}", self.file.as_raw_fd())
    }
}

/// `path` as its directory and final name: absolute, at most `PATH_MAX`,
/// without NUL, `.` or `..` components, and naming something inside a
/// directory.
fn split(path: &str) -> BpfResult<(&str, &str)> {
    let bad = |why: &str| BpfError::invalid_argument(format!("pin path {path:?}: {why}"));
    if !path.starts_with('/') {
        return Err(bad("not an absolute path"));
    }
    if path.len() > PATH_MAX {
        return Err(bad(&format!("longer than {PATH_MAX} bytes")));
    }
    if path.contains('\0') {
        return Err(bad("contains NUL"));
    }
    if path.split('/').any(|c| c == "." || c == "..") {
        return Err(bad("'.' and '..' components are not allowed: name the directory itself"));
    }
    let trimmed = path.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((dir, name)) if !name.is_empty() && !path.ends_with('/') => Ok((if dir.is_empty() { "/" } else { dir }, name)),
        _ => Err(bad("names a directory, not a pin inside one")),
    }
}

fn c_name(name: &str) -> BpfResult<CString> {
    CString::new(name).map_err(|_| BpfError::invalid_argument(format!("pin name {name:?} contains NUL")))
}

/// Fails unless `fd` is on a BPF file system: the kernel pins nowhere
/// else, and an open of anything else would be a file, not a pin.
fn on_bpf_fs(fd: &OwnedFd, canonical: &str) -> BpfResult<()> {
    if file_system_type(fd, format_args!("'{canonical}'"))? != BPF_FS_MAGIC as u64 {
        return Err(BpfError::new(
            ErrorCode::InvalidArgument,
            format!("'{canonical}' is not on a BPF file system (mount -t bpf bpf DIR): nothing can be pinned there"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_plain_paths_of_a_pin_in_a_directory() {
        assert_eq!(split("/sys/fs/bpf/app/counts").unwrap(), ("/sys/fs/bpf/app", "counts"));
        assert_eq!(split("/x").unwrap(), ("/", "x"));
        for bad in ["counts", "", "/sys/fs/bpf/app/", "/", "/sys/fs/bpf/../../etc/x", "/sys/fs/bpf/./x", "/sys/fs/bpf/x/..", "/a\0b"] {
            let err = split(bad).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArgument, "{bad:?}");
            assert!(err.message.contains(&format!("{bad:?}")), "{}", err.message);
        }
    }
}
