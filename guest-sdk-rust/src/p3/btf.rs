//! BTF in the WASI 0.3 flavour (`wasi:bpf/btf@0.3.0-draft`): the kernel's
//! and its modules' from the host, parsed into the crate's
//! [`crate::btf::Btf`] (the object's: [`super::Object::btf`]). Plain calls
//! (not async), as in the WASI 0.2 flavour.

use super::bindings::wasi::bpf::btf;
use crate::btf::Btf;
use crate::error::Result;

/// The kernel's BTF (see [`Btf::from_vmlinux`]).
pub fn from_vmlinux() -> Result<Btf<'static>> {
    Btf::from_bytes(&btf::kernel_btf()?)
}

/// The BTF of kernel module `name`, split over `vmlinux` (see
/// [`Btf::from_module`]).
pub fn from_module<'source>(name: &str, vmlinux: &'source Btf<'source>) -> Result<Btf<'source>> {
    Btf::from_split_bytes(&btf::module_btf(name)?, vmlinux)
}

/// The names of the loaded kernel modules that have BTF, sorted.
pub fn module_names() -> Result<Vec<String>> {
    Ok(btf::module_names()?)
}
