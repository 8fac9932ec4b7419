//! libbpf-rs's `MapFlags`: the kernel's `BPF_ANY`, `BPF_NOEXIST`,
//! `BPF_EXIST` and `BPF_F_LOCK` bits, and how they become the WIT's
//! update mode and locked calls.

use crate::bindings::wasi::bpf::bpf_map::UpdateMode;
use crate::error::{Error, Result};

bitflags::bitflags! {
    /// Flags of map calls, with the kernel's values (libbpf-rs's
    /// `MapFlags`): `ANY` (0), `NO_EXIST`, `EXIST`, `LOCK`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct MapFlags: u64 {
        /// Create the entry or replace it (`BPF_ANY`).
        const ANY = 0;
        /// Create the entry; fail if it exists (`BPF_NOEXIST`).
        const NO_EXIST = 1;
        /// Replace the entry; fail if it does not exist (`BPF_EXIST`).
        const EXIST = 2;
        /// Read or write the value under its `bpf_spin_lock` (`BPF_F_LOCK`).
        const LOCK = 4;
    }
}

impl MapFlags {
    /// The update mode these flags ask for, and whether under the value's
    /// lock. Bits the kernel does not define, or `NO_EXIST` with `EXIST`,
    /// are `invalid-argument` naming the flags, as the kernel's EINVAL.
    pub(crate) fn update_mode(self, call: &str) -> Result<(UpdateMode, bool)> {
        let mode = match (self.contains(Self::NO_EXIST), self.contains(Self::EXIST)) {
            (false, false) => UpdateMode::Any,
            (true, false) => UpdateMode::NoExist,
            (false, true) => UpdateMode::Exist,
            (true, true) => return Err(self.invalid(call)),
        };
        if self.bits() & !Self::all().bits() != 0 {
            return Err(self.invalid(call));
        }
        Ok((mode, self.contains(Self::LOCK)))
    }

    /// The update mode of a call that takes no `LOCK` (batches, per-CPU
    /// values, handles): `LOCK` is `invalid-argument` naming the flags.
    pub(crate) fn unlocked_update_mode(self, call: &str) -> Result<UpdateMode> {
        match self.update_mode(call)? {
            (mode, false) => Ok(mode),
            (_, true) => Err(self.invalid(call)),
        }
    }

    /// Whether a lookup with these flags reads under the value's lock:
    /// `ANY` and `LOCK` are the only flags a lookup takes.
    pub(crate) fn lookup_locked(self, call: &str) -> Result<bool> {
        if !(self - Self::LOCK).is_empty() || self.bits() & !Self::all().bits() != 0 {
            return Err(self.invalid(call));
        }
        Ok(self.contains(Self::LOCK))
    }

    /// Flags that must be zero (the kernel's batch `flags`).
    pub(crate) fn require_empty(self, call: &str) -> Result<()> {
        match self.bits() {
            0 => Ok(()),
            _ => Err(self.invalid(call)),
        }
    }

    fn invalid(self, call: &str) -> Error {
        Error::invalid_argument(format!("{call}: flags {:#x} are not valid here", self.bits()))
    }
}
