//! Pins in bpffs (wasi:bpf/pins) through the C SDK's libbpf calls
//! (test-programs/c/pins, over conformance/bpf/pins.bpf.c): one guest
//! pins a map and a link and exits; the pinned link keeps its program
//! counting the test's getpgid() calls with no guest running; a second
//! guest opens the pinned map and reads that count, opens the link,
//! unpins it and lets it go, after which the kernel counts no more. A
//! LIBBPF_PIN_BY_NAME map and a map given a pin path are pinned by one
//! load and reused by the next. Every refusal (a folder outside the
//! allowed ones, `..`, a symlink out, a folder not on bpffs, a relative
//! path, another's pin, an unpin through a symlink to its own pin, an
//! open of a pinned map whose type needs a capability it lacks, no
//! capability, which must not tell a missing folder from one that
//! exists) is tried by a guest; a load the policy refuses after libbpf
//! pinned its map leaves no pin (and removes no other's); an unpin of a
//! program's pin whose id is the guest's map's id (ids are numbered
//! apart by kind) is refused. The `pins` limit counts the pins a run
//! makes, removed ones too. The test removes every pin it made.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{assert_none_loaded, c_test_program_path};
use crate::netenv::unique_tag;
use crate::tool::wasm_bpf_binary;

/// The getpgid() argument the object counts (conformance/bpf/pins.bpf.c).
const GETPGID_MAGIC: i32 = 999_999_929;
/// The by-name map's pin: libbpf's /sys/fs/bpf/NAME.
const BY_NAME: &str = "/sys/fs/bpf/wbt_pin_by_name";
const BPF_FS: &str = "/sys/fs/bpf";

/// The folders of one run: removed, with every pin in them, on drop
/// (and the by-name pin, for the one test that makes it).
struct Folders {
    dir: PathBuf,
    outside: PathBuf,
    nonbpf: PathBuf,
    by_name: bool,
}

impl Folders {
    fn new(by_name: bool) -> Folders {
        mount_bpf_fs();
        let tag = unique_tag();
        let folders = Folders {
            dir: PathBuf::from(format!("{BPF_FS}/wbt-pins-{tag}")),
            outside: PathBuf::from(format!("{BPF_FS}/wbt-pins-out-{tag}")),
            nonbpf: std::env::temp_dir().join(format!("wbt-pins-{tag}")),
            by_name,
        };
        for dir in [&folders.dir, &folders.outside, &folders.nonbpf] {
            std::fs::create_dir_all(dir).unwrap();
        }
        if by_name {
            let _ = std::fs::remove_file(BY_NAME);
        }
        folders
    }

    fn dir(&self) -> &str {
        self.dir.to_str().unwrap()
    }
}

impl Drop for Folders {
    fn drop(&mut self) {
        for dir in [&self.dir, &self.outside, &self.nonbpf] {
            let _ = std::fs::remove_dir_all(dir);
        }
        if self.by_name {
            let _ = std::fs::remove_file(BY_NAME);
        }
    }
}

/// Mounts bpffs at /sys/fs/bpf unless it is there.
pub fn mount_bpf_fs() {
    // SAFETY: statfs is plain data; zeroed is a valid value.
    let mut fs: libc::statfs = unsafe { std::mem::zeroed() };
    let path = std::ffi::CString::new(BPF_FS).unwrap();
    // SAFETY: a NUL-terminated path and a statfs we own.
    let mounted = unsafe { libc::statfs(path.as_ptr(), &mut fs) } == 0 && fs.f_type == 0xcafe4a11;
    if !mounted {
        let status = Command::new("mount").args(["-t", "bpf", "bpf", BPF_FS]).status().unwrap();
        assert!(status.success(), "mount -t bpf bpf {BPF_FS}");
    }
}

/// `wasm-bpf run FLAGS pins ARGS` to its end: its stdout lines.
fn run(flags: &[&str], args: &[&str]) -> Vec<String> {
    let out = Command::new(wasm_bpf_binary()).arg("run").args(flags).arg(c_test_program_path("pins")).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "pins {args:?}: stdout {stdout} stderr {}", String::from_utf8_lossy(&out.stderr));
    stdout.lines().map(str::to_string).collect()
}

