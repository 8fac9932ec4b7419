//! Pins in bpffs (`wasi:bpf/pins`): the guest's maps, programs and links
//! pinned under the directories its policy names, and maps and links
//! opened from pins there.
//!
//! A pin outlives the guest by design: that is what pinning is for (a map
//! shared with the next run, a program kept attached across restarts).
//! Everything else the guest made still goes when it exits; the kernel
//! keeps only what a pin holds. Every path is resolved and judged by
//! [`crate::pin_path`] first; a guest unpins only pins of its own objects.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::sync::Arc;

use libbpf_rs::{AsRawLibbpf, MapCore, MapHandle};

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::kernel_object::{kind_of, KernelObject, Kind};
use crate::libbpf_name::lossy;
use crate::limits::{Claim, Counted, Usage};
use crate::loaded::Loaded;
use crate::link::BpfLink;
use crate::map::{map_info, BpfMap};
use crate::pin_path::{OpenedPin, PinPlace};
use crate::policy::Policy;
use crate::program::{self, BpfProgram};
use crate::sockmap;

/// A map's pin as libbpf's `bpf_map__pin_path` and `bpf_map__is_pinned`
/// give it: the path load pins it at (or the guest pinned it at last),
/// and whether a pin of it made by the guest or its load is there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapPin {
    pub path: Option<String>,
    pub pinned: bool,
}

impl MapPin {
    /// Map `map` of `loaded`'s: what the guest did after load, else
    /// libbpf's state from the load.
    pub(crate) fn of_loaded(loaded: &Loaded, map: &libbpf_rs::Map<'_>) -> MapPin {
        if let Some(pin) = loaded.map_pins.get(&lossy(map.name())) {
            return pin.clone();
        }
        let ptr = map.as_libbpf_object().as_ptr();
        // SAFETY: a live map of a live object.
        MapPin { path: libbpf_pin_path(ptr), pinned: unsafe { libbpf_rs::libbpf_sys::bpf_map__is_pinned(ptr) } }
    }
}

/// libbpf's pin path of a live map, if it has one.
pub(crate) fn libbpf_pin_path(map: *mut libbpf_rs::libbpf_sys::bpf_map) -> Option<String> {
    // SAFETY: callers pass a live map; libbpf returns its own string or NULL.
    let path = unsafe { libbpf_rs::libbpf_sys::bpf_map__pin_path(map) };
    // SAFETY: a NUL-terminated string libbpf owns, copied at once.
    (!path.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(path) }.to_string_lossy().into_owned())
}

impl BpfMap {
    /// Pins this map at `path`, counted against `usage`'s `pins`.
    pub fn pin(&self, policy: &Policy, usage: &Usage, path: &str) -> BpfResult<()> {
        let what = format!("pinning map '{}'", self.name());
        let place = PinPlace::resolve(policy, path, &what)?;
        let map = crate::map_sharing::duplicate(self)?;
        let pin = || {
            counted(usage, &what, path, || {
                sockmap::check_runs_none(map.as_fd(), self.map_type(), &what)?;
                pin_fd(map.as_fd(), &place, &what)
            })
        };
        match self.object_ref() {
            // Under the object's lock, which attach-sockmap holds too: no
            // program goes on the map between the check and the pin.
            Some(object) => object.with("map", |loaded| {
                pin()?;
                // libbpf's `bpf_map__pin` keeps the path and marks the map pinned.
                loaded.map_pins.insert(self.name().to_string(), MapPin { path: Some(path.to_string()), pinned: true });
                Ok(())
            }),
            None => pin(),
        }
    }

    /// Removes the pin at `path`, which must be of this map.
    pub fn unpin(&self, policy: &Policy, path: &str) -> BpfResult<()> {
        let what = format!("unpinning map '{}'", self.name());
        let place = PinPlace::resolve(policy, path, &what)?;
        let map = crate::map_sharing::duplicate(self)?;
        match self.object_ref() {
            // The unpin and its record under one lock, as `pin`.
            Some(object) => object.with("map", |loaded| {
                unpin_own(map.as_fd(), &place, &what)?;
                // libbpf's `bpf_map__unpin` keeps the path, unmarks the map.
                let path = self.state_in(loaded)?.path;
                loaded.map_pins.insert(self.name().to_string(), MapPin { path, pinned: false });
                Ok(())
            }),
            None => unpin_own(map.as_fd(), &place, &what),
        }
    }

