//! The host's process id as BPF programs see it, which a guest needs to
//! tell its own syscalls (made by the host on its behalf) from others.

/// The first id of `NStgid` in `/proc/self/status`: this process's id in
/// the PID namespace of the proc file system it sees, which is what
/// `bpf_get_current_pid_tgid` gives when that namespace is the kernel's
/// own. Without that line (kernels before 4.1), `getpid`.
pub fn host_process_id() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| nstgid(&status))
        .unwrap_or_else(std::process::id)
}

fn nstgid(status: &str) -> Option<u32> {
    let line = status.lines().find_map(|l| l.strip_prefix("NStgid:"))?;
    line.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outermost_namespace_id_is_the_first() {
        assert_eq!(nstgid("Name:\tx\nNStgid:\t4242\t17\t1\nNSpid:\t4243\n"), Some(4242));
        assert_eq!(nstgid("Name:\tx\n"), None);
    }

    #[test]
    fn outside_a_pid_namespace_it_is_getpid() {
        // The tests run in the machine's own PID namespace.
        assert_eq!(host_process_id(), std::process::id());
    }
}