fn getpgid_calls(n: u32) {
    for _ in 0..n {
        // SAFETY: getpgid of a pid no process has: ESRCH.
        assert_eq!(unsafe { libc::getpgid(GETPGID_MAGIC) }, -1);
    }
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

#[test]
fn a_pinned_link_counts_between_guests_and_the_next_guest_reads_the_pinned_map() {
    let folders = Folders::new(false);
    let dir = folders.dir();
    let policy = ["--allow", "pin", "--target", &format!("pin={dir}")];
    let policy: Vec<&str> = policy.iter().map(|s| s.as_ref()).collect();

    let lines = run(&policy, &["pin", dir]);
    let expected = [
        "pinned before: no, pin path: (none)".to_string(),
        "pin maps: 0".to_string(),
        format!("pin path: {dir}/counts, pinned: yes"),
        // libbpf unpins by name every map, the one it never created too.
        "unpin maps: -2 map 'wbt_pin_by_name' not found".to_string(),
        "pinned: no, exists: no".to_string(),
        "pin programs: 0".to_string(),
        "unpin programs: 0".to_string(),
        "pin program: 0".to_string(),
        "unpin program: 0".to_string(),
        "pin map: 0".to_string(),
        "pinned: yes".to_string(),
        format!("pin map at another path: -22 map 'counts' already has pin path '{dir}/counts', not '{dir}/elsewhere'"),
        "bpf_obj_pin map: 0".to_string(),
        "pin link: 0".to_string(),
        format!("link pin path: {dir}/link"),
        format!("pin link again: -16 link is pinned at '{dir}/link' already"),
        "done".to_string(),
    ];
    assert_eq!(lines, expected);
    let names = |d: &Path| {
        let mut n: Vec<String> = std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&folders.dir), ["counts", "counts_fd", "link"]);

    // No guest runs: the pinned link keeps the program attached.
    getpgid_calls(7);
    let lines = run(&policy, &["read", dir]);
    let expected = [
        "map info: 0".to_string(),
        "map: counts, type 2, key 4, value 8, entries 1".to_string(),
        "count: 7".to_string(),
        "fd by id: yes".to_string(),
        "count after closing it: 7".to_string(),
        "counts_fd count: 7".to_string(),
        "bpf_obj_get link: yes".to_string(),
        format!("link pin path: {dir}/link"),
        "unpin link: 0".to_string(),
        "link pin path: (none), exists: no".to_string(),
        "done".to_string(),
    ];
    assert_eq!(lines, expected);
    // Unpinned and let go: detached, and its program unloaded.
    assert_none_loaded(&["count_getpgid"]);
    getpgid_calls(3);
    assert_eq!(run(&policy, &["count", dir]), ["count: 7"]);
}

#[test]
fn load_pins_by_name_and_by_pin_path_and_the_next_load_reuses_them() {
    let folders = Folders::new(true);
    let dir = folders.dir();
    let policy = ["--allow", "pin", "--target", &format!("pin={dir}"), "--target", &format!("pin={BPF_FS}")];
    let policy: Vec<&str> = policy.iter().map(|s| s.as_ref()).collect();
    for (by_name, reused) in [("0 -> 1", "0 -> 10"), ("1 -> 2", "10 -> 20")] {
        let expected = [
            format!("by-name pin path: {BY_NAME}"),
            "set pin path: 0".to_string(),
            format!("pin path: {dir}/reused, pinned: no"),
            "pinned: yes and yes".to_string(),
            format!("by name: {by_name}, reused: {reused}"),
        ];
        assert_eq!(run(&policy, &["byname", dir]), expected);
        assert!(exists(Path::new(BY_NAME)) && exists(&folders.dir.join("reused")));
    }
    assert_none_loaded(&["count_getpgid"]);
}

