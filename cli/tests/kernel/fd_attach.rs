//! libbpf's calls by fd, ifindex and id (test-programs/c/fdattach):
//! bpf_xdp_attach / _query / _detach on a veth end and bpf_prog_attach /
//! _detach on a cgroup, then bpf_link_create on both, each counting the
//! UDP packets the test sends; the programs and maps found again by
//! their kernel ids; bpf_object__kversion from the ELF's `version`
//! section. Built as a guest and natively (the system's libbpf, real
//! fds), the tool prints the same lines. A guest sees the ids of its
//! own objects only, and the host refuses targets outside its policy.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};

use crate::harness::{assert_none_loaded, c_native_path, c_test_program_path};
use crate::held::{links, programs_named};
use crate::netenv::{unique_tag, Cgroup, VethPair};
use crate::tool::{Tool, wasm_bpf_binary};

/// Attach and detach cycles of the leak test (each every way).
const CYCLES: u32 = 500;
/// UDP packets sent each way per phase.
const PACKETS: u32 = 3;
const PROGRAMS: &[&str] = &["fa_xdp", "fa_egress"];

struct Fixture {
    veth: VethPair,
    cgroup: Cgroup,
    port: u16,
}

impl Fixture {
    fn new() -> Fixture {
        let tag = unique_tag();
        Fixture { veth: VethPair::new(tag), cgroup: Cgroup::new(tag), port: 40_000 + (tag % 20_000) as u16 }
    }

    fn args(&self) -> Vec<String> {
        vec![self.veth.host_if.clone(), self.cgroup.0.display().to_string(), self.port.to_string(), PACKETS.to_string()]
    }

    /// `wasm-bpf run` flags allowing XDP on the veth end and cgroup
    /// programs on the test's cgroup, nothing else.
    fn flags(&self) -> Vec<String> {
        ["--allow", "xdp", "--allow", "cgroup", "--target"]
            .iter()
            .map(|s| s.to_string())
            .chain([format!("interface={}", self.veth.host_if), "--target".into()])
            .chain([format!("cgroup={}", self.cgroup.0.display())])
            .collect()
    }

    /// Sends the packets of each phase (after `ready`, after `again`).
    fn drive(&self, mut tool: Tool) -> (Option<i32>, Vec<String>) {
        for phase in ["ready", "again"] {
            tool.wait_for(|l| l == phase, phase);
            self.veth.send_from_namespace(self.port, PACKETS);
            self.cgroup.send_from_inside(self.port, PACKETS);
        }
        tool.finish()
    }
}

