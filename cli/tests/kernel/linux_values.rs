//! Values that cross from the kernel (errno, address families, open
//! flags) mean in a C guest what they mean natively: test-programs/c's
//! errnos and tcpstates, each built as a guest (guest-sdk-c) and natively
//! (gcc, glibc, the system's libbpf) from one source, watch the same
//! events the test makes, and print the same lines.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::harness::{c_native_path, c_test_program_path, Driver};
use crate::tool::Tool;

/// The native build of test program `name`, beside the guest.

/// How long events from other CPUs may trail the one waited for.
const SETTLE: Duration = Duration::from_millis(500);

/// A directory of the test's own, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("wbt-linux-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What errnos prints before READY: libc's failures in its directory and
/// libbpf's on a map, with Linux's numbers, names and glibc's messages.
const ERRNOS_CHECKS: &[&str] = &[
    "open missing: errno 2 ENOENT (No such file or directory) is ENOENT",
    "open missing again: No such file or directory",
    "fopen missing: errno 2 ENOENT (No such file or directory) is ENOENT",
    "strtol overflow: errno 34 ERANGE (Numerical result out of range)",
    "strtol 12 = 12, errno 0",
    "create: F_GETFL access O_WRONLY, O_APPEND clear",
    "create again: errno 17 EEXIST (File exists)",
    "reopen: F_GETFL access O_RDWR, O_APPEND set",
    "stat file: S_ISREG 1 S_ISDIR 0 S_ISFIFO 0, type 0100000",
    "stat dir: S_ISREG 0 S_ISDIR 1 S_ISFIFO 0, type 040000",
    "errno = EINVAL: 22 Invalid argument",
    "lookup missing key: ret -2, errno 2, -ENOENT",
    "update new key: ret 0",
    "update existing key: ret -17, errno 17 EEXIST (File exists)",
    "delete missing key: ret -2, No such file or directory",
    "READY",
];

/// The openat calls the driver thread makes (std opens with O_CLOEXEC),
/// as errnos prints them.
const ERRNOS_EVENTS: &[&str] = &[
    "openat O_RDONLY|O_CLOEXEC = -2 ENOENT (No such file or directory) == -ENOENT",
    "openat O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC = -17 EEXIST (File exists)",
    "openat O_RDONLY|O_CLOEXEC = -20 ENOTDIR (Not a directory)",
    "openat O_WRONLY|O_CLOEXEC = -21 EISDIR (Is a directory)",
    "openat O_RDONLY|O_CLOEXEC = fd",
];

/// Every line of `tool` once `last` was printed and the rest settled.
fn lines_until(mut tool: Tool, last: &str) -> Vec<String> {
    tool.wait_for(|l| l == last, last);
    std::thread::sleep(SETTLE);
    let (_, lines) = tool.stop(libc::SIGINT);
    lines
}

#[test]
fn errnos_from_kernel_libbpf_and_libc_read_as_natively() {
    let driver = Driver::new();
    let tid = driver.tid.to_string();
    let guest_dir = Scratch::new("errnos-guest");
    let native_dir = Scratch::new("errnos-native");
    let ready = |l: &str| l == "READY";
    let guest = Tool::start(
        &c_test_program_path("errnos"),
        &["--dir", guest_dir.path()],
        &[&tid, guest_dir.path()],
        ready,
    );
    let native = Tool::start_native(&c_native_path("errnos"), &[&tid, native_dir.path()], ready);

    let files = Scratch::new("errnos-files");
    let existing = files.0.join("existing");
    std::fs::write(&existing, "errnos\n").unwrap();
    let (missing, dir) = (files.0.join("missing"), files.0.clone());
    driver.run(move || {
        assert!(File::open(&missing).is_err());
        assert!(OpenOptions::new().write(true).create_new(true).open(&existing).is_err());
        assert!(File::open(existing.join("below")).is_err());
        assert!(OpenOptions::new().write(true).open(&dir).is_err());
        let mut contents = String::new();
        File::open(&existing).unwrap().read_to_string(&mut contents).unwrap();
    });

    let last = ERRNOS_EVENTS.last().unwrap();
    let guest_lines = lines_until(guest, last);
    let native_lines = lines_until(native, last);
    let expected: Vec<&str> = ERRNOS_CHECKS.iter().chain(ERRNOS_EVENTS).copied().collect();
    assert_eq!(native_lines, expected, "the native build printed other lines");
    assert_eq!(guest_lines, native_lines, "the guest and the native build differ");
}

