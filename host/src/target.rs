//! Attach targets as the kernel will see them. A guest names a binary, a
//! cgroup, a network namespace or an interface with a string of its
//! choosing; the policy must judge what the kernel will attach to, so
//! each is resolved first. A path is opened once, named by the file it
//! opened (symlinks and `..` resolved, in the host's mount namespace; a
//! namespace by the namespace itself), and attached through that same
//! open file, so nothing can swap the target between the check and the
//! attach. An interface is named as the kernel names its index.

use std::ffi::{CStr, CString};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use crate::error::{BpfError, BpfResult};

/// A binary or library opened for a uprobe or a USDT probe (a uprobe at
/// the probe's address).
pub(crate) struct OpenBinary {
    file: OwnedFd,
    canonical: String,
}

impl OpenBinary {
    /// Opens `path`, which must be absolute: libbpf would search a bare
    /// name in the host's PATH or library folders, which a guest should
    /// neither depend on nor steer, and a relative path would depend on
    /// the host's working folder.
    pub(crate) fn open(path: &str) -> BpfResult<Self> {
        if !path.starts_with('/') {
            return Err(BpfError::invalid_argument(format!(
                "probed binary '{path}' is not an absolute path (the host does not search PATH or library folders)"
            )));
        }
        // O_PATH: opening reads nothing and cannot block (on a FIFO) or
        // act (on a device); the fd only names the file.
        let file = open(path, libc::O_PATH, "probed binary")?;
        // SAFETY: stat is plain data; zeroed is a valid value.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: fstat of an fd we own into a stat we own.
        if unsafe { libc::fstat(file.as_raw_fd(), &mut stat) } < 0 {
            return Err(BpfError::last_os_error(format_args!("probed binary '{path}'")));
        }
        if stat.st_mode & libc::S_IFMT != libc::S_IFREG {
            return Err(BpfError::invalid_argument(format!("probed binary '{path}' is not a regular file")));
        }
        let canonical = canonical_path(&file, path)?;
        Ok(OpenBinary { file, canonical })
    }

    pub(crate) fn canonical(&self) -> &str {
        &self.canonical
    }

    /// A path to the opened file for libbpf, which reads the ELF file and
    /// hands the kernel a path: `/proc/self/fd/N` resolves, in libbpf's
    /// open and in the kernel's lookup, to this very file (while `self`
    /// lives), for attach by symbol and by offset alike.
    pub(crate) fn fd_path(&self) -> String {
        format!("/proc/self/fd/{}", self.file.as_raw_fd())
    }
}

/// A cgroup v2 folder opened for a cgroup attach.
pub(crate) struct OpenCgroup {
    dir: OwnedFd,
    canonical: String,
}

impl OpenCgroup {
    /// Opens `path`: absolute, or relative to the host's cgroup v2 mount.
    pub(crate) fn open(path: &str) -> BpfResult<Self> {
        let full = cgroup_path(path)?;
        // The kernel takes a cgroup as an fd opened for reading; with
        // O_DIRECTORY nothing but a folder opens.
        let dir = open(&full, libc::O_RDONLY | libc::O_DIRECTORY, "cgroup")?;
        if file_system_type(&dir, format_args!("cgroup '{full}'"))? != libc::CGROUP2_SUPER_MAGIC as u64 {
            return Err(BpfError::invalid_argument(format!("cgroup '{full}' is not a folder of a cgroup v2 file system")));
        }
        let canonical = canonical_path(&dir, &full)?;
        Ok(OpenCgroup { dir, canonical })
    }

    pub(crate) fn canonical(&self) -> &str {
        &self.canonical
    }

    pub(crate) fn fd(&self) -> i32 {
        self.dir.as_raw_fd()
    }
}

/// A network namespace opened for a flow dissector or sk_lookup attach,
/// from its file (`/proc/PID/ns/net`, `/run/netns/NAME`): named by the
/// namespace itself, `net:[INODE]` as readlink of `/proc/PID/ns/net`
/// shows it, since any number of paths lead to one namespace. While this
/// lives, so does the namespace, and no other can take its number.
#[derive(Debug)]
pub(crate) struct OpenNetns {
    file: OwnedFd,
    identity: String,
}

