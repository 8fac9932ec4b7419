//! Attachments. Whatever the attach call made (a libbpf link, a kernel
//! link fd, a packet socket carrying a filter), dropping it detaches.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use crate::limits::Claim;
use crate::owned::{Children, Owned};

/// What keeps a program attached.
pub(crate) enum Attachment {
    /// A libbpf link (tracepoints, probes, cgroups, ...).
    Libbpf(libbpf_rs::Link),
    /// A kernel link or socket fd the host made itself (XDP with a mode,
    /// socket filters): closing it detaches.
    Fd(OwnedFd),
}

/// The `link` resource.
pub struct BpfLink {
    attachment: Owned<Attachment>,
    /// Its share of the guest's link limit, while the handle lives.
    claim: Option<Claim>,
}

impl BpfLink {
    pub(crate) fn new(attachment: Attachment, children: &mut Children) -> Self {
        BpfLink { attachment: Owned::new(attachment, "link", children), claim: None }
    }

    /// A link opened from a pin (`wasi:bpf/pins`), which no object of the
    /// guest owns: dropping it closes the host's fd, and the pin keeps the
    /// link (and its program) attached.
    pub(crate) fn from_pin(link: libbpf_rs::Link, claim: Claim) -> Self {
        BpfLink { attachment: Owned::unowned(Attachment::Libbpf(link), "link"), claim: Some(claim) }
    }

    /// Runs `f` on the fd that keeps the program attached (a kernel link,
    /// or a socket for a socket filter), or fails with `closed`.
    pub(crate) fn with_fd<R>(&self, f: impl FnOnce(BorrowedFd<'_>) -> R) -> crate::error::BpfResult<R> {
        self.attachment.with(|a| match a {
            Attachment::Libbpf(link) => f(link.as_fd()),
            Attachment::Fd(fd) => f(fd.as_fd()),
        })
    }

    /// Counts `claim` against the guest's limits for as long as the handle
    /// lives.
    pub fn hold(&mut self, claim: Claim) {
        self.claim = Some(claim);
    }

    /// Detaches now; a no-op once detached or after the object is gone.
    pub fn detach(&self) {
        drop(self.attachment.take());
    }

    /// Whether the program is still attached through this link.
    pub fn is_attached(&self) -> bool {
        self.attachment.with(|_| ()).is_ok()
    }
}

impl Drop for BpfLink {
    fn drop(&mut self) {
        self.detach();
    }
}
