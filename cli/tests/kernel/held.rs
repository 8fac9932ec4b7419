//! What a guest holds in the kernel, by id: its programs, the links that
//! attach them and its maps, read from the kernel's own lists (the
//! BPF_*_GET_NEXT_ID walk that `bpftool prog/link/map list` make), so
//! that a test can check all of it is gone once the guest ended, however
//! it ended.
//!
//! The walk is done here rather than with libbpf-rs's `query` iterators:
//! those end at the first object whose info they cannot read or parse
//! (a link of a type they do not know, an object freed meanwhile), which
//! would make a "nothing left" check pass without looking.

use std::collections::HashSet;
use std::ffi::c_int;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::Command;
use std::time::{Duration, Instant};

use libbpf_rs::libbpf_sys as sys;

/// Every id of one kind of object, in the kernel's order.
fn walk(next_id: unsafe extern "C" fn(u32, *mut u32) -> c_int) -> Vec<u32> {
    let (mut ids, mut id) = (Vec::new(), 0);
    // SAFETY: a plain syscall wrapper writing one u32.
    while unsafe { next_id(id, &mut id) } == 0 {
        ids.push(id);
    }
    ids
}

/// The kernel's info on object `id`, or `None` once it is gone.
fn info<T>(
    id: u32,
    fd_by_id: unsafe extern "C" fn(u32) -> c_int,
    get: unsafe extern "C" fn(c_int, *mut T, *mut u32) -> c_int,
) -> Option<T> {
    // SAFETY: a plain syscall wrapper; a new fd on success.
    let fd = unsafe { fd_by_id(id) };
    if fd < 0 {
        return None;
    }
    // SAFETY: a new fd nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: the info structs are plain data (zeroed: no pointers for the
    // kernel to fill), sized as passed.
    let mut info: T = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<T>() as u32;
    (unsafe { get(fd.as_raw_fd(), &mut info, &mut len) } == 0).then_some(info)
}

fn name_of(raw: &[std::ffi::c_char]) -> String {
    raw.iter().take_while(|c| **c != 0).map(|c| *c as u8 as char).collect()
}

/// Ids of every program loaded now.
pub fn program_ids() -> HashSet<u32> {
    walk(sys::bpf_prog_get_next_id).into_iter().collect()
}

/// Ids of every map now.
pub fn map_ids() -> HashSet<u32> {
    walk(sys::bpf_map_get_next_id).into_iter().collect()
}

/// Ids of every link now.
pub fn link_ids() -> HashSet<u32> {
    walk(sys::bpf_link_get_next_id).into_iter().collect()
}

/// (link id, program id) of every link now.
pub fn links() -> Vec<(u32, u32)> {
    walk(sys::bpf_link_get_next_id)
        .into_iter()
        .filter_map(|id| Some((id, info(id, sys::bpf_link_get_fd_by_id, sys::bpf_link_get_info_by_fd)?.prog_id)))
        .collect()
}

/// Names of every program loaded now.
pub fn program_names() -> Vec<String> {
    walk(sys::bpf_prog_get_next_id)
        .into_iter()
        .filter_map(|id| Some(name_of(&info(id, sys::bpf_prog_get_fd_by_id, sys::bpf_prog_get_info_by_fd)?.name)))
        .collect()
}

/// How many runs of the programs named `name` the kernel skipped because
/// a BPF program was already running on that CPU (bpf_prog_info's
/// `recursion_misses`: trace_call_bpf's drop of a kprobe, uprobe or
/// tracepoint event), summed over them.
pub fn recursion_misses(name: &str) -> u64 {
    walk(sys::bpf_prog_get_next_id)
        .into_iter()
        .filter_map(|id| info(id, sys::bpf_prog_get_fd_by_id, sys::bpf_prog_get_info_by_fd))
        .filter(|i: &sys::bpf_prog_info| name_of(&i.name) == name)
        .map(|i| i.recursion_misses)
        .sum()
}

/// Ids of the programs named `name` now.
pub fn programs_named(name: &str) -> Vec<u32> {
    let named = |id: &u32| {
        info(*id, sys::bpf_prog_get_fd_by_id, sys::bpf_prog_get_info_by_fd).is_some_and(|i| name_of(&i.name) == name)
    };
    walk(sys::bpf_prog_get_next_id).into_iter().filter(named).collect()
}

/// Ids of the maps named `name` now.
pub fn maps_named(name: &str) -> Vec<u32> {
    let named = |id: &u32| {
        info(*id, sys::bpf_map_get_fd_by_id, sys::bpf_map_get_info_by_fd).is_some_and(|i| name_of(&i.name) == name)
    };
    walk(sys::bpf_map_get_next_id).into_iter().filter(named).collect()
}

/// Programs, links and maps of one guest.
#[derive(Clone, Debug)]
pub struct Held {
    pub programs: Vec<u32>,
    pub links: Vec<u32>,
    pub maps: Vec<u32>,
}

