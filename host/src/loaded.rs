//! The kernel side of a loaded object, shared by the object and by the
//! program, map, link and buffer handles made from it. It sits below all
//! of them: the handles reach the live object through it, and the object
//! empties it when the guest drops the object.

use std::sync::Mutex;

use crate::error::{BpfError, BpfResult};
use crate::owned::Children;

/// The kernel side of a loaded object, shared with the handles made from
/// it; emptied when the object is dropped.
pub struct LoadedObject {
    inner: Mutex<Option<Loaded>>,
}

pub(crate) struct Loaded {
    // Field order matters: children (links, buffers, map fds) are released
    // before the object's programs and maps.
    pub children: Children,
    pub object: libbpf_rs::Object,
}

impl LoadedObject {
    pub(crate) fn new(object: libbpf_rs::Object) -> Self {
        LoadedObject { inner: Mutex::new(Some(Loaded { children: Children::default(), object })) }
    }

    /// Runs `f` on the live object, or fails with `closed`.
    pub(crate) fn with<R>(&self, what: &'static str, f: impl FnOnce(&mut Loaded) -> BpfResult<R>) -> BpfResult<R> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        match inner.as_mut() {
            Some(loaded) => f(loaded),
            None => Err(BpfError::closed(what)),
        }
    }

    /// Releases the kernel side: every handle made from the object then
    /// gets `closed`.
    pub(crate) fn close(&self) {
        let loaded = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(loaded);
    }
}