/// `f_type` of the kernel's namespace file system (`NSFS_MAGIC`).
const NSFS_MAGIC: u64 = 0x6e73_6673;

impl OpenNetns {
    /// Opens `path`, which must be absolute (not relative to the host's
    /// working folder). The first open is `O_PATH`, which reads nothing
    /// and cannot block or act: a guest's path may name a FIFO or a
    /// device such as a watchdog. Only a file of the namespace file
    /// system is then opened for the kernel, through that same file.
    pub(crate) fn open(path: &str) -> BpfResult<Self> {
        let what = format!("network namespace '{path}'");
        if !path.starts_with('/') {
            return Err(BpfError::invalid_argument(format!("{what} is not an absolute path")));
        }
        let named = open(path, libc::O_PATH, "network namespace")?;
        if file_system_type(&named, &what)? != NSFS_MAGIC {
            return Err(BpfError::invalid_argument(format!(
                "{what} is not a namespace file (/proc/PID/ns/net, /run/netns/NAME)"
            )));
        }
        // The kernel takes a namespace as an fd opened for reading (an
        // O_PATH fd is none): the very file judged, reopened.
        let file = open(&format!("/proc/self/fd/{}", named.as_raw_fd()), libc::O_RDONLY | libc::O_NOCTTY, "network namespace")?;
        // SAFETY: an ioctl without argument on an fd we own.
        let kind = unsafe { libc::ioctl(file.as_raw_fd(), libc::NS_GET_NSTYPE) };
        if kind != libc::CLONE_NEWNET {
            return Err(BpfError::invalid_argument(format!("{what} is a namespace of another kind")));
        }
        // SAFETY: stat is plain data; zeroed is a valid value.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: fstat of an fd we own into a stat we own.
        if unsafe { libc::fstat(file.as_raw_fd(), &mut stat) } < 0 {
            return Err(BpfError::last_os_error(format_args!("{what}")));
        }
        Ok(OpenNetns { file, identity: format!("net:[{}]", stat.st_ino) })
    }

    /// `net:[INODE]`.
    pub(crate) fn identity(&self) -> &str {
        &self.identity
    }

    pub(crate) fn fd(&self) -> i32 {
        self.file.as_raw_fd()
    }
}

/// Network interface `name` in the host's network namespace: its index
/// and the kernel's name for it (`name` may be an alternative name, which
/// the kernel resolves too).
pub(crate) fn interface(name: &str) -> BpfResult<(u32, String)> {
    let cname = CString::new(name).map_err(|_| BpfError::invalid_argument(format!("interface name {name:?} contains NUL")))?;
    // SAFETY: a NUL-terminated string.
    let index = unsafe { libc::if_nametoindex(cname.as_ptr()) };
    if index == 0 {
        return Err(BpfError::not_found(format_args!("network interface '{name}'")));
    }
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: if_indextoname writes at most IF_NAMESIZE bytes, NUL included.
    if unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) }.is_null() {
        // Gone since: as if it had never been there.
        return Err(BpfError::not_found(format_args!("network interface '{name}'")));
    }
    // SAFETY: if_indextoname succeeded, so buf holds a NUL-terminated name.
    let kernel_name = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned();
    Ok((index, kernel_name))
}

/// The type (`statfs`' `f_type`) of the file system `fd` is on; `what`
/// names the file in errors.
pub(crate) fn file_system_type(fd: &OwnedFd, what: impl std::fmt::Display) -> BpfResult<u64> {
    // SAFETY: statfs is plain data; zeroed is a valid value.
    let mut fs: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: fstatfs of an fd we own into a statfs we own.
    if unsafe { libc::fstatfs(fd.as_raw_fd(), &mut fs) } < 0 {
        return Err(BpfError::last_os_error(format_args!("{what}")));
    }
    Ok(fs.f_type as u64)
}

