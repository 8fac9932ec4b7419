//! What the test guests share: their BPF objects, argument parsing, and a
//! checker that reports every failed expectation and sets the exit code.
//!
//! Protocol with the host tests: a guest prints `ready` once its programs
//! are attached; the test then makes the kernel act; the guest prints what
//! it saw, `FAIL: ...` for each unmet expectation, and exits 1 if any.

use std::fmt::Debug;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::{Duration, Instant};

use wasi_bpf::ErrorCode;

pub mod linked;

/// Hostile rewrites of plain.bpf.o: build.rs embeds most of them
/// (`objects::HOSTILE_BTF`); guests make those too big to embed.
#[path = "../hostile_btf.rs"]
pub mod hostile_btf;

/// The compiled BPF objects, by file stem.
pub mod objects {
    macro_rules! object {
        ($name:ident, $file:literal) => {
            pub static $name: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/", $file));
        };
    }
    object!(RINGBUF, "ringbuf.bpf.o");
    object!(MAPS, "maps.bpf.o");
    object!(LIFECYCLE, "lifecycle.bpf.o");
    object!(VERIFIER_REJECT, "verifier_reject.bpf.o");
    object!(NET, "net.bpf.o");
    object!(UPROBE, "uprobe.bpf.o");
    object!(USDT, "usdt.bpf.o");
    object!(USDT_LEGACY, "usdt_legacy.bpf.o");
    object!(KPROBE, "kprobe.bpf.o");
    object!(PINNED, "pinned.bpf.o");
    object!(VALUE_MAPS, "value_maps.bpf.o");
    object!(LOCKED, "locked.bpf.o");
    object!(POLICY, "policy.bpf.o");
    object!(ADVERSARY, "adversary.bpf.o");
    object!(ADVERSARY_XINDEX, "adversary_xindex.bpf.o");
    object!(KSYM, "ksym.bpf.o");
    object!(TARGETS, "targets.bpf.o");
    object!(FENTRY, "fentry.bpf.o");
    object!(PERF_SAMPLER, "perf_sampler.bpf.o");
    object!(COOKIES, "cookies.bpf.o");
    object!(MULTI_PROBE, "multi_probe.bpf.o");
    object!(SOCKMAP, "sockmap.bpf.o");
    object!(NETNS, "netns.bpf.o");
    object!(NETFILTER, "netfilter.bpf.o");
    object!(FREPLACE, "freplace.bpf.o");
    object!(STRUCT_OPS, "struct_ops.bpf.o");
    object!(SOCKHASH_OF_MAPS, "sockhash_of_maps.bpf.o");
    object!(COMPAT, "compat.bpf.o");
    object!(TC, "tc.bpf.o");
    object!(ITER, "iter.bpf.o");
    object!(HANDLES, "handles.bpf.o");
    object!(LOAD_OPTIONS, "load_options.bpf.o");
    object!(PINS, "pins.bpf.o");
    object!(SHARED_MAPS, "shared_maps.bpf.o");
    object!(SOAK, "soak.bpf.o");
    object!(PLAIN, "plain.bpf.o");
    object!(PLAIN_BIG_ENDIAN, "plain_eb.bpf.o");
    object!(PLAIN_NO_BTF, "plain_nobtf.bpf.o");
    object!(PLAIN_NO_BTF_NO_MAPS, "plain_nobtf_nomaps.bpf.o");

