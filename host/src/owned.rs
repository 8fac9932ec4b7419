//! Kernel state that belongs to an object but is reached through handles
//! the guest holds (links, maps, buffers).
//!
//! The rule of `wasi:bpf` is that dropping an object releases everything
//! made from it, whatever handles the guest still has. So each such piece
//! of state lives in an [`Owned`] cell shared by the guest's handle and the
//! object's [`Children`] list: closing the object empties every cell (the
//! link detaches, the fd closes), and the handle then reports `closed`.

use std::sync::{Arc, Mutex, MutexGuard, Weak};

use crate::error::{BpfError, BpfResult};

/// A value the owning object can take away at any time.
pub struct Owned<T> {
    cell: Arc<Mutex<Option<T>>>,
    /// What the value is, for the `closed` error message.
    what: &'static str,
}

impl<T: Send + 'static> Owned<T> {
    /// Wraps `value` and registers it with its owner's `children`.
    pub fn new(value: T, what: &'static str, children: &mut Children) -> Self {
        let owned = Owned { cell: Arc::new(Mutex::new(Some(value))), what };
        children.register(Arc::downgrade(&owned.cell));
        owned
    }

    /// Wraps `value` that no object owns (a map or link opened from a pin):
    /// it goes with its handle alone.
    pub fn unowned(value: T, what: &'static str) -> Self {
        Owned { cell: Arc::new(Mutex::new(Some(value))), what }
    }

    /// Runs `f` on the value, or fails with `closed` once the owner is gone.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> BpfResult<R> {
        match lock(&self.cell).as_mut() {
            Some(value) => Ok(f(value)),
            None => Err(BpfError::closed(self.what)),
        }
    }

    /// Removes and returns the value now (an explicit detach).
    pub fn take(&self) -> Option<T> {
        lock(&self.cell).take()
    }
}

/// A second handle on the same cell (a user ring buffer's reservations
/// share their buffer's): closing the owner empties it for both.
impl<T> Clone for Owned<T> {
    fn clone(&self) -> Self {
        Owned { cell: self.cell.clone(), what: self.what }
    }
}

/// Everything an object must release when it is dropped, in creation order.
#[derive(Default)]
pub struct Children {
    cells: Vec<Box<dyn Close>>,
}

impl Children {
    fn register<T: Send + 'static>(&mut self, cell: Weak<Mutex<Option<T>>>) {
        // Forget handles the guest already dropped, so a guest that makes
        // and drops links in a loop does not grow this list.
        self.cells.retain(|c| c.is_live());
        self.cells.push(Box::new(cell));
    }

    /// Releases every child still alive, newest first (links before the
    /// buffers and maps they may use).
    pub fn close_all(&mut self) {
        while let Some(cell) = self.cells.pop() {
            cell.close();
        }
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        self.close_all();
    }
}

trait Close: Send {
    fn close(&self);
    fn is_live(&self) -> bool;
}

impl<T: Send> Close for Weak<Mutex<Option<T>>> {
    fn close(&self) {
        if let Some(cell) = self.upgrade() {
            // Drop the value outside the lock: dropping a link or buffer
            // makes syscalls, and nothing else should wait on them.
            let value = lock(&cell).take();
            drop(value);
        }
    }

    fn is_live(&self) -> bool {
        self.strong_count() > 0
    }
}

/// Locks a cell. A panic while holding the lock cannot leave the cell's
/// `Option` half-written, so a poisoned lock is still safe to use.
fn lock<T>(cell: &Mutex<T>) -> MutexGuard<'_, T> {
    cell.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_the_owner_empties_every_handle() {
        let mut children = Children::default();
        let a = Owned::new(1u32, "link", &mut children);
        let b = Owned::new(String::from("x"), "map", &mut children);
        assert_eq!(a.with(|v| *v).unwrap(), 1);
        children.close_all();
        assert_eq!(a.with(|v| *v).unwrap_err().code, crate::error::ErrorCode::Closed);
        assert!(b.with(|v| v.len()).is_err());
    }

    #[test]
    fn dropped_handles_are_forgotten() {
        let mut children = Children::default();
        for _ in 0..100 {
            drop(Owned::new(0u8, "link", &mut children));
        }
        assert!(children.cells.len() <= 1);
    }
}
