//! Ctrl-C and SIGTERM in the WASI 0.3 flavour (`wasi:bpf/termination`):
//! [`listen`] for each kind of request, then race [`wait`] against the guest's reads to print what
//! it gathered when asked to end (see [`crate::termination`]).

use super::bindings::wasi::bpf::termination;

pub use crate::termination::Request;

/// Asks the host to deliver requests of this kind (Ctrl-C: `Interrupt`,
/// SIGTERM: `Terminate`) to this guest from now on, which then has the
/// host's grace period to end, rather than be ended at once.
pub fn listen(request: Request) {
    termination::listen(request);
}

/// The request delivered to the guest, if one was.
pub fn requested() -> Option<Request> {
    termination::requested()
}

/// Returns the request once there is one (at once if there already is).
/// Call [`listen`] first: else the host ends the guest instead.
pub async fn wait() -> Request {
    termination::wait().await
}