    macro_rules! hostile {
        ($name:literal, $says:literal) => {
            ($name, include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".bpf.o")), $says)
        };
    }

    /// plain.bpf.o with hostile BTF (test-programs/hostile_btf.rs): each
    /// with its name and what the host's refusal of it says.
    pub static HOSTILE_BTF: &[(&str, &[u8], &str)] = &[
        hostile!("hostile_typedef_loop", "type 8 (typedef) refers back to itself"),
        hostile!("hostile_const_loop", "type 8 (const) refers back to itself"),
        hostile!("hostile_typedef_loop_xindex", "type 8 (typedef) refers back to itself"),
        hostile!("hostile_typedef_loop_shnum0", "type 8 (typedef) refers back to itself"),
        hostile!("hostile_typedef_loop_shentsize0", "type 8 (typedef) refers back to itself"),
        hostile!("hostile_typedef_loop_second_btf", "section .BTF (index 13): type 8 (typedef) refers back"),
        hostile!("hostile_ptr_chain", "starts a chain of more than 32 references"),
        hostile!("hostile_member_out_of_range", "type 13 (struct) refers to type 16777200, past the last type"),
        hostile!("hostile_huge_vlen", "type 13 (struct, vlen 65535) runs past the end of the type section"),
        hostile!("hostile_truncated_btf", "do not fit"),
        hostile!("hostile_btf_ext_lookups", "more than 16777216 lookups"),
    ];
}

/// Argument `name=VALUE` of the guest's command line, parsed.
pub fn arg<T: FromStr>(name: &str) -> T {
    let prefix = format!("{name}=");
    let value = std::env::args()
        .find_map(|a| a.strip_prefix(&prefix).map(str::to_string))
        .unwrap_or_else(|| panic!("missing argument {name}=..."));
    value.parse().unwrap_or_else(|_| panic!("bad value for {name}: {value}"))
}

/// Tells the test that the guest is attached.
pub fn ready() {
    println!("ready");
}

/// Polls `done` every 10 ms until it is true or `timeout` passes.
pub fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    done()
}

/// Counts failed expectations.
#[derive(Default)]
pub struct Check {
    failures: u32,
}

impl Check {
    pub fn ok(&mut self, cond: bool, what: &str) {
        if cond {
            println!("ok: {what}");
        } else {
            self.failures += 1;
            println!("FAIL: {what}");
        }
    }

    pub fn eq<T: Debug + PartialEq>(&mut self, got: T, want: T, what: &str) {
        if got == want {
            println!("ok: {what}");
        } else {
            self.failures += 1;
            println!("FAIL: {what}: got {got:?}, want {want:?}");
        }
    }

    /// Expects `result` to be an error with `code`.
    pub fn err<T: Debug>(&mut self, result: wasi_bpf::Result<T>, code: ErrorCode, what: &str) {
        match result {
            Err(e) if e.code() == code => println!("ok: {what}: {code:?}: {}", e.message()),
            Err(e) => {
                self.failures += 1;
                println!("FAIL: {what}: got {:?} ({}), want {code:?}", e.code(), e.message());
            }
            Ok(v) => {
                self.failures += 1;
                println!("FAIL: {what}: got Ok({v:?}), want {code:?}");
            }
        }
    }

    /// Unwraps `result`, counting an error as a failure.
    pub fn must<T>(&mut self, result: wasi_bpf::Result<T>, what: &str) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.failures += 1;
                println!("FAIL: {what}: {:?}: {e}", e.code());
                None
            }
        }
    }

    pub fn finish(self) -> ExitCode {
        if self.failures == 0 {
            println!("all checks passed");
            ExitCode::SUCCESS
        } else {
            println!("{} checks failed", self.failures);
            ExitCode::FAILURE
        }
    }
}

/// What `link_info` and `link_info_async` print of their tracepoint and
/// XDP links (`Link::info`) and the programs' own ids.
pub fn print_link_infos(tp: &wasi_bpf::query::LinkInfo, tp_prog: u32, xdp: &wasi_bpf::query::LinkInfo, xdp_prog: u32) {
    use wasi_bpf::query::{LinkTypeInfo, XdpLinkInfo};
    println!("tp: {:?} prog matches: {}", tp.info, tp.prog_id == tp_prog);
    println!("tp link {}", tp.id);
    let LinkTypeInfo::Xdp(XdpLinkInfo { ifindex }) = xdp.info else {
        panic!("not an XDP link: {xdp:?}");
    };
    println!("xdp: ifindex {ifindex} prog matches: {}", xdp.prog_id == xdp_prog);
    println!("xdp link {}", xdp.id);
}

