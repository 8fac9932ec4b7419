//! The biolatency example on a loop device the test makes: it counts
//! exactly the direct reads the test makes of that disk, under its name,
//! and refuses a disk /proc/partitions does not list.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::PathBuf;
use std::process::Command;

use crate::harness::{assert_none_loaded, c_example_path};
use crate::tool::{wasm_bpf_binary, Tool};

/// tp_btf here; raw_tp where the kernel has no BTF for the tracepoints.
const PROGRAMS: &[&str] = &["issue_btf", "complete_btf", "issue_raw", "complete_raw"];
const READS: u64 = 8;

/// A loop device over a file of 8 MiB, detached when dropped.
struct LoopDevice {
    device: String,
    file: PathBuf,
}

impl LoopDevice {
    fn new() -> LoopDevice {
        let file = std::env::temp_dir().join(format!("wbt-biolatency-{}", std::process::id()));
        File::create(&file).unwrap().set_len(8 << 20).unwrap();
        let out = Command::new("losetup").args(["--find", "--show"]).arg(&file).output().expect("losetup (util-linux)");
        assert!(out.status.success(), "losetup: {}", String::from_utf8_lossy(&out.stderr));
        let device = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        LoopDevice { device, file }
    }

    fn name(&self) -> &str {
        self.device.trim_start_matches("/dev/")
    }

    /// `n` reads of a block each, past the page cache (O_DIRECT), far
    /// enough apart that no two merge: one request each.
    fn read_direct(&self, n: u64) {
        #[repr(C, align(4096))]
        struct Block([u8; 4096]);
        let mut block = Block([0; 4096]);
        let disk = OpenOptions::new().read(true).custom_flags(libc::O_DIRECT).open(&self.device).unwrap();
        for i in 0..n {
            disk.read_exact_at(&mut block.0, i * 3 * 4096).unwrap();
        }
    }
}

impl Drop for LoopDevice {
    fn drop(&mut self) {
        let _ = Command::new("losetup").args(["-d", &self.device]).output();
        let _ = std::fs::remove_file(&self.file);
    }
}

/// The sum of the counts of a histogram's rows ("  32 -> 63  : 7  |**|").
fn total(rows: &[String]) -> u64 {
    rows.iter()
        .filter(|l| l.contains("->"))
        .map(|l| l.split(':').nth(1).unwrap().split_whitespace().next().unwrap().parse::<u64>().unwrap())
        .sum()
}

#[test]
fn biolatency_counts_each_direct_read_of_a_loop_device_under_its_name() {
    let disk = LoopDevice::new();
    let tool = Tool::start(&c_example_path("biolatency"), &[], &["-D", "-d", disk.name(), "3", "1"], |l| {
        l.starts_with("Tracing block device I/O")
    });
    disk.read_direct(READS);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    let heading = lines.iter().position(|l| *l == format!("disk = {}", disk.name()));
    let heading = heading.unwrap_or_else(|| panic!("no histogram of {}:\n{}", disk.name(), lines.join("\n")));
    assert_eq!(lines[heading + 1].split_whitespace().collect::<Vec<_>>(), ["usecs", ":", "count", "distribution"]);
    // -d: this disk's histogram alone.
    assert_eq!(lines.iter().filter(|l| l.starts_with("disk = ")).count(), 1, "{}", lines.join("\n"));
    assert_eq!(total(&lines[heading + 1..]), READS, "{}", lines.join("\n"));
    assert_none_loaded(PROGRAMS);
}

#[test]
fn biolatency_refuses_a_disk_the_host_does_not_list() {
    let output = Command::new(wasm_bpf_binary())
        .arg("run")
        .arg(c_example_path("biolatency"))
        .args(["-d", "wbt-no-such-disk", "1", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(String::from_utf8_lossy(&output.stderr).trim(), "biolatency: invalid partition name: wbt-no-such-disk");
    assert_none_loaded(PROGRAMS);
}
