//! The integers `Object::add_to_global` adds to a running object's
//! `.data` / `.bss` globals, atomically as the BPF programs'
//! `__sync_fetch_and_add` does: 32- and 64-bit, signed or not.

use bytemuck::Pod;

use crate::error::{Error, Result};

/// An integer type the host can add to atomically: `u32`, `i32`, `u64`,
/// `i64`.
pub trait GlobalInteger: Pod + private::Sealed {
    /// Whether it is 64 bits wide (else 32).
    #[doc(hidden)]
    const WIDE: bool;
    /// Its bits, zero-extended, as the host takes a delta.
    #[doc(hidden)]
    fn to_delta(self) -> u64;
    /// The value the host gives back, truncated to the type.
    #[doc(hidden)]
    fn from_value(value: u64) -> Self;
}

mod private {
    pub trait Sealed {}
}

macro_rules! global_integer {
    ($t:ty, $unsigned:ty, $wide:expr) => {
        impl private::Sealed for $t {}
        impl GlobalInteger for $t {
            const WIDE: bool = $wide;
            fn to_delta(self) -> u64 {
                u64::from(self as $unsigned)
            }
            fn from_value(value: u64) -> Self {
                value as $unsigned as $t
            }
        }
    };
}

global_integer!(u32, u32, false);
global_integer!(i32, u32, false);
global_integer!(u64, u64, true);
global_integer!(i64, u64, true);

/// The byte offset of integer `index` of `T`s, and the deltas as the
/// host takes them.
pub(crate) fn add_arguments<T: GlobalInteger>(name: &str, index: u32, deltas: &[T]) -> Result<(u32, Vec<u64>)> {
    let offset = index
        .checked_mul(std::mem::size_of::<T>() as u32)
        .ok_or_else(|| Error::invalid_argument(format!("add_to_global '{name}': index {index} is past any global")))?;
    Ok((offset, deltas.iter().map(|d| d.to_delta()).collect()))
}