    /// This map's pin (`wasi:bpf/pins` `map-pin`); a map of no object has
    /// none, as libbpf keeps pin state only for an object's maps.
    pub fn pin_state(&self) -> BpfResult<MapPin> {
        match self.object_ref() {
            Some(object) => object.with("map", |loaded| self.state_in(loaded)),
            None => self.with_handle(|_| MapPin::default()),
        }
    }

    /// This map's pin, as `loaded` (its object) has it.
    fn state_in(&self, loaded: &Loaded) -> BpfResult<MapPin> {
        let map = loaded
            .object
            .maps()
            .find(|m| lossy(m.name()) == self.name())
            .ok_or_else(|| BpfError::not_found(format_args!("map '{}'", self.name())))?;
        Ok(MapPin::of_loaded(loaded, &map))
    }

    /// Opens the map pinned at `path`; `claim` is its share of the
    /// guest's object limit.
    pub fn open_pinned(policy: &Policy, path: &str, claim: Claim) -> BpfResult<BpfMap> {
        let pin = OpenedPin::open(policy, path, "opening a pinned map")?;
        let canonical = pin.canonical().to_string();
        let what = format!("opening pinned map '{canonical}'");
        expect_kind(&pin, Kind::Map)?;
        let handle = MapHandle::from_pinned_path(pin.fd_path()).map_err(|e| BpfError::from_libbpf(&e, &what))?;
        let info = map_info(&handle).map_err(|e| naming(e, &what))?;
        // The judgement a load makes of each map it creates: a type may
        // need a capability of its own (stack traces hold kernel
        // addresses, device and socket maps redirect packets), and a pin
        // is no way around it.
        policy.check_map_type(format_args!("opening pinned map '{}' at {path:?}", info.name), info.map_type)?;
        BpfMap::unowned(handle, info, Arc::new([claim])).map_err(|e| naming(e, &what))
    }
}

impl BpfProgram {
    /// Pins this program at `path`: it stays loaded while the pin lives.
    /// Counted against `usage`'s `pins`.
    pub fn pin(&self, policy: &Policy, usage: &Usage, path: &str) -> BpfResult<()> {
        let name = self.name();
        let what = format!("pinning program '{name}'");
        let place = PinPlace::resolve(policy, path, &what)?;
        counted(usage, &what, path, || {
            self.object().with("program", |loaded| {
                let mut prog = program::find(&loaded.object, name)?;
                prog.pin(place.fd_path()).map_err(|e| BpfError::from_libbpf(&e, format_args!("{what} at '{}'", place.canonical())))
            })
        })
    }

    /// Removes the pin at `path`, which must be of this program.
    pub fn unpin(&self, policy: &Policy, path: &str) -> BpfResult<()> {
        let name = self.name();
        let what = format!("unpinning program '{name}'");
        let place = PinPlace::resolve(policy, path, &what)?;
        self.object().with("program", |loaded| {
            let prog = program::find(&loaded.object, name)?;
            // SAFETY: a live program of a live object.
            let fd = unsafe { libbpf_rs::libbpf_sys::bpf_program__fd(prog.as_libbpf_object().as_ptr()) };
            if fd < 0 {
                return Err(BpfError::invalid_argument(format!("{what}: the program is not loaded (its autoload was off)")));
            }
            // SAFETY: the program's fd, alive while `loaded` is borrowed.
            unpin_own(unsafe { BorrowedFd::borrow_raw(fd) }, &place, &what)
        })
    }
}

impl BpfLink {
    /// Pins this link at `path`: the program stays attached while the pin
    /// lives, whatever becomes of the guest. A socket filter is no kernel
    /// link and cannot be pinned (the kernel's `invalid-argument`).
    /// Counted against `usage`'s `pins`.
    pub fn pin(&self, policy: &Policy, usage: &Usage, path: &str) -> BpfResult<()> {
        let what = "pinning a link";
        let place = PinPlace::resolve(policy, path, what)?;
        counted(usage, what, path, || self.with_fd(|fd| pin_fd(fd, &place, what))?)
    }

    /// Removes the pin at `path`, which must be of this link.
    pub fn unpin(&self, policy: &Policy, path: &str) -> BpfResult<()> {
        let what = "unpinning a link";
        let place = PinPlace::resolve(policy, path, what)?;
        self.with_fd(|fd| unpin_own(fd, &place, what))?
    }

