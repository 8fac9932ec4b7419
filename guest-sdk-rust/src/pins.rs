//! Pins in bpffs (`wasi:bpf/pins`), with libbpf-rs' names: `Map::pin` /
//! `unpin`, `Program::pin` / `unpin`, `Link::pin` / `unpin` / `open`,
//! `MapHandle::from_pinned_path` (here [`Map::from_pinned_path`]: the
//! SDK's `MapHandle` is the trait over both flavours' handles), and
//! `OpenMapMut::set_pin_path` ([`crate::configure`]).
//!
//! The host allows pins only in the folders its policy names (`wasm-bpf
//! run --allow pin --target pin=DIR`); a pin outlives the guest.
//!
//! ```no_run
//! # fn demo(object: &wasi_bpf::Object, mut link: wasi_bpf::Link) -> wasi_bpf::Result<()> {
//! let mut counts = object.map("counts")?;
//! counts.pin("/sys/fs/bpf/app/counts")?;
//! link.pin("/sys/fs/bpf/app/link")?;
//! // the next run
//! // `<Map>`: the WASI 0.2 flavour's (the type's default handle).
//! let counts = <wasi_bpf::Map>::from_pinned_path("/sys/fs/bpf/app/counts")?;
//! # Ok(()) }
//! ```

use crate::bindings::wasi::bpf::bpf_map as raw;
use crate::bindings::wasi::bpf::pins;
use crate::error::Result;
use crate::map::Map;
use crate::program::{Link, Program};

impl Map<raw::Map> {
    /// Pins this map at `path`.
    pub fn pin(&mut self, path: impl AsRef<str>) -> Result<()> {
        Ok(pins::pin_map(self.as_raw(), path.as_ref())?)
    }

    /// Removes the pin at `path`, which must hold this map.
    pub fn unpin(&mut self, path: impl AsRef<str>) -> Result<()> {
        Ok(pins::unpin_map(self.as_raw(), path.as_ref())?)
    }

    /// Opens the map pinned at `path` (libbpf-rs'
    /// `MapHandle::from_pinned_path`), typed from the kernel's map info.
    pub fn from_pinned_path(path: impl AsRef<str>) -> Result<Self> {
        Map::from_raw(pins::open_map(path.as_ref())?)
    }

    /// Whether a pin of this map that the guest or its load made is there
    /// (libbpf-rs' `Map::is_pinned`): after a load that pinned it
    /// (`set_pin_path`, `LIBBPF_PIN_BY_NAME`) or [`Map::pin`], until
    /// [`Map::unpin`]. Never for a map of no object, as in libbpf-rs; nor
    /// once the map's object is gone.
    pub fn is_pinned(&self) -> bool {
        pins::map_pin(self.as_raw()).is_ok_and(|pin| pin.pinned)
    }

    /// The path the map is pinned at, or was last (libbpf-rs'
    /// `Map::get_pin_path`, owned here: the host keeps the path).
    pub fn get_pin_path(&self) -> Option<std::ffi::OsString> {
        pins::map_pin(self.as_raw()).ok()?.path.map(Into::into)
    }
}

impl Program {
    /// Pins this program at `path`: it stays loaded while the pin lives.
    pub fn pin(&mut self, path: impl AsRef<str>) -> Result<()> {
        Ok(pins::pin_program(self.as_raw(), path.as_ref())?)
    }

    /// Removes the pin at `path`, which must hold this program.
    pub fn unpin(&mut self, path: impl AsRef<str>) -> Result<()> {
        Ok(pins::unpin_program(self.as_raw(), path.as_ref())?)
    }
}

impl Link {
    /// Pins this link at `path`: the program stays attached while the pin
    /// lives, after the guest too.
    pub fn pin(&mut self, path: impl AsRef<str>) -> Result<()> {
        pins::pin_link(self.as_raw(), path.as_ref())?;
        self.set_pin_path(Some(path.as_ref().to_string()));
        Ok(())
    }

    /// Removes the link's pin (where [`Link::pin`] put it, or the one it
    /// was opened from); dropping the link then detaches it.
    pub fn unpin(&mut self) -> Result<()> {
        let Some(path) = self.pin_path().map(str::to_string) else {
            return Err(crate::Error::invalid_argument("the link is not pinned"));
        };
        pins::unpin_link(self.as_raw(), &path)?;
        self.set_pin_path(None);
        Ok(())
    }

    /// Opens the link pinned at `path` (libbpf-rs' `Link::open`).
    pub fn open(path: impl AsRef<str>) -> Result<Self> {
        let mut link = Link::from_raw(pins::open_link(path.as_ref())?);
        link.set_pin_path(Some(path.as_ref().to_string()));
        Ok(link)
    }
}
