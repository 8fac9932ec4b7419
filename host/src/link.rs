//! Attachments. Whatever the attach call made (a libbpf link, a kernel
//! link fd, a packet socket carrying a filter, a tc filter), dropping it
//! detaches.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::sync::{Arc, Weak};

use libbpf_rs::libbpf_sys as sys;

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::limits::Claim;
use crate::loaded::LoadedObject;
use crate::owned::{Children, Owned};
use crate::program::BpfProgram;

/// What keeps a program attached.
pub(crate) enum Attachment {
    /// A libbpf link (tracepoints, probes, cgroups, ...).
    Libbpf(libbpf_rs::Link),
    /// A kernel link or socket fd the host made itself (XDP with a mode,
    /// socket filters): closing it detaches.
    Fd(OwnedFd),
    /// A tc filter, which the kernel would keep after the host is gone:
    /// dropping it deletes it.
    // Held only to be dropped.
    Tc(#[allow(dead_code)] crate::tc::TcFilter),
    /// A program attached to a socket map without a kernel link (before
    /// Linux 6.10): dropping it detaches it.
    // Held only to be dropped.
    Prog(#[allow(dead_code)] crate::sockmap::ProgAttachment),
}

impl Attachment {
    /// The kernel link or socket behind it; a tc filter and a program
    /// attached to a socket map have none.
    fn fd(&self) -> Option<BorrowedFd<'_>> {
        match self {
            Attachment::Libbpf(link) => Some(link.as_fd()),
            Attachment::Fd(fd) => Some(fd.as_fd()),
            Attachment::Tc(_) | Attachment::Prog(_) => None,
        }
    }

    /// Why an attachment without an fd has no kernel link.
    fn without_link(&self) -> &'static str {
        match self {
            Attachment::Prog(_) => "a program attached to a socket map before Linux 6.10 has no kernel link",
            _ => "a tc filter has no kernel link (attach-tcx makes one)",
        }
    }
}

/// The kernel links whose program `BPF_LINK_UPDATE` replaces (their
/// `update_prog` operation); the others refuse it.
const UPDATABLE_LINKS: &[u32] = &[
    sys::BPF_LINK_TYPE_CGROUP,
    sys::BPF_LINK_TYPE_NETNS,
    sys::BPF_LINK_TYPE_XDP,
    sys::BPF_LINK_TYPE_SOCKMAP,
    sys::BPF_LINK_TYPE_TCX,
    sys::BPF_LINK_TYPE_NETKIT,
];

/// The `link` resource.
pub struct BpfLink {
    attachment: Owned<Attachment>,
    /// The object of the attached program: only its programs replace it.
    object: Weak<LoadedObject>,
    /// Its share of the guest's link limit, while the handle lives.
    claim: Option<Claim>,
    /// `disconnect` was called: the object keeps the attachment, and
    /// dropping the handle does not detach.
    disconnected: bool,
}

/// A disconnected link its object keeps attached (and counted) after the
/// guest dropped the handle.
pub(crate) struct DisconnectedLink {
    // Held only to be dropped with the object.
    #[allow(dead_code)]
    attachment: Owned<Attachment>,
    #[allow(dead_code)]
    claim: Option<Claim>,
}

impl BpfLink {
    pub(crate) fn new(attachment: Attachment, object: &Arc<LoadedObject>, children: &mut Children) -> Self {
        BpfLink { attachment: Owned::new(attachment, "link", children), object: Arc::downgrade(object), claim: None, disconnected: false }
    }

    /// Makes the link run `program` (of the same object) instead of its
    /// program (`BPF_LINK_UPDATE`), for the kernel links that allow it.
    pub fn update_program(&self, program: &BpfProgram) -> BpfResult<()> {
        let name = program.name();
        if self.object.strong_count() == 0 {
            // Weak::new() (opened from a pin), or the object is gone.
            return Err(BpfError::invalid_argument(format!(
                "the link belongs to no live object of the guest (it was opened from a pin, or its object was dropped): it cannot take program '{name}'"
            )));
        }
        if !std::ptr::eq(self.object.as_ptr(), program.object()) {
            return Err(BpfError::invalid_argument(format!(
                "program '{name}' is not of the object of the link's program"
            )));
        }
        program.with_fd(|prog_fd| {
            self.with_fd(|link_fd| {
                let link_fd = link_fd.as_raw_fd();
                check_updatable(link_fd, name)?;
                // SAFETY: two live fds; no options (NULL): replace whatever
                // program the link runs.
                let ret = unsafe { sys::bpf_link_update(link_fd, prog_fd, std::ptr::null()) };
                if ret < 0 {
                    return Err(BpfError::from_errno(-ret, format_args!("updating a link to program '{name}'")));
                }
                Ok(())
            })?
        })
    }

