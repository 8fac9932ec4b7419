//! BPF iterators (`wasi:bpf/iterators`): libbpf-rs's
//! `Program::attach_iter` / `attach_iter_with_opts` (a map handle of the
//! program's own object where libbpf-rs takes a map fd, a cgroup path
//! where it takes a cgroup fd) and [`Iter`], which implements
//! [`std::io::Read`] over a fresh run of the iterator.

use std::io;

use crate::bindings::wasi::bpf::iterators as raw;
use crate::error::Result;
use crate::{Link, Map, Program};

pub use raw::CgroupIterOrder;

/// What an iterator walks (libbpf-rs's `IterOpts`).
#[derive(Clone)]
pub enum IterOpts<'a> {
    /// Everything its target walks.
    None,
    /// The elements of a map of the program's own object.
    Map(&'a Map),
    /// Cgroups from the cgroup at this path (within `--target cgroup=`).
    Cgroup(&'a str, CgroupIterOrder),
    /// Task iterators: one thread (not in libbpf-rs 0.27, whose task
    /// iterators walk every task).
    Thread(u32),
    /// Task iterators: the threads of one process (likewise).
    Process(u32),
}

impl IterOpts<'_> {
    /// The scope the host takes, for every option but `Map`.
    pub(crate) fn scope(&self) -> raw::IterScope {
        match self {
            IterOpts::None | IterOpts::Map(_) => raw::IterScope::All,
            IterOpts::Cgroup(path, order) => raw::IterScope::Cgroup((path.to_string(), *order)),
            IterOpts::Thread(tid) => raw::IterScope::Thread(*tid),
            IterOpts::Process(pid) => raw::IterScope::Process(*pid),
        }
    }
}

impl Program {
    /// Attaches this map-element iterator over the elements of `map`, a
    /// map of the program's own object.
    pub fn attach_iter(&self, map: &Map) -> Result<Link> {
        self.attach_iter_with_opts(IterOpts::Map(map))
    }

    /// Attaches this iterator program over what `opts` says.
    pub fn attach_iter_with_opts(&self, opts: IterOpts<'_>) -> Result<Link> {
        let link = match opts {
            IterOpts::Map(map) => raw::attach_map_iter(self.as_raw(), map.as_raw())?,
            _ => raw::attach_iter(self.as_raw(), &opts.scope())?,
        };
        Ok(Link::from_raw(link))
    }
}

/// A run of an iterator's output (libbpf-rs's `Iter`): every `Iter::new`
/// runs the iterator afresh; `read` gives 0 once the run is complete.
pub struct Iter {
    output: raw::IterOutput,
}

impl Iter {
    /// Starts a run of the iterator behind `link`.
    pub fn new(link: &Link) -> Result<Self> {
        Ok(Iter { output: raw::IterOutput::open(link.as_raw())? })
    }
}

impl io::Read for Iter {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let asked = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        let bytes = self.output.read(asked).map_err(|e| io::Error::other(crate::Error::from(e)))?;
        let got = bytes.len().min(buf.len());
        buf[..got].copy_from_slice(&bytes[..got]);
        Ok(got)
    }
}
