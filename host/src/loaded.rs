//! The kernel side of a loaded object, shared by the object and by the
//! program, map, link and buffer handles made from it. It sits below all
//! of them: the handles reach the live object through it, and the object
//! empties it when the guest drops the object.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use libbpf_rs::MapCore;

use crate::error::{BpfError, BpfResult};
use crate::libbpf_name::lossy;
use crate::limits::ClaimSet;
use crate::link::DisconnectedLink;
use crate::owned::Children;
use crate::pins::MapPin;

/// The kernel side of a loaded object, shared with the handles made from
/// it; emptied when the object is dropped.
pub struct LoadedObject {
    inner: Mutex<Option<Loaded>>,
}

pub(crate) struct Loaded {
    // Field order matters: children (links, buffers, map fds) are released
    // before the object's programs and maps.
    pub children: Children,
    /// Links the guest disconnected (`link.disconnect`): attached until
    /// the object goes (`children` detaches them), each still counted
    /// against the guest's link limit after the guest dropped its handle.
    pub disconnected_links: Vec<DisconnectedLink>,
    pub object: libbpf_rs::Object,
    /// Device maps of the object with a program in an entry
    /// (`handle_map`'s update-interface), by name: emptied before the
    /// object goes (see the `Drop`).
    pub devmaps_with_programs: Vec<String>,
    /// Its share of the guest's limits, with those of maps of no object
    /// that its maps of maps or programs hold (`map_sharing`): kept by the
    /// objects that extend its programs, as long as they are extended.
    pub claims: Arc<ClaimSet>,
    /// The shares of the objects whose programs its extensions and their
    /// links keep in the kernel (`freplace`).
    pub extended: Vec<Arc<ClaimSet>>,
    /// The object's maps the guest pinned or unpinned after load, by
    /// name: the host pins through the map's fd, which libbpf's own pin
    /// state never sees (`pins::MapPin`).
    pub map_pins: HashMap<String, MapPin>,
    /// The object's maps that reused another's map at load
    /// (`shared-maps`' reuse-map), by name.
    pub reused_maps: Vec<String>,
}

impl Drop for Loaded {
    /// A device map's entry holds its program, and a program holds every
    /// map it uses: one that uses its own device map (or the map of maps
    /// holding it) would keep both in the kernel after the guest, as the
    /// kernel empties program arrays when user space lets go of them, but
    /// not device maps. Emptying those maps first breaks the cycle.
    fn drop(&mut self) {
        for map in self.object.maps() {
            if !self.devmaps_with_programs.iter().any(|name| *name == lossy(map.name())) {
                continue;
            }
            let keys: Vec<Vec<u8>> = map.keys().collect();
            for key in keys {
                let _ = map.delete(&key);
            }
        }
    }
}

impl LoadedObject {
    pub(crate) fn new(
        object: libbpf_rs::Object,
        reused_maps: Vec<String>,
        claims: Arc<ClaimSet>,
        extended: Vec<Arc<ClaimSet>>,
    ) -> Self {
        LoadedObject {
            inner: Mutex::new(Some(Loaded {
                children: Children::default(),
                object,
                disconnected_links: Vec::new(),
                devmaps_with_programs: Vec::new(),
                claims,
                extended,
                map_pins: HashMap::new(),
                reused_maps,
            })),
        }
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