    /// A link opened from a pin (`wasi:bpf/pins`), which no object of the
    /// guest owns: dropping it closes the host's fd, and the pin keeps the
    /// link (and its program) attached.
    pub(crate) fn from_pin(link: libbpf_rs::Link, claim: Claim) -> Self {
        BpfLink { attachment: Owned::unowned(Attachment::Libbpf(link), "link"), object: Weak::new(), claim: Some(claim), disconnected: false }
    }

    /// Runs `f` on the fd that keeps the program attached (a kernel link,
    /// or a socket for a socket filter); fails with `closed`, or with
    /// `unsupported` for a tc filter or a socket map's program attached
    /// without a link, which have none.
    pub(crate) fn with_fd<R>(&self, f: impl FnOnce(BorrowedFd<'_>) -> R) -> BpfResult<R> {
        self.attachment.with(|a| match a.fd() {
            Some(fd) => Ok(f(fd)),
            None => Err(BpfError::new(ErrorCode::Unsupported, a.without_link())),
        })?
    }

    /// The link's cell, for what lives only while it is attached (an
    /// iterator's output): empty once it is detached or dropped.
    pub(crate) fn attachment(&self) -> Owned<Attachment> {
        self.attachment.clone()
    }

    /// Makes `value` owned by the link's object, released with it; a link
    /// opened from a pin has no object: `value` is its holder's alone.
    pub(crate) fn own<T: Send + 'static>(&self, what: &'static str, value: T) -> BpfResult<Owned<T>> {
        match self.object.upgrade() {
            Some(object) => object.with(what, |loaded| Ok(Owned::new(value, what, &mut loaded.children))),
            None => Ok(Owned::unowned(value, what)),
        }
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

    /// Hands the attachment (and its share of the link limit) to the
    /// object, so that dropping the handle does not detach (libbpf's
    /// `bpf_link__disconnect`). A link opened from a pin has no object:
    /// the pin keeps it attached. Once the object is gone there is
    /// nothing left to keep.
    pub fn disconnect(&mut self) {
        // Once is enough (a loop of calls must not grow the object's
        // list), and a detached link has nothing left to keep.
        if self.disconnected || !self.is_attached() {
            return;
        }
        let Some(object) = self.object.upgrade() else {
            return;
        };
        let kept = DisconnectedLink { attachment: self.attachment.clone(), claim: self.claim.take() };
        let handed = object.with("link", |loaded| {
            loaded.disconnected_links.push(kept);
            Ok(())
        });
        self.disconnected = handed.is_ok();
    }

    /// Whether the program is still attached through this link.
    pub fn is_attached(&self) -> bool {
        self.attachment.with(|_| ()).is_ok()
    }
}

impl Drop for BpfLink {
    fn drop(&mut self) {
        if !self.disconnected {
            self.detach();
        }
    }
}

/// Whether `link_fd` is a kernel link of a type whose program can be
/// replaced; `unsupported`, naming the kind, otherwise.
fn check_updatable(link_fd: i32, program: &str) -> BpfResult<()> {
    // SAFETY: bpf_link_info is plain data; zeroed is a valid value.
    let mut info: sys::bpf_link_info = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<sys::bpf_link_info>() as u32;
    // SAFETY: a live fd and an info struct of the size given.
    let ret = unsafe { sys::bpf_link_get_info_by_fd(link_fd, &mut info, &mut len) };
    let kind = if ret < 0 {
        // A perf event or a socket carrying a filter: no kernel link.
        "an attachment without a kernel link (a perf event or a socket filter)".to_string()
    } else if UPDATABLE_LINKS.contains(&info.type_) {
        return Ok(());
    } else {
        // SAFETY: returns a static string or NULL for any number.
        let type_name = unsafe { sys::libbpf_bpf_link_type_str(info.type_) };
        let type_name = if type_name.is_null() {
            info.type_.to_string()
        } else {
            // SAFETY: a static NUL-terminated string of libbpf's.
            unsafe { std::ffi::CStr::from_ptr(type_name) }.to_string_lossy().into_owned()
        };
        format!("a {type_name} link")
    };
    Err(BpfError::new(
        ErrorCode::Unsupported,
        format!("updating the link to program '{program}': {kind} cannot change its program"),
    ))
}