/// Prints the first `calls` hits usdt.bpf.c recorded in its map `hits`
/// as the C usdt guest does (test-programs/c/usdt): the probe's four
/// arguments and the attach's cookie.
pub fn print_usdt_hits(hits: &impl wasi_bpf::MapCore, calls: u32) {
    for slot in 0..calls {
        let hit = hits.lookup(&slot.to_ne_bytes(), wasi_bpf::MapFlags::ANY).unwrap().unwrap();
        let word = |range: std::ops::Range<usize>| i64::from_ne_bytes(hit[range].try_into().unwrap());
        let text = &hit[32..48];
        let text = String::from_utf8_lossy(&text[..text.iter().position(|&b| b == 0).unwrap_or(16)]).into_owned();
        println!(
            "tick i={} big={} neg={} word={text} cookie={}",
            word(8..16),
            word(16..24),
            word(24..32),
            u64::from_ne_bytes(hit[0..8].try_into().unwrap())
        );
    }
}

/// What the sockmap guests share with test-programs/c/sockmap: its lines.
pub mod sockmap {
    use std::time::Duration;

    /// Waits up to 30 s for `n` messages whose bytes all came through,
    /// then 200 ms for more, and prints sockmap.bpf.c's counts as the C
    /// tool does; `global` reads a counter of the object.
    pub fn wait_and_print(global: impl Fn(&str) -> u64, n: u64) {
        super::wait_until(Duration::from_secs(30), || global("messages") >= n && global("received_bytes") >= global("sent_bytes"));
        std::thread::sleep(Duration::from_millis(200));
        println!("messages: {}", global("messages"));
        println!("sent bytes: {}", global("sent_bytes"));
        println!("received bytes: {}", global("received_bytes"));
    }
}

/// What the cookies guests share with test-programs/c/cookies: the cookies
/// they attach with, and its lines.
pub mod cookies {
    use std::time::Duration;

    pub const EXEC: u64 = 0xe1ec;
    pub const EXIT: u64 = 0xe817;
    pub const RAW: u64 = 0x4a3;
    /// A perf event on CPU n is attached with cookie `PERF_BASE + n`.
    pub const PERF_BASE: u64 = 0x100;

    /// The events counted under `cookie` in cookies.bpf.c's map `hits`.
    pub fn hits(map: &impl wasi_bpf::MapCore, cookie: u64) -> u64 {
        let value = map.lookup(&cookie.to_ne_bytes(), wasi_bpf::MapFlags::ANY).unwrap();
        value.map_or(0, |v| u64::from_ne_bytes(v.try_into().unwrap()))
    }

    /// Waits up to 30 s (a VM kernel under emulation starts processes
    /// slowly) for `n` execs and exits (and raw execs with `raw`), then
    /// 200 ms for events beyond them.
    pub fn wait(map: &impl wasi_bpf::MapCore, n: u64, raw: bool) {
        super::wait_until(Duration::from_secs(30), || {
            hits(map, EXEC) >= n && hits(map, EXIT) >= n && (!raw || hits(map, RAW) >= n)
        });
        std::thread::sleep(Duration::from_millis(200));
    }

    /// The C tool's lines: events by cookie, then the samples' cookies.
    pub fn print(map: &impl wasi_bpf::MapCore, raw: bool, samples: u64, foreign_samples: u64) {
        println!("sched_process_exec (cookie {EXEC:#x}): {}", hits(map, EXEC));
        println!("sched_process_exit (cookie {EXIT:#x}): {}", hits(map, EXIT));
        if raw {
            println!("raw sched_process_exec (cookie {RAW:#x}): {}", hits(map, RAW));
        }
        println!("events without a cookie: {}", hits(map, 0));
        println!("samples with their cpu's cookie: {}", if samples > 0 { "some" } else { "none" });
        println!("samples with another cookie: {foreign_samples}");
    }
}