/// Opens `path` with `flags` (and O_CLOEXEC); `what` names it in errors.
pub(crate) fn open(path: &str, flags: i32, what: &str) -> BpfResult<OwnedFd> {
    let cpath = CString::new(path).map_err(|_| BpfError::invalid_argument(format!("{what} path {path:?} contains NUL")))?;
    // SAFETY: a NUL-terminated path; open returns a new fd or -1.
    let fd = unsafe { libc::open(cpath.as_ptr(), flags | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(BpfError::last_os_error(format_args!("{what} '{path}'")));
    }
    // SAFETY: a new fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// The path of the file `fd` opened, as the kernel names it; `asked` is
/// the path it was opened by, for errors.
pub(crate) fn canonical_path(fd: &OwnedFd, asked: &str) -> BpfResult<String> {
    let link = std::fs::read_link(format!("/proc/self/fd/{}", fd.as_raw_fd()))
        .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), format_args!("resolving '{asked}'")))?;
    link.into_os_string()
        .into_string()
        .map_err(|p| BpfError::invalid_argument(format!("'{asked}' resolves to {p:?}, which is not UTF-8")))
}

/// A cgroup path: absolute, or relative to the cgroup v2 mount.
fn cgroup_path(path: &str) -> BpfResult<String> {
    if path.starts_with('/') {
        return Ok(path.to_string());
    }
    let mounts = std::fs::read_to_string("/proc/self/mounts")
        .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), "reading /proc/self/mounts"))?;
    let root = mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (_, mount_point, fs_type) = (f.next()?, f.next()?, f.next()?);
            (fs_type == "cgroup2").then(|| mount_point.to_string())
        })
        .next()
        .ok_or_else(|| BpfError::not_found("cgroup v2 mount"))?;
    Ok(format!("{}/{}", root.trim_end_matches('/'), path.trim_start_matches("./")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    /// A folder of its own under the temp folder, removed on drop.
    struct TempDir(std::path::PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("wasi-bpf-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir.canonicalize().unwrap())
        }

        fn path(&self, rest: &str) -> String {
            format!("{}/{rest}", self.0.display())
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_binary_is_named_by_the_file_it_opens() {
        let dir = TempDir::new("binary");
        std::fs::create_dir_all(dir.path("allowed")).unwrap();
        std::fs::create_dir_all(dir.path("outside")).unwrap();
        std::fs::write(dir.path("outside/x"), b"not really ELF").unwrap();
        std::os::unix::fs::symlink(dir.path("outside/x"), dir.path("allowed/link")).unwrap();
        let canonical = dir.path("outside/x");
        for asked in [dir.path("allowed/link"), dir.path("allowed/../outside/x"), dir.path("allowed/../allowed/link")] {
            let binary = OpenBinary::open(&asked).unwrap();
            assert_eq!(binary.canonical(), canonical, "{asked}");
            let through_fd = std::fs::read(binary.fd_path()).unwrap();
            assert_eq!(through_fd, b"not really ELF");
        }
    }

    #[test]
    fn a_binary_must_be_an_absolute_path_to_a_file() {
        let err = OpenBinary::open("libc.so.6").err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert!(err.message.contains("'libc.so.6' is not an absolute path"), "{}", err.message);
        let err = OpenBinary::open("/").err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert!(err.message.contains("not a regular file"), "{}", err.message);
        assert_eq!(OpenBinary::open("/wbt/no/such/binary").err().unwrap().code, ErrorCode::NotFound);
    }

    #[test]
    fn a_cgroup_must_be_a_cgroup_v2_folder() {
        let dir = TempDir::new("cgroup");
        let err = OpenCgroup::open(&dir.path("")).err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert!(err.message.contains("is not a folder of a cgroup v2 file system"), "{}", err.message);
        assert_eq!(OpenCgroup::open("/wbt/no/such/cgroup").err().unwrap().code, ErrorCode::NotFound);
    }

    #[test]
    fn interfaces_are_named_as_the_kernel_names_them() {
        assert_eq!(interface("lo").unwrap(), (1, "lo".to_string()));
        assert_eq!(interface("wbt-no-such-if").unwrap_err().code, ErrorCode::NotFound);
    }
}
