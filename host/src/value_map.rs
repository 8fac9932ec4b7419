//! Maps of values without keys (queue, stack, bloom filter), and freezing
//! a map: the kernel calls with a NULL key that libbpf-rs's keyed API does
//! not cover.

use std::os::fd::{AsFd, AsRawFd};

use libbpf_rs::libbpf_sys;
use libbpf_rs::MapType;

use crate::error::{BpfError, BpfResult};
use crate::map::BpfMap;

impl BpfMap {
    /// Adds `value` to a queue, stack or bloom filter; a full queue or
    /// stack drops its oldest value when `replace_oldest` (BPF_EXIST).
    pub fn push(&self, value: &[u8], replace_oldest: bool) -> BpfResult<()> {
        self.value_only("push", &[MapType::Queue, MapType::Stack, MapType::BloomFilter])?;
        self.check_len("value", value.len(), self.info()?.value_size as usize)?;
        let flags = if replace_oldest { libbpf_sys::BPF_EXIST } else { libbpf_sys::BPF_ANY } as u64;
        // SAFETY: a NULL key is what these maps take; `value` has the map's value size.
        self.syscall("push", |fd| unsafe {
            libbpf_sys::bpf_map_update_elem(fd, std::ptr::null(), value.as_ptr().cast(), flags)
        })
        .map_err(|e| self.update_error(e))
    }

    /// Takes the next value of a queue (oldest) or stack (newest); `None`
    /// when it is empty.
    pub fn pop(&self) -> BpfResult<Option<Vec<u8>>> {
        // SAFETY: a NULL key is what these maps take; `value` has room for one value.
        self.take_value("pop", |fd, value| unsafe {
            libbpf_sys::bpf_map_lookup_and_delete_elem(fd, std::ptr::null(), value)
        })
    }

    /// The value `pop` would take, left in place.
    pub fn peek(&self) -> BpfResult<Option<Vec<u8>>> {
        // SAFETY: as for pop.
        self.take_value("peek", |fd, value| unsafe { libbpf_sys::bpf_map_lookup_elem(fd, std::ptr::null(), value) })
    }

    /// The value `read` gives of a queue or stack (writing one value into
    /// the buffer it gets), or `None` when there is none.
    fn take_value(
        &self,
        call: &str,
        read: impl FnOnce(i32, *mut std::ffi::c_void) -> i32,
    ) -> BpfResult<Option<Vec<u8>>> {
        self.value_only(call, &[MapType::Queue, MapType::Stack])?;
        let mut value = vec![0u8; self.info()?.value_size as usize];
        let found = self.maybe(call, || self.raw_call(|fd| read(fd, value.as_mut_ptr().cast())))?;
        Ok(found.then_some(value))
    }

    /// Whether a bloom filter may hold `value` (false: it surely does not).
    pub fn contains(&self, value: &[u8]) -> BpfResult<bool> {
        self.value_only("contains", &[MapType::BloomFilter])?;
        self.check_len("value", value.len(), self.info()?.value_size as usize)?;
        let mut probe = value.to_vec();
        // SAFETY: the kernel reads one value from `probe`.
        self.maybe("contains", || unsafe {
            self.raw_call(|fd| libbpf_sys::bpf_map_lookup_elem(fd, std::ptr::null(), probe.as_mut_ptr().cast()))
        })
    }

    /// Makes the map read-only for user space (BPF programs may still
    /// write it); updates from the guest then fail with `permission-denied`.
    pub fn freeze(&self) -> BpfResult<()> {
        // SAFETY: a plain syscall on the map's fd.
        self.syscall("freeze", |fd| unsafe { libbpf_sys::bpf_map_freeze(fd) })
    }

    fn value_only(&self, call: &str, types: &[MapType]) -> BpfResult<()> {
        let info = self.info()?;
        if !types.contains(&info.map_type) {
            return Err(BpfError::invalid_argument(format!(
                "{call}: map '{}' is a {:?}, not one of {types:?}",
                info.name, info.map_type
            )));
        }
        Ok(())
    }

    /// Runs a libbpf call on the map's fd: its negative errno, or 0.
    fn raw_call(&self, f: impl FnOnce(i32) -> i32) -> BpfResult<i32> {
        self.with_handle(|m| f(m.as_fd().as_raw_fd()))
    }

    fn syscall(&self, what: &str, f: impl FnOnce(i32) -> i32) -> BpfResult<()> {
        match self.raw_call(f)? {
            0 => Ok(()),
            e => Err(BpfError::from_errno(-e, format_args!("{what} on map '{}'", self.name()))),
        }
    }

    /// A call where ENOENT means "nothing there": Ok(false).
    fn maybe(&self, what: &str, f: impl FnOnce() -> BpfResult<i32>) -> BpfResult<bool> {
        match f()? {
            0 => Ok(true),
            e if -e == libc::ENOENT => Ok(false),
            e => Err(BpfError::from_errno(-e, format_args!("{what} on map '{}'", self.name()))),
        }
    }
}
