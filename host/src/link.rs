//! Attachments. Whatever the attach call made (a libbpf link, a kernel
//! link fd, a packet socket carrying a filter, a tc filter), dropping it
//! detaches.

use std::os::fd::OwnedFd;

use crate::limits::Claim;
use crate::owned::{Children, Owned};

/// What keeps a program attached.
pub(crate) enum Attachment {
    /// A libbpf link (tracepoints, probes, cgroups, ...).
    // Held only to be dropped.
    Libbpf(#[allow(dead_code)] libbpf_rs::Link),
    /// A kernel link or socket fd the host made itself (XDP with a mode,
    /// socket filters): closing it detaches.
    Fd(#[allow(dead_code)] OwnedFd),
    /// A tc filter, which the kernel would keep after the host is gone:
    /// dropping it deletes it.
    Tc(#[allow(dead_code)] crate::tc::TcFilter),
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