/// One connection to `port` on `ip` (and back): the client's own port.
fn connect_once(listener: &TcpListener, ip: &str, port: u16) -> u16 {
    let mut client = TcpStream::connect(format!("{ip}:{port}")).unwrap();
    let (mut server, _) = listener.accept().unwrap();
    client.write_all(b"x").unwrap();
    let mut byte = [0u8];
    server.read_exact(&mut byte).unwrap();
    let client_port = client.local_addr().unwrap().port();
    // The client closes first: FIN_WAIT on its side, CLOSE_WAIT on the
    // server's.
    drop(client);
    std::thread::sleep(Duration::from_millis(50));
    drop(server);
    client_port
}

/// The lines of `family`'s connection from `client` to `port` on `ip`
/// that are certain whatever the timing of the close.
fn connection_lines(family: &str, ip: &str, port: u16, client: u16) -> Vec<String> {
    vec![
        // The kernel picks the client's port after this change.
        format!("{family} TCP {ip} 0 {ip} {port} CLOSE SYN_SENT"),
        format!("{family} TCP {ip} {client} {ip} {port} SYN_SENT ESTABLISHED"),
        format!("{family} TCP {ip} {port} {ip} {client} LISTEN SYN_RECV"),
        format!("{family} TCP {ip} {port} {ip} {client} SYN_RECV ESTABLISHED"),
        format!("{family} TCP {ip} {client} {ip} {port} ESTABLISHED FIN_WAIT1"),
        format!("{family} TCP {ip} {port} {ip} {client} ESTABLISHED CLOSE_WAIT"),
        format!("{family} TCP {ip} {port} {ip} {client} CLOSE_WAIT LAST_ACK"),
        format!("{family} TCP {ip} {port} {ip} {client} LAST_ACK CLOSE"),
    ]
}

fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines
}

#[test]
fn tcpstates_filters_and_prints_addresses_of_both_families_as_natively() {
    // One port for both families, so that only -4 / -6 tells them apart.
    let v4 = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = v4.local_addr().unwrap().port();
    let v6 = match TcpListener::bind(format!("[::1]:{port}")) {
        Ok(v6) => v6,
        Err(e) => {
            println!("SKIP: no IPv6 loopback here ({e})");
            return;
        }
    };
    let port_arg = port.to_string();
    let header = |l: &str| l.starts_with("FAMILY ");
    let start = |program: &Path, native: bool, family: &str| {
        let args = [family, "-p", &port_arg];
        if native {
            Tool::start_native(program, &args, header)
        } else {
            Tool::start(program, &[], &args, header)
        }
    };
    let guest4 = start(&c_test_program_path("tcpstates"), false, "-4");
    let guest6 = start(&c_test_program_path("tcpstates"), false, "-6");
    let native4 = start(&c_native_path("tcpstates"), true, "-4");
    let native6 = start(&c_native_path("tcpstates"), true, "-6");

    let client4 = connect_once(&v4, "127.0.0.1", port);
    let client6 = connect_once(&v6, "[::1]", port);
    let want4 = connection_lines("IPv4", "127.0.0.1", port, client4);
    let want6 = connection_lines("IPv6", "::1", port, client6);

    let last4 = want4.last().unwrap().clone();
    let last6 = want6.last().unwrap().clone();
    let guest4 = lines_until(guest4, &last4);
    let guest6 = lines_until(guest6, &last6);
    let native4 = lines_until(native4, &last4);
    let native6 = lines_until(native6, &last6);

    for (lines, want, other, what) in [
        (&guest4, &want4, "IPv6", "guest -4"),
        (&guest6, &want6, "IPv4", "guest -6"),
        (&native4, &want4, "IPv6", "native -4"),
        (&native6, &want6, "IPv4", "native -6"),
    ] {
        for line in want {
            assert!(lines.contains(line), "{what}: no line {line:?}; saw:\n{}", lines.join("\n"));
        }
        assert!(!lines.iter().any(|l| l.starts_with(other)), "{what} printed {other} lines:\n{}", lines.join("\n"));
    }
    assert_eq!(sorted(guest4), sorted(native4), "-4: the guest and the native build differ");
    assert_eq!(sorted(guest6), sorted(native6), "-6: the guest and the native build differ");
}
