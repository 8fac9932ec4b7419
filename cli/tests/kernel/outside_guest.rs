//! tests/outside-guest: a guest written as a new user writes one, in a
//! project of its own outside the workspace. `make guests` builds it with
//! warnings as errors, so its build checks the SDK and the build helper:
//! BPF C on the kernel's UAPI headers (`<linux/bpf.h>` needs the multiarch
//! include folder), the used result of an atomic add (BPF CPU v3), a flag
//! of the user's (`clang_arg`), an SDK without warnings, a typed skeleton.
//! Run, it checks the host's process id, waiting on a ring and a perf
//! buffer at once, and the skeleton's section structs (`rodata`, `bss`).

use crate::harness::{assert_none_loaded, outside_guest_path};
use crate::tool::Tool;

/// A pid no process has (above the kernel's largest, 2^22): kill() fails
/// with ESRCH, after the tracepoint saw the call.
const NOBODY: i32 = 1 << 30;

#[test]
fn a_guest_built_outside_the_workspace_counts_its_kills_and_knows_its_host() {
    let target = NOBODY + std::process::id() as i32;
    let tool = Tool::start_ready_on_stderr(
        &outside_guest_path(),
        &[],
        &[&target.to_string(), "5"],
        |l| l.starts_with("outside-guest: counting"),
    );
    let host = tool.pid();
    for signal in [1, 2, 1, 2, 1] {
        // SAFETY: kill() on a pid nobody has only fails.
        let sent = unsafe { libc::kill(target, signal) };
        assert_eq!(sent, -1);
        assert_eq!(std::io::Error::last_os_error().raw_os_error(), Some(libc::ESRCH));
    }
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines,
        [
            "ring records: 3, perf samples: 2".to_string(),
            "calls: 5, before the last: 4".to_string(),
            format!("rodata: target_pid {target}"),
            format!("host pid: {host}"),
        ]
    );
    assert_none_loaded(&["count_kill"]);
}
