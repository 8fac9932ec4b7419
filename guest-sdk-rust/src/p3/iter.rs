//! BPF iterators in the WASI 0.3 flavour (`wasi:bpf/iterators@0.3.0-draft`):
//! [`crate::iter`]'s attach calls on this flavour's handles, and an
//! [`Iter`] over `open-iter`'s `stream<u8>`: the kernel runs the iterator
//! only as far as the guest reads.

use std::future::IntoFuture;

use wit_bindgen::{FutureReader, StreamReader, StreamResult};

use super::bindings::wasi::bpf::iterators as raw;
use super::object::{Link, Program};
use super::Map;
use crate::bindings::wasi::bpf::types;
use crate::error::Result;
use crate::iter::IterOpts;

impl Program {
    /// Attaches this map-element iterator over the elements of `map`, a
    /// map of the program's own object (libbpf-rs' `attach_iter`).
    pub fn attach_iter(&self, map: &Map) -> Result<Link> {
        Ok(Link::from_raw(raw::attach_map_iter(self.as_raw(), map.as_raw())?))
    }

    /// Attaches this iterator program over what `opts` says. `opts` is
    /// the shared `IterOpts`, whose `Map` holds a WASI 0.2 map: give this
    /// flavour's map to [`Program::attach_iter`] instead.
    pub fn attach_iter_with_opts(&self, opts: IterOpts<'_>) -> Result<Link> {
        if let IterOpts::Map(_) = opts {
            return Err(crate::Error::invalid_argument(
                "IterOpts::Map holds a WASI 0.2 map: use attach_iter with a wasi_bpf::p3::Map",
            ));
        }
        Ok(Link::from_raw(raw::attach_iter(self.as_raw(), &opts.scope())?))
    }
}

/// A run of an iterator's output (libbpf-rs' `Iter`, async): every
/// [`Iter::new`] runs the iterator afresh.
pub struct Iter {
    reader: Option<StreamReader<u8>>,
    done: Option<FutureReader<std::result::Result<(), types::Error>>>,
}

impl Iter {
    /// Starts a run of the iterator behind `link`.
    pub fn new(link: &Link) -> Result<Self> {
        let (reader, done) = raw::open_iter(link.as_raw())?;
        Ok(Iter { reader: Some(reader), done: Some(done) })
    }

    /// Up to `max` (at least 1) more bytes of the run; empty once the run
    /// is complete, the error that ended it otherwise (its link gone:
    /// `closed`).
    pub async fn read(&mut self, max: usize) -> Result<Vec<u8>> {
        while let Some(reader) = self.reader.as_mut() {
            let (result, bytes) = reader.read(Vec::with_capacity(max.max(1))).await;
            if matches!(result, StreamResult::Dropped) {
                self.reader = None;
            }
            if !bytes.is_empty() {
                return Ok(bytes);
            }
        }
        if let Some(done) = self.done.take() {
            done.into_future().await?;
        }
        Ok(Vec::new())
    }

    /// The rest of the run.
    pub async fn read_to_end(&mut self) -> Result<Vec<u8>> {
        let mut all = Vec::new();
        loop {
            let bytes = self.read(64 * 1024).await?;
            if bytes.is_empty() {
                return Ok(all);
            }
            all.extend_from_slice(&bytes);
        }
    }
}