    /// Opens the link pinned at `path`; `claim` is its share of the
    /// guest's link limit.
    pub fn open_pinned(policy: &Policy, path: &str, claim: Claim) -> BpfResult<BpfLink> {
        let pin = OpenedPin::open(policy, path, "opening a pinned link")?;
        expect_kind(&pin, Kind::Link)?;
        let link = libbpf_rs::Link::open(pin.fd_path())
            .map_err(|e| BpfError::from_libbpf(&e, format_args!("opening pinned link '{}'", pin.canonical())))?;
        Ok(BpfLink::from_pin(link, claim))
    }
}

/// Makes a pin with `make` (`what` at `path`, judged already), counted
/// against the guest's `pins` limit for the rest of the run once made: a
/// pin outlives its handle and the guest.
fn counted(usage: &Usage, what: &str, path: &str, make: impl FnOnce() -> BpfResult<()>) -> BpfResult<()> {
    let claim = usage.claim(Counted::Pins, 1).map_err(|e| naming(e, &format!("{what} at {path:?}")))?;
    make()?;
    claim.keep();
    Ok(())
}

/// `err` with `what` (the request, naming the pin) before its message.
fn naming(mut err: BpfError, what: &str) -> BpfError {
    err.message = format!("{what}: {}", err.message);
    err
}

/// `BPF_OBJ_PIN` of `fd` at `place`. libbpf's own pin calls would keep
/// the `/proc/self/fd` path (for a later unpin by it), which names nothing
/// once `place` is gone.
fn pin_fd(fd: BorrowedFd<'_>, place: &PinPlace, what: &str) -> BpfResult<()> {
    let path = std::ffi::CString::new(place.fd_path()).map_err(|_| BpfError::invalid_argument("pin path contains NUL"))?;
    // SAFETY: a live fd and a NUL-terminated path.
    let ret = unsafe { libbpf_rs::libbpf_sys::bpf_obj_pin(fd.as_raw_fd(), path.as_ptr()) };
    if ret < 0 {
        return Err(BpfError::from_errno(-ret, format_args!("{what} at '{}'", place.canonical())));
    }
    Ok(())
}

/// Removes the pin at `place` if it pins the very kernel object of `fd`:
/// a guest removes its own pins, never what others pinned next to them.
/// The name is opened as itself (a symlink is refused), and removed only
/// if it still names the file that was judged.
pub(crate) fn unpin_own(fd: BorrowedFd<'_>, place: &PinPlace, what: &str) -> BpfResult<()> {
    let canonical = place.canonical();
    let Some(pin) = place.open_no_follow(what)? else {
        return Err(BpfError::not_found(format_args!("{what}: pin '{canonical}'")));
    };
    let pinned = get(&pin.fd_path(), &canonical)?;
    let ours = KernelObject::of(fd, what)?;
    let theirs = KernelObject::of(pinned.as_fd(), format_args!("pin {:?}", place.asked()))?;
    // Kind and id: maps, programs and links are numbered apart. The
    // other object's id is not the guest's to learn.
    if ours != theirs {
        return Err(BpfError::new(
            ErrorCode::PermissionDenied,
            format!(
                "{what} at {:?}: it pins another kernel object, not this {}; a guest removes only its own pins",
                place.asked(),
                ours.kind
            ),
        ));
    }
    place.unlink(&pin, what)
}

/// `BPF_OBJ_GET` of `path` (a `/proc/self/fd` path of a judged pin).
fn get(path: &str, canonical: &str) -> BpfResult<OwnedFd> {
    let cpath = std::ffi::CString::new(path).map_err(|_| BpfError::invalid_argument("pin path contains NUL"))?;
    // SAFETY: a NUL-terminated path.
    let fd = unsafe { libbpf_rs::libbpf_sys::bpf_obj_get(cpath.as_ptr()) };
    if fd < 0 {
        return Err(BpfError::from_errno(-fd, format_args!("opening pin '{canonical}'")));
    }
    // SAFETY: a new fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Fails with `invalid-argument` unless the pin holds a `want`.
fn expect_kind(pin: &OpenedPin, want: Kind) -> BpfResult<()> {
    let fd = get(&pin.fd_path(), pin.canonical())?;
    match kind_of(fd.as_fd(), format_args!("pin '{}'", pin.canonical()))? {
        Some(kind) if kind == want => Ok(()),
        Some(other) => Err(BpfError::invalid_argument(format!("pin '{}' holds a {other}, not a {want}", pin.canonical()))),
        None => Err(BpfError::invalid_argument(format!("pin '{}' holds no map, program or link", pin.canonical()))),
    }
}