impl Held {
    /// From the first of `lines` that reads `ids programs=P,P maps=M,M`
    /// (what the test guests print); the links are the kernel's links of
    /// those programs now.
    pub fn from_output<'a>(lines: impl IntoIterator<Item = &'a str>) -> Held {
        let lines: Vec<&str> = lines.into_iter().collect();
        let line = lines.iter().find(|l| l.starts_with("ids ")).unwrap_or_else(|| panic!("no ids line in {lines:?}"));
        let field = |name: &str| -> Vec<u32> {
            let value = line.split_whitespace().find_map(|f| f.strip_prefix(name)).unwrap_or_else(|| panic!("{line}"));
            value.split(',').map(|id| id.parse().unwrap_or_else(|_| panic!("{line}"))).collect()
        };
        let programs = field("programs=");
        let links = links().into_iter().filter(|(_, prog)| programs.contains(prog)).map(|(link, _)| link).collect();
        Held { programs, links, maps: field("maps=") }
    }

    /// The programs named in `names` now, their links, and no maps.
    pub fn named(names: &[&str]) -> Held {
        let programs: Vec<u32> = names.iter().flat_map(|n| programs_named(n)).collect();
        let links = links().into_iter().filter(|(_, prog)| programs.contains(prog)).map(|(link, _)| link).collect();
        Held { programs, links, maps: Vec::new() }
    }

    /// Checks that the kernel lists every program and map, and `links` links.
    pub fn assert_live(&self, links: usize) {
        let (programs, maps) = (program_ids(), map_ids());
        assert!(self.programs.iter().all(|p| programs.contains(p)), "programs {:?} not all loaded", self.programs);
        assert!(self.maps.iter().all(|m| maps.contains(m)), "maps {:?} not all present", self.maps);
        assert_eq!(self.links.len(), links, "links of programs {:?}: {:?}", self.programs, self.links);
    }

    /// Waits (up to 5 s: the kernel frees a program an RCU grace period
    /// after its last reference) until no program, link or map of these
    /// is listed, nor any link of these programs; then asks bpftool too.
    pub fn assert_released(&self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let left = self.still_listed();
            if left.is_empty() {
                break;
            }
            assert!(Instant::now() < deadline, "still in the kernel's lists: {left}");
            std::thread::sleep(Duration::from_millis(20));
        }
        // The same lists as bpftool prints them, where it is installed.
        for (what, key, ids) in [("prog", "\"id\":", &self.programs), ("link", "\"prog_id\":", &self.programs)] {
            let Ok(out) = Command::new("bpftool").args([what, "list", "-j"]).output() else { return };
            let json = String::from_utf8_lossy(&out.stdout);
            let listed = numbers_after(&json, key);
            let shown: Vec<&u32> = ids.iter().filter(|id| listed.contains(id)).collect();
            assert!(shown.is_empty(), "bpftool {what} list still shows {shown:?}: {json}");
        }
    }

    fn still_listed(&self) -> String {
        let (programs, maps, link_ids) = (program_ids(), map_ids(), link_ids());
        let mut left = Vec::new();
        left.extend(self.programs.iter().filter(|p| programs.contains(p)).map(|p| format!("program {p}")));
        left.extend(self.maps.iter().filter(|m| maps.contains(m)).map(|m| format!("map {m}")));
        left.extend(self.links.iter().filter(|l| link_ids.contains(l)).map(|l| format!("link {l}")));
        let of_ours = links().into_iter().filter(|(_, prog)| self.programs.contains(prog));
        left.extend(of_ours.map(|(link, prog)| format!("link {link} (program {prog})")));
        left.join(", ")
    }
}

/// Every number that follows `key` in `json`.
fn numbers_after(json: &str, key: &str) -> Vec<u32> {
    json.match_indices(key)
        .filter_map(|(at, _)| {
            let rest = &json[at + key.len()..];
            let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            rest[..end].parse().ok()
        })
        .collect()
}

/// Waits (up to 5 s) until no program or map named in `programs` /
/// `maps` is listed, nor any link of such a program.
pub fn assert_none_named(programs: &[&str], maps: &[&str]) {
    assert_named(programs, maps, 0);
}

/// Waits (up to 5 s: the kernel frees what was closed an RCU grace period
/// later) until exactly `count` programs of each name in `programs`, as
/// many links of them, and `count` maps of each name in `maps` are listed.
pub fn assert_named(programs: &[&str], maps: &[&str], count: usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let ids: Vec<Vec<u32>> = programs.iter().map(|p| programs_named(p)).collect();
        let all: Vec<u32> = ids.iter().flatten().copied().collect();
        let linked: Vec<(u32, u32)> = links().into_iter().filter(|(_, prog)| all.contains(prog)).collect();
        let map_ids: Vec<Vec<u32>> = maps.iter().map(|m| maps_named(m)).collect();
        let exact = |lists: &[Vec<u32>]| lists.iter().all(|l| l.len() == count);
        if exact(&ids) && linked.len() == count * programs.len() && exact(&map_ids) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "want {count} of each: programs {ids:?}, links {linked:?}, maps {map_ids:?} (named {programs:?} / {maps:?})"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
