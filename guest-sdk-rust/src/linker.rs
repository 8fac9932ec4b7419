//! Linking BPF object files into one (`wasi:bpf/linker`), with
//! libbpf-rs's `Linker`: `Linker::new(output)`, `add_file`, `add_buf`,
//! `link`. The host links with libbpf's own linker, so `output` holds
//! the very bytes `bpftool gen object` writes for the same files.
//!
//! The files are the guest's (its preopened directories). As libbpf's,
//! `add_file` and `add_buf` refuse an object that does not link with
//! those added before (the host links them all at each call), and `new`
//! creates (or empties) `output`.
//!
//! ```no_run
//! # fn demo() -> wasi_bpf::Result<()> {
//! let mut linker = wasi_bpf::Linker::new("/out/linked.bpf.o")?;
//! linker.add_file("/obj/a.bpf.o")?;
//! linker.add_file("/obj/b.bpf.o")?;
//! linker.link()?;
//! # Ok(()) }
//! ```

use std::cell::Cell;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use crate::bindings::wasi::bpf::types;
use crate::error::{Error, ErrorCode, Result};

/// A flavour's `link-objects` call.
pub trait LinkObjects {
    fn link_objects(objects: &[Vec<u8>]) -> std::result::Result<Vec<u8>, types::Error>;
}

/// The WASI 0.2 flavour's `wasi:bpf/linker`.
pub struct P2Linker;

impl LinkObjects for P2Linker {
    fn link_objects(objects: &[Vec<u8>]) -> std::result::Result<Vec<u8>, types::Error> {
        crate::bindings::wasi::bpf::linker::link_objects(objects)
    }
}

/// libbpf-rs's `Linker` over flavour `F`'s host call ([`crate::Linker`],
/// `wasi_bpf::p3::Linker`).
pub struct LinkerOf<F: LinkObjects> {
    output: PathBuf,
    objects: Vec<Vec<u8>>,
    /// The host's link of `objects` (`None` before the first object).
    linked: Option<Vec<u8>>,
    /// After `link`: libbpf refuses a second (EINVAL).
    finalized: Cell<bool>,
    flavour: PhantomData<F>,
}

/// The WASI 0.2 flavour's linker.
pub type Linker = LinkerOf<P2Linker>;

impl<F: LinkObjects> LinkerOf<F> {
    /// A linker writing to `output`, which is created (or emptied) now.
    pub fn new<P: AsRef<Path>>(output: P) -> Result<Self> {
        let output = output.as_ref().to_path_buf();
        std::fs::File::create(&output).map_err(|e| io_error(&e, format_args!("failed to create '{}'", output.display())))?;
        Ok(LinkerOf { output, objects: Vec::new(), linked: None, finalized: Cell::new(false), flavour: PhantomData })
    }

    /// Adds the BPF object file at `file`.
    pub fn add_file<P: AsRef<Path>>(&mut self, file: P) -> Result<()> {
        let file = file.as_ref();
        let bytes = std::fs::read(file).map_err(|e| io_error(&e, format_args!("failed to open file '{}'", file.display())))?;
        self.add(bytes)
    }

    /// Adds the BPF object in `buf`.
    pub fn add_buf(&mut self, buf: &[u8]) -> Result<()> {
        self.add(buf.to_vec())
    }

    /// Writes the objects added, linked into one, to the output file.
    pub fn link(&self) -> Result<()> {
        if self.finalized.get() {
            return Err(Error::with(ErrorCode::InvalidArgument, Some(22), "bpf_linker__finalize failed: the linker was finalized"));
        }
        let linked = match &self.linked {
            Some(linked) => linked.clone(),
            // No object: libbpf's linker still writes an (empty) ELF file.
            None => F::link_objects(&[])?,
        };
        std::fs::write(&self.output, linked)
            .map_err(|e| io_error(&e, format_args!("failed to write '{}'", self.output.display())))?;
        self.finalized.set(true);
        Ok(())
    }

    fn add(&mut self, bytes: Vec<u8>) -> Result<()> {
        if self.finalized.get() {
            return Err(Error::with(ErrorCode::InvalidArgument, Some(22), "bpf_linker__add_file failed: the linker was finalized"));
        }
        self.objects.push(bytes);
        match F::link_objects(&self.objects) {
            Ok(linked) => {
                self.linked = Some(linked);
                Ok(())
            }
            Err(e) => {
                // Not added: the objects before it still link.
                self.objects.pop();
                Err(e.into())
            }
        }
    }
}

fn io_error(err: &std::io::Error, context: std::fmt::Arguments<'_>) -> Error {
    let code = match err.kind() {
        std::io::ErrorKind::NotFound => ErrorCode::NotFound,
        std::io::ErrorKind::PermissionDenied => ErrorCode::PermissionDenied,
        _ => ErrorCode::OsError,
    };
    // WASI's error numbers are not Linux's: none is given.
    Error::with(code, None, format!("{context}: {err}"))
}
