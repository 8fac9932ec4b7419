//! Atomic adds to a global variable in the memory a loaded object shares
//! with its BPF programs (the `.data` / `.bss` map, `BPF_F_MMAPABLE`).
//!
//! A guest's copy of a counter is never the kernel's memory: to reset a
//! counter the programs keep bumping (`__atomic_exchange_n(&c, 0, ..)`
//! natively), a plain write of 0 would drop what they counted between the
//! guest's read and its write. Adding the guest's change instead (`0 - c`)
//! with the same locked add the programs use keeps every one of them.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::error::{BpfError, BpfResult};

/// The width of the integers an add works on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegerWidth {
    Bits32,
    Bits64,
}

impl IntegerWidth {
    pub fn bytes(self) -> usize {
        match self {
            IntegerWidth::Bits32 => 4,
            IntegerWidth::Bits64 => 8,
        }
    }
}

/// Adds `deltas[i]` to the integer at `var + offset + i * width`, where
/// `var` points to variable `name` of `var_size` bytes in shared memory,
/// each with one atomic fetch-and-add; returns the values before the adds.
/// Everything is checked before the first add, so a refusal changes
/// nothing.
///
/// # Safety
/// `var` must point to `var_size` bytes that stay mapped, readable and
/// writable for the call.
pub unsafe fn add(name: &str, var: *mut u8, var_size: usize, offset: u32, width: IntegerWidth, deltas: &[u64]) -> BpfResult<Vec<u64>> {
    let bytes = width.bytes();
    let offset = offset as usize;
    let end = deltas.len().checked_mul(bytes).and_then(|len| len.checked_add(offset));
    if end.is_none_or(|end| end > var_size) {
        return Err(BpfError::invalid_argument(format!(
            "add-to-global: {} integers of {bytes} bytes from byte {offset} reach past global '{name}' ({var_size} bytes)",
            deltas.len()
        )));
    }
    // SAFETY: offset <= var_size, checked above.
    let start = unsafe { var.add(offset) };
    if start as usize % bytes != 0 {
        return Err(BpfError::invalid_argument(format!(
            "add-to-global: byte {offset} of global '{name}' is not aligned to {bytes} bytes"
        )));
    }
    if width == IntegerWidth::Bits32 {
        if let Some(delta) = deltas.iter().find(|d| **d > u64::from(u32::MAX)) {
            return Err(BpfError::invalid_argument(format!(
                "add-to-global: delta {delta} does not fit the 32-bit integers of global '{name}'"
            )));
        }
    }
    let before = deltas
        .iter()
        .enumerate()
        .map(|(i, &delta)| {
            // SAFETY: in bounds and aligned (checked above); the memory is
            // shared with the kernel, which only ever changes it with its
            // own atomic adds or plain stores, so atomics are the right
            // way to touch it.
            unsafe {
                let at = start.add(i * bytes);
                match width {
                    IntegerWidth::Bits32 => u64::from(AtomicU32::from_ptr(at.cast()).fetch_add(delta as u32, Ordering::SeqCst)),
                    IntegerWidth::Bits64 => AtomicU64::from_ptr(at.cast()).fetch_add(delta, Ordering::SeqCst),
                }
            }
        })
        .collect();
    Ok(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn adds_wrap_per_integer_and_return_the_values_before() {
        let mut words = [5u64, u64::MAX, 7];
        let var = words.as_mut_ptr().cast::<u8>();
        let before = unsafe { add("c", var, 24, 0, IntegerWidth::Bits64, &[0u64.wrapping_sub(5), 1, 3]) }.unwrap();
        assert_eq!(before, [5, u64::MAX, 7]);
        // The carry of the second word does not reach the third.
        assert_eq!(words, [0, 0, 10]);

        let mut halves = [1u32, u32::MAX];
        let var = halves.as_mut_ptr().cast::<u8>();
        let before = unsafe { add("h", var, 8, 4, IntegerWidth::Bits32, &[2]) }.unwrap();
        assert_eq!(before, [u64::from(u32::MAX)]);
        assert_eq!(halves, [1, 1]);
    }

    #[test]
    fn refusals_change_nothing() {
        let mut words = [1u64, 2];
        let var = words.as_mut_ptr().cast::<u8>();
        for (offset, width, deltas, needle) in [
            (8, IntegerWidth::Bits64, &[1u64, 1][..], "reach past"),
            (u32::MAX, IntegerWidth::Bits32, &[1][..], "reach past"),
            (4, IntegerWidth::Bits64, &[1][..], "not aligned"),
            (0, IntegerWidth::Bits32, &[1, 1 << 32][..], "does not fit"),
        ] {
            let err = unsafe { add("c", var, 16, offset, width, deltas) }.unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArgument);
            assert!(err.message.contains(needle), "{}", err.message);
        }
        assert_eq!(words, [1, 2]);
    }
}
