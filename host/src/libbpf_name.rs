//! Names libbpf hands out (`OsStr`s of the object's ELF strings) as the
//! `String`s the guest sees: a name that is not UTF-8 is shown with
//! replacement characters rather than refused.

use std::ffi::OsStr;

pub(crate) fn lossy(s: &OsStr) -> String {
    s.to_string_lossy().into_owned()
}