/// libbpf-rs' `Map::is_pinned` and `get_pin_path` in Rust guests of both
/// flavours (test-programs/src/bin/map_pins*.rs): the state follows the
/// load's pin, the guest's unpin and pin, through every handle of the
/// map; a map opened from a pin has none.
#[test]
fn rust_guests_see_their_maps_pin_state_as_libbpf_rs_gives_it() {
    let folders = Folders::new(false);
    let dir = folders.dir();
    for guest in ["map_pins", "map_pins_async"] {
        let out = Command::new(wasm_bpf_binary())
            .args(["run", "--allow", "pin", "--target", &format!("pin={dir}")])
            .arg(crate::harness::guest_path(guest))
            .arg(format!("dir={dir}"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{guest}: {stdout} {}", String::from_utf8_lossy(&out.stderr));
        let expected = [
            format!("after load: pinned true, path {dir}/counts"),
            format!("after unpin: pinned false, path {dir}/counts"),
            format!("after pin: pinned true, path {dir}/again"),
            format!("another handle: pinned true, path {dir}/again"),
            "opened from the pin: pinned false, path none".to_string(),
            // Unpinned through another handle of the map: the map's own
            // state is libbpf's, which only its own unpin changes.
            format!("unpinned through it: pinned true, path {dir}/again"),
        ];
        assert_eq!(stdout.lines().collect::<Vec<_>>(), expected, "{guest}");
        assert_eq!(std::fs::read_dir(&folders.dir).unwrap().count(), 0, "{guest} left a pin");
    }
    assert_none_loaded(&["count_getpgid"]);
}

#[test]
fn guests_are_refused_pins_outside_their_folders_and_without_the_capability() {
    let folders = Folders::new(false);
    let (dir, outside, nonbpf) = (folders.dir(), folders.outside.to_str().unwrap(), folders.nonbpf.to_str().unwrap());
    // A symlink to the outside folder, one to a pin there, and another's
    // pin next to the guest's.
    std::os::unix::fs::symlink(&folders.outside, folders.dir.join("escape")).unwrap();
    let bpftool_map = |pin: &str, map_type: &str, value: &str, name: &str| {
        let args = ["map", "create", pin, "type", map_type, "key", "4", "value", value, "entries", "1", "name", name];
        assert!(Command::new("bpftool").args(args).status().unwrap().success(), "bpftool map create {pin}");
    };
    let bpftool = |pin: &str, name: &str| bpftool_map(pin, "array", "8", name);
    bpftool(&format!("{outside}/pin"), "wbt_out");
    std::os::unix::fs::symlink(folders.outside.join("pin"), folders.dir.join("escape_pin")).unwrap();
    bpftool(&format!("{dir}/other"), "wbt_other");
    // A map whose type needs a capability the guest lacks.
    bpftool_map(&format!("{dir}/devmap"), "devmap", "4", "wbt_devmap");
    // A symlink to where the guest will pin its own map.
    std::os::unix::fs::symlink(folders.dir.join("own"), folders.dir.join("own_link")).unwrap();

    let allowed = format!("{dir}, {nonbpf}");
    // A denial names the guest's own path, quoted, not where it led.
    let outside_of = |what: &str, path: &str| {
        format!(
            "{what} at {path:?}: its folder is outside this guest's allowed pin targets ({allowed}); wasm-bpf run --target pin=DIR allows more"
        )
    };
    let policy = ["--allow", "pin", "--target", &format!("pin={dir}"), "--target", &format!("pin={nonbpf}")];
    let policy: Vec<&str> = policy.iter().map(|s| s.as_ref()).collect();
    let lines = run(&policy, &["refuse", dir, outside, nonbpf, "other"]);
    let expected = [
        format!("outside: -1 {}", outside_of("pinning map 'counts'", &format!("{outside}/x"))),
        format!("dot-dot: -22 pin path \"{dir}/../x\": '.' and '..' components are not allowed: name the directory itself"),
        format!("symlink: -1 {}", outside_of("pinning map 'counts'", &format!("{dir}/escape/x"))),
        format!("open through symlink: -1 {}", outside_of("opening a pinned map", &format!("{dir}/escape_pin"))),
        format!("open outside: -1 {}", outside_of("opening a pinned map", &format!("{outside}/pin"))),
        format!("not bpffs: -22 '{nonbpf}' is not on a BPF file system (mount -t bpf bpf DIR): nothing can be pinned there"),
        "relative: -22 pin path \"x\": not an absolute path".to_string(),
        format!(
            "unpin another's: -1 unpinning map 'counts' at \"{dir}/other\": it pins another kernel object, not this map; a \
             guest removes only its own pins"
        ),
        "pin own: 0".to_string(),
        format!(
            "unpin through a symlink: -22 unpinning map 'counts' at \"{dir}/own_link\": it is a symbolic link; a pin is \
             removed by its own name"
        ),
        "own pin still there: yes".to_string(),
        "unpin own: 0".to_string(),
        format!("pin outside: -1 {}", outside_of("pinning map 'counts'", &format!("{outside}/y"))),
        format!("pin path: {outside}/y, pinned: no"),
        format!("open a map as a link: -22 pin '{dir}/other' holds a map, not a link"),
        format!("open nothing: -2 pin '{dir}/nothing': No such file or directory (os error 2)"),
        format!(
            "open a device map: -1 opening pinned map 'wbt_devmap' at \"{dir}/devmap\" (Devmap) needs capability 'xdp', which \
             this guest was not granted (wasm-bpf run --allow xdp)"
        ),
        format!("pin in a missing folder: -2 pin directory '{dir}/missing': No such file or directory (os error 2)"),
        format!("open in a missing folder: -2 pin '{dir}/missing/x': No such file or directory (os error 2)"),
        format!(
            "load with a by-name map: -1 {}",
            outside_of("pinning map 'wbt_pin_by_name' at load", BY_NAME)
        ),
    ];
    assert_eq!(lines, expected);
    // Nothing moved: another's pin is still there, nothing was pinned.
    assert!(exists(&folders.dir.join("other")) && exists(&folders.outside.join("pin")));
    assert!(!exists(&folders.dir.join("own")) && exists(&folders.dir.join("own_link")));
    assert!(!exists(&folders.outside.join("x")) && !exists(&folders.outside.join("y")));

    // Without the capability every path is refused for it (a malformed
    // one is refused first for its shape).
    let no_pin = |what: &str, path: &str| format!("{what} at {path:?} needs capability 'pin', which this guest was not granted (wasm-bpf run --allow pin)");
    let lines = run(&[], &["refuse", dir, outside, nonbpf, "other"]);
    let line = |label: &str| lines.iter().find(|l| l.starts_with(&format!("{label}: "))).unwrap_or_else(|| panic!("{label}: {lines:?}"));
    assert_eq!(line("outside"), &format!("outside: -1 {}", no_pin("pinning map 'counts'", &format!("{outside}/x"))));
    assert_eq!(
        line("open through symlink"),
        &format!("open through symlink: -1 {}", no_pin("opening a pinned map", &format!("{dir}/escape_pin")))
    );
    assert_eq!(line("not bpffs"), &format!("not bpffs: -1 {}", no_pin("pinning map 'counts'", &format!("{nonbpf}/x"))));
    assert_eq!(
        line("unpin another's"),
        &format!("unpin another's: -1 {}", no_pin("unpinning map 'counts'", &format!("{dir}/other")))
    );
    // The capability is checked before the file system is touched: a
    // folder that is missing gives the error of one that exists.
    assert_eq!(line("open nothing"), &format!("open nothing: -1 {}", no_pin("opening a pinned map", &format!("{dir}/nothing"))));
    assert_eq!(
        line("pin in a missing folder"),
        &format!("pin in a missing folder: -1 {}", no_pin("pinning map 'counts'", &format!("{dir}/missing/x")))
    );
    assert_eq!(
        line("open in a missing folder"),
        &format!("open in a missing folder: -1 {}", no_pin("opening a pinned map", &format!("{dir}/missing/x")))
    );
    assert_eq!(
        lines.last().unwrap(),
        &format!("load with a by-name map: -1 {}", no_pin("pinning map 'wbt_pin_by_name' at load", BY_NAME))
    );
    assert_none_loaded(&["count_getpgid"]);
}

#[test]
fn a_load_the_policy_refuses_after_prepare_removes_the_pins_it_made_only() {
    let folders = Folders::new(false);
    let dir = folders.dir();
    let policy = ["--allow", "pin", "--target", &format!("pin={dir}")];
    let policy: Vec<&str> = policy.iter().map(|s| s.as_ref()).collect();
    let expected = [
        "set pin path: 0",
        "load: -1 program 'signal_getpgid' calling helper bpf_send_signal (#109) needs capability 'send-signal', which \
         this guest was not granted (wasm-bpf run --allow send-signal)",
    ];
    // Prepare created and pinned the map, then the policy refused the
    // program: the pin goes with the load.
    assert_eq!(run(&policy, &["refused", dir]), expected);
    let pin = folders.dir.join("refused");
    assert!(!exists(&pin), "{} stayed", pin.display());
    // A map pinned there before (another's, which libbpf reuses) stays.
    let args = ["map", "create", pin.to_str().unwrap(), "type", "array", "key", "4", "value", "8", "entries", "1", "name", "wbt_reused"];
    assert!(Command::new("bpftool").args(args).status().unwrap().success());
    assert_eq!(run(&policy, &["refused", dir]), expected);
    assert!(exists(&pin), "{} was removed", pin.display());
    assert_none_loaded(&["count_getpgid", "signal_getpgid"]);
}

#[test]
fn the_pins_limit_counts_the_pins_a_run_makes() {
    let folders = Folders::new(false);
    let dir = folders.dir();
    let policy = ["--allow", "pin", "--target", &format!("pin={dir}"), "--limit", "pins=3"];
    let policy: Vec<&str> = policy.iter().map(|s| s.as_ref()).collect();
    let limit = "the guest's limit of 3 pins is reached (3 made in this run, 1 more asked); wasm-bpf run --limit pins=N raises it";
    let expected = [
        "pin 0: 0".to_string(),
        "unpin 0: 0".to_string(),
        "pin 1: 0".to_string(),
        "unpin 1: 0".to_string(),
        "pin 2: 0".to_string(),
        "unpin 2: 0".to_string(),
        format!("pin 3: -12 pinning map 'counts' at \"{dir}/p3\": {limit}"),
        format!("load with a pin path: -12 pinning map 'counts' at load at \"{dir}/loaded\": {limit}"),
    ];
    assert_eq!(run(&policy, &["limit", dir]), expected);
    assert_eq!(std::fs::read_dir(&folders.dir).unwrap().count(), 0);
    assert_none_loaded(&["count_getpgid"]);
}

#[test]
fn a_guest_cannot_unpin_a_program_whose_id_is_its_maps_id() {
    let folders = Folders::new(false);
    let dir = folders.dir();
    let policy = ["--allow", "pin", "--target", &format!("pin={dir}")];
    let policy: Vec<&str> = policy.iter().map(|s| s.as_ref()).collect();
    // Other tests make maps meanwhile: the guest's map may miss the
    // pinned ids; a few tries.
    for _ in 0..5 {
        let ids = pin_programs_at_the_next_map_ids(&folders.dir, 100);
        let lines = run(&policy, &["kinds", dir]);
        let id: u32 = lines[0].strip_prefix("map id: ").unwrap().parse().unwrap();
        if !ids.contains(&id) {
            println!("the guest's map got id {id}, outside {ids:?}: again");
            continue;
        }
        let victim = format!("{dir}/victim_{id}");
        assert_eq!(
            lines[1],
            format!(
                "unpin a program's pin: -1 unpinning map 'counts' at {victim:?}: it pins another kernel object, not this \
                 map; a guest removes only its own pins"
            )
        );
        assert!(exists(Path::new(&victim)), "{victim} is gone");
        return;
    }
    panic!("the guest's map never got the id of a pinned program");
}

/// Pins in `dir`, as `victim_ID`, socket filter programs of ids ID just
/// above the next map id, `count` of them: the ids the next maps made
/// will get, unless `count` others are made first. Map or program ids
/// are used up (made and dropped) until the two meet. The ids pinned.
fn pin_programs_at_the_next_map_ids(dir: &Path, count: u32) -> std::ops::RangeInclusive<u32> {
    use libbpf_rs::libbpf_sys as sys;
    let id_of = |fd: i32| {
        // Every kind's info starts with its type and id.
        let mut info = [0u32; 2];
        let mut len = std::mem::size_of_val(&info) as u32;
        // SAFETY: `info` is `len` bytes.
        assert_eq!(unsafe { sys::bpf_obj_get_info_by_fd(fd, info.as_mut_ptr().cast(), &mut len) }, 0);
        info[1]
    };
    let close = |fd: i32| {
        // SAFETY: an fd this test made.
        unsafe { libc::close(fd) };
    };
    let map_id = || {
        // SAFETY: no name and no options.
        let fd = unsafe { sys::bpf_map_create(sys::BPF_MAP_TYPE_ARRAY, std::ptr::null(), 4, 4, 1, std::ptr::null()) };
        assert!(fd >= 0, "bpf_map_create: {fd}");
        let id = id_of(fd);
        close(fd);
        id
    };
    let program = || {
        // r0 = 0; exit
        let insns: [u64; 2] = [0xb7, 0x95];
        let license = c"GPL";
        // SAFETY: two instructions, a NUL-terminated license, no options.
        let fd = unsafe {
            sys::bpf_prog_load(sys::BPF_PROG_TYPE_SOCKET_FILTER, std::ptr::null(), license.as_ptr(), insns.as_ptr().cast(), 2, std::ptr::null_mut())
        };
        assert!(fd >= 0, "bpf_prog_load: {fd}");
        (fd, id_of(fd))
    };
    let (fd, first_program) = program();
    close(fd);
    while map_id() < first_program {}
    let base = map_id();
    let ids = base + 1..=base + count;
    loop {
        let (fd, id) = program();
        if ids.contains(&id) {
            let pin = std::ffi::CString::new(dir.join(format!("victim_{id}")).to_str().unwrap()).unwrap();
            // SAFETY: a program fd and a NUL-terminated path.
            assert_eq!(unsafe { sys::bpf_obj_pin(fd, pin.as_ptr()) }, 0);
        }
        close(fd);
        if id >= *ids.end() {
            return ids;
        }
    }
}
