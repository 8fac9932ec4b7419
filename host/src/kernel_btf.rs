//! The kernel's BTF objects by id, within the guest's view: the BTF of
//! the guest's own loaded objects, and the kernel's own (vmlinux and its
//! modules, world-readable under `/sys/kernel/btf` anyway, and what libbpf
//! walks the ids for to find module BTF). Every other id (another
//! process's objects' BTF) is `not-found`, as an id no BTF has, so that a
//! guest learns nothing of other processes' BTF, not even that it exists.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::{Arc, Weak};

use libbpf_rs::{libbpf_sys as sys, AsRawLibbpf};

use crate::btf_data::MAX_BTF_BYTES;
use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::loaded::LoadedObject;
use crate::object::BpfObject;

/// What the kernel says of a BTF object (`bpf_btf_info`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BtfKernelInfo {
    pub id: u32,
    /// `vmlinux` or a module's name for the kernel's own; empty otherwise.
    pub name: String,
    pub kernel_btf: bool,
    pub size: u32,
}

/// The guest's loaded objects, whose BTF it may read by id.
#[derive(Default)]
pub struct GuestObjects(Vec<Weak<LoadedObject>>);

impl GuestObjects {
    pub(crate) fn add(&mut self, object: &Arc<LoadedObject>) {
        // Forget dropped objects, so a guest loading in a loop does not
        // grow the list.
        self.0.retain(|o| o.strong_count() > 0);
        self.0.push(Arc::downgrade(object));
    }

    /// The kernel BTF ids of the guest's live objects.
    fn btf_ids(&self) -> Vec<u32> {
        self.0.iter().filter_map(Weak::upgrade).filter_map(|object| object.btf_id().ok().flatten()).collect()
    }
}

impl LoadedObject {
    /// The id of the object's BTF in the kernel; `None` when it has none
    /// there (no `.BTF`, or a kernel that refused it).
    pub(crate) fn btf_id(&self) -> BpfResult<Option<u32>> {
        self.with("object", |loaded| {
            // SAFETY: a live object; the fd stays the object's.
            let fd = unsafe { sys::bpf_object__btf_fd(loaded.object.as_libbpf_object().as_ptr()) };
            if fd < 0 {
                return Ok(None);
            }
            Ok(Some(btf_info(fd, None)?.id))
        })
    }
}

impl BpfObject {
    /// The id of the loaded object's BTF; `not-found` when it has none in
    /// the kernel.
    pub fn btf_id(&self) -> BpfResult<u32> {
        self.loaded("object-btf-id")?
            .btf_id()?
            .ok_or_else(|| BpfError::not_found(format_args!("a BTF of object '{}' in the kernel", self.name())))
    }
}

/// `BPF_OBJ_GET_INFO_BY_FD` on a BTF fd; with `data`, also its bytes
/// (the buffer must be the BTF's size).
fn btf_info(fd: i32, data: Option<&mut [u8]>) -> BpfResult<BtfKernelInfo> {
    let mut name = [0u8; 64];
    // SAFETY: plain data; zeroed is valid.
    let mut info: sys::bpf_btf_info = unsafe { std::mem::zeroed() };
    info.name = name.as_mut_ptr() as u64;
    info.name_len = name.len() as u32;
    if let Some(data) = data {
        info.btf = data.as_mut_ptr() as u64;
        info.btf_size = data.len() as u32;
    }
    let mut len = std::mem::size_of::<sys::bpf_btf_info>() as u32;
    // SAFETY: a live fd; the pointers in `info` have the lengths given.
    let ret = unsafe { sys::bpf_btf_get_info_by_fd(fd, &mut info, &mut len) };
    if ret < 0 {
        return Err(BpfError::from_errno(-ret, "reading a BTF object's info"));
    }
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    Ok(BtfKernelInfo {
        id: info.id,
        name: String::from_utf8_lossy(&name[..end]).into_owned(),
        kernel_btf: info.kernel_btf != 0,
        size: info.btf_size,
    })
}

/// The BTF object `id`, open, with its info; `None` when no BTF has it
/// (any more).
fn open_btf(id: u32) -> BpfResult<Option<(OwnedFd, BtfKernelInfo)>> {
    // SAFETY: a plain syscall.
    let fd = unsafe { sys::bpf_btf_get_fd_by_id(id) };
    if fd == -libc::ENOENT {
        return Ok(None);
    }
    if fd < 0 {
        return Err(BpfError::from_errno(-fd, format_args!("opening BTF id {id}")));
    }
    // SAFETY: a new fd of ours.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let info = btf_info(fd.as_raw_fd(), None)?;
    Ok(Some((fd, info)))
}

/// The BTF objects the guest may read, by id ascending.
pub fn btf_objects(guest: &GuestObjects) -> BpfResult<Vec<BtfKernelInfo>> {
    let own = guest.btf_ids();
    let mut found = Vec::new();
    let mut id = 0;
    loop {
        // SAFETY: a plain syscall writing one u32.
        let ret = unsafe { sys::bpf_btf_get_next_id(id, &mut id) };
        if ret == -libc::ENOENT {
            return Ok(found);
        }
        if ret < 0 {
            return Err(BpfError::from_errno(-ret, "walking the kernel's BTF ids"));
        }
        // One freed between the two calls is skipped, as bpftool does.
        if let Some((_, info)) = open_btf(id)? {
            if info.kernel_btf || own.contains(&info.id) {
                found.push(info);
            }
        }
    }
}

/// The bytes of BTF object `id`, when the guest may read it.
pub fn btf_by_id(guest: &GuestObjects, id: u32) -> BpfResult<Vec<u8>> {
    let not_found = || {
        BpfError::new(ErrorCode::NotFound, format!("BTF id {id}: no BTF of the guest's objects or of the kernel has it"))
    };
    let (fd, info) = open_btf(id)?.ok_or_else(not_found)?;
    if !info.kernel_btf && !guest.btf_ids().contains(&id) {
        return Err(not_found());
    }
    let size = info.size as usize;
    if size > MAX_BTF_BYTES {
        return Err(BpfError::invalid_argument(format!(
            "BTF id {id} is {size} bytes, over the {MAX_BTF_BYTES} read of one BTF"
        )));
    }
    let mut data = vec![0u8; size];
    let again = btf_info(fd.as_raw_fd(), Some(&mut data))?;
    // A BTF object does not change; a size that did is not this one.
    if again.size as usize != size {
        return Err(not_found());
    }
    Ok(data)
}