/// One test of this file at a time: each checks at its end that no
/// program of the guest's object stayed, which another's running guest
/// (the same object) would hold.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// What the tool prints before the sandbox's part, natively as in a guest.
fn expected() -> Vec<String> {
    let counted = format!("xdp counted {PACKETS}, cgroup counted {PACKETS}");
    [
        "kversion 0x60100",
        "set_kversion: 0, kversion 0x40000",
        "set_kversion after load: -22",
        "query before: 0, prog yes, drv yes, skb yes, hw 0, mode 0",
        "bpf_xdp_attach skb mode: 0",
        "query: 0, prog yes, drv no, skb yes, hw 0, mode 2",
        "query_id drv: 0 0",
        "query_id skb: 0 yes",
        "bpf_xdp_attach if none attached: -16",
        "bpf_prog_attach egress: 0",
        "bpf_prog_attach again: 0",
        "prog id walk finds fa_xdp yes, fa_egress yes",
        "prog fd by id: yes, info 0, name fa_xdp",
        "map id walk finds counts yes",
        "map fd by id: yes, id yes, lookup 0, value 0",
        "no such id: prog -2, map -2",
        "ready",
        &counted,
        "bpf_xdp_detach: 0",
        "query_id: 0 0",
        "bpf_prog_detach: 0",
        "bpf_prog_detach again: -2",
        "bpf_link_create xdp: yes",
        "query link: 0, prog yes, drv yes, skb no, hw 0, mode 1",
        "bpf_link_create egress: yes",
        "bpf_prog_detach of a link: -22",
        "again",
        &counted,
        "bpf_link_detach xdp: 0",
        "bpf_link_detach egress: 0",
        "query after: 0, prog yes, drv yes, skb yes, hw 0, mode 0",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn c_guest_attaches_by_fd_ifindex_and_id_as_natively_and_counts_real_packets() {
    let _serial = one_at_a_time();
    let fixture = Fixture::new();
    let args = fixture.args();
    let native = fixture.drive(Tool::start_native(&c_native_path("fdattach"), &strs(&args), |_| true));
    assert_eq!(native, (Some(0), expected()), "the native build");
    let flags = fixture.flags();
    let guest = fixture.drive(Tool::start(&c_test_program_path("fdattach"), &strs(&flags), &strs(&args), |_| true));
    assert_eq!(guest, (Some(0), expected()), "the guest");
    assert_none_loaded(PROGRAMS);
}

#[test]
fn c_guest_sees_only_its_own_ids_and_is_refused_targets_outside_its_policy() {
    let _serial = one_at_a_time();
    let fixture = Fixture::new();
    // Another process's program: its id is not the guest's to see.
    let holder = Tool::start_native(&c_native_path("fdattach"), &["--hold"], |l| l.starts_with("held "));
    let foreign = holder.seen.last().unwrap().split_whitespace().nth(1).unwrap().to_string();
    // The cgroup v2 mount: outside the one cgroup the guest may name.
    let root = fixture.cgroup.0.parent().unwrap().display().to_string();
    let mut args = fixture.args();
    args.extend([foreign.clone(), root.clone()]);
    let flags = fixture.flags();
    let (code, lines) =
        fixture.drive(Tool::start(&c_test_program_path("fdattach"), &strs(&flags), &strs(&args), |_| true));
    let all = lines.join("\n");
    let sandbox: Vec<String> = [
        // fa_xdp and fa_egress; counts and .rodata.
        "own prog ids: 2, foreign seen: no, by id: -2".to_string(),
        "own map ids: 2".into(),
        "next prog id after the last: -2".into(),
        "refused: interface lo: -1".into(),
        "refused: ifindex 0: -19".into(),
        "refused: hardware offload: -95".into(),
        "refused: unknown xdp flags: -22".into(),
        format!("refused: cgroup {root}: -1"),
        "refused: a map fd as a program: -9".into(),
        "refused: fd 5 as a cgroup: -9".into(),
        "refused: ingress for an egress program: -22".into(),
        "refused: BPF_F_ALLOW_OVERRIDE: -95".into(),
        "refused: sk_msg verdict for an egress program: -22".into(),
        "refused: link_create fentry: -95".into(),
        "refused: detach what is not attached: -2".into(),
        "refused: read-only map fd: -95".into(),
    ]
    .into();
    assert_eq!(lines, [expected(), sandbox].concat(), "{all}");
    assert_eq!(code, Some(0), "{all}");
    holder.signal(libc::SIGKILL);
    holder.finish();
    assert_none_loaded(PROGRAMS);
}

/// The kernel's links of the tool's programs, and the host's fds.
fn held(pid: u32) -> (usize, usize) {
    let ids: Vec<u32> = PROGRAMS.iter().flat_map(|p| programs_named(p)).collect();
    let linked = links().into_iter().filter(|(_, prog)| ids.contains(prog)).count();
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap().count();
    (linked, fds)
}

#[test]
fn attach_and_detach_cycles_by_fd_and_ifindex_leak_no_link_and_no_fd() {
    let _serial = one_at_a_time();
    let fixture = Fixture::new();
    let dir = std::env::temp_dir().join(format!("wbt-fdattach-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(wasm_bpf_binary())
        .arg("run")
        .args(fixture.flags())
        .arg("--dir")
        .arg(format!("{}::/sync", dir.display()))
        .arg(c_test_program_path("fdattach"))
        .args(["--cycles", &fixture.veth.host_if, &fixture.cgroup.0.display().to_string()])
        .arg(CYCLES.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (mut lines, mut at) = (Vec::new(), Vec::new());
    for line in BufReader::new(child.stdout.take().unwrap()).lines().map_while(Result::ok) {
        lines.push(line.clone());
        if let Some(k) = line.strip_prefix("measure ") {
            at.push(held(pid));
            std::fs::write(dir.join(k), "").unwrap();
        }
    }
    let status = child.wait().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(status.success(), "{status:?}\n{}", lines.join("\n"));
    assert_eq!(lines, ["measure 1".to_string(), format!("cycled {CYCLES}, query_id 0 0"), "measure 2".into()]);
    let [(links_before, fds_before), (links_after, fds_after)] = at[..] else { panic!("{at:?}") };
    assert_eq!((links_before, links_after), (0, 0), "links of the tool's programs");
    assert_eq!(fds_after, fds_before, "the host's fds after {CYCLES} cycles");
    assert_none_loaded(PROGRAMS);
}
