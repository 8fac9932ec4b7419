//! Network fixtures for tests: a network namespace joined by a veth pair,
//! a cgroup v2 directory, and `ip`. Each removes what it made on drop, and
//! first removes what a killed run of the same name left.

use std::net::{Ipv4Addr, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// A tag for the names of fixtures, different for every call in this
/// process and unlikely to be another test process's: tests run in
/// parallel, and interface names are global.
pub fn unique_tag() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    (std::process::id() % 100_000) * 100 + NEXT.fetch_add(1, Ordering::Relaxed) % 100
}

/// Held by every test whose guest attaches XDP to `lo`: an interface
/// takes one XDP program (per mode), so a second attach while another
/// test's program is there fails with EBUSY.
pub fn lo_xdp() -> MutexGuard<'static, ()> {
    static LO_XDP: Mutex<()> = Mutex::new(());
    // A test that failed while holding it leaves nothing on `lo` (its
    // guest's links went with it): the next may go on.
    LO_XDP.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A network namespace `wbt-ns-TAG` with a veth pair to it: `wbtTAGa` here
/// and `wbtTAGb` in the namespace, addressed in a /30 of 10.213.0.0/16
/// that the tag picks (so that pairs of different tags do not share one).
pub struct VethPair {
    pub netns: String,
    /// The end in this namespace.
    pub host_if: String,
    pub host_addr: Ipv4Addr,
    /// The address of the end in the namespace.
    pub peer_addr: Ipv4Addr,
}

impl VethPair {
    pub fn new(tag: u32) -> VethPair {
        let netns = format!("wbt-ns-{tag}");
        let host_if = format!("wbt{tag}a");
        let peer_if = format!("wbt{tag}b");
        let subnet = u32::from(Ipv4Addr::new(10, 213, 0, 0)) | ((tag % 16_384) << 2);
        let pair = VethPair {
            netns: netns.clone(),
            host_if: host_if.clone(),
            host_addr: Ipv4Addr::from(subnet + 1),
            peer_addr: Ipv4Addr::from(subnet + 2),
        };
        pair.remove();
        ip(&["netns", "add", &netns]);
        ip(&["link", "add", &host_if, "type", "veth", "peer", "name", &peer_if]);
        ip(&["link", "set", &peer_if, "netns", &netns]);
        ip(&["addr", "add", &format!("{}/30", pair.host_addr), "dev", &host_if]);
        ip(&["link", "set", &host_if, "up"]);
        ip(&["-n", &netns, "addr", "add", &format!("{}/30", pair.peer_addr), "dev", &peer_if]);
        ip(&["-n", &netns, "link", "set", &peer_if, "up"]);
        ip(&["-n", &netns, "link", "set", "lo", "up"]);
        pair
    }

    /// Sends `n` UDP datagrams of 4 bytes from inside the namespace to
    /// `port` of the host end.
    pub fn send_from_namespace(&self, port: u16, n: u32) {
        let netns = std::fs::File::open(format!("/var/run/netns/{}", self.netns)).unwrap();
        let (from, to) = (self.peer_addr, self.host_addr);
        std::thread::spawn(move || {
            // SAFETY: moves only this new thread into the namespace.
            assert_eq!(unsafe { libc::setns(netns.as_raw_fd(), libc::CLONE_NEWNET) }, 0, "setns");
            let socket = UdpSocket::bind((from, 0)).unwrap();
            for i in 0..n {
                socket.send_to(&i.to_ne_bytes(), (to, port)).unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
        })
        .join()
        .unwrap();
    }

    /// Sends `n` ICMP echo requests from inside the namespace to the host
    /// end, which answers each with an echo reply.
    pub fn ping_from_namespace(&self, n: u16) {
        let netns = std::fs::File::open(format!("/var/run/netns/{}", self.netns)).unwrap();
        let to = self.host_addr;
        std::thread::spawn(move || {
            // SAFETY: moves only this new thread into the namespace.
            assert_eq!(unsafe { libc::setns(netns.as_raw_fd(), libc::CLONE_NEWNET) }, 0, "setns");
            // SAFETY: socket(2) returns a new fd or -1.
            let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_RAW | libc::SOCK_CLOEXEC, libc::IPPROTO_ICMP) };
            assert!(fd >= 0, "raw ICMP socket: {}", std::io::Error::last_os_error());
            // SAFETY: a new socket nothing else owns.
            let socket = unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) };
            // SAFETY: sockaddr_in is plain data; zeroed is a valid value.
            let mut addr: libc::sockaddr_in = unsafe { std::mem::zeroed() };
            addr.sin_family = libc::AF_INET as u16;
            addr.sin_addr.s_addr = u32::from(to).to_be();
            for seq in 0..n {
                let request = icmp_echo_request(0x7762, seq);
                // SAFETY: sends a buffer of the length given to an address of the size given.
                let sent = unsafe {
                    libc::sendto(
                        socket.as_raw_fd(),
                        request.as_ptr().cast(),
                        request.len(),
                        0,
                        (&addr as *const libc::sockaddr_in).cast(),
                        std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
                    )
                };
                assert_eq!(sent, request.len() as isize, "ICMP echo request: {}", std::io::Error::last_os_error());
                std::thread::sleep(Duration::from_millis(20));
            }
        })
        .join()
        .unwrap();
    }

    fn remove(&self) {
        let _ = Command::new("ip").args(["link", "del", &self.host_if]).output();
        let _ = Command::new("ip").args(["netns", "del", &self.netns]).output();
    }
}

impl Drop for VethPair {
    fn drop(&mut self) {
        self.remove();
    }
}

/// An ICMP echo request (type 8) with 8 bytes of payload and its checksum.
fn icmp_echo_request(id: u16, seq: u16) -> Vec<u8> {
    let mut packet = vec![8, 0, 0, 0];
    packet.extend_from_slice(&id.to_be_bytes());
    packet.extend_from_slice(&seq.to_be_bytes());
    packet.extend_from_slice(b"wasi-bpf");
    let mut sum: u32 = packet.chunks(2).map(|w| u32::from(u16::from_be_bytes([w[0], *w.get(1).unwrap_or(&0)]))).sum();
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    packet[2..4].copy_from_slice(&(!(sum as u16)).to_be_bytes());
    packet
}

/// Runs `ip ARGS`; panics with its stderr if it fails.
pub fn ip(args: &[&str]) {
    let out = Command::new("ip").args(args).output().expect("running ip (apt-get install iproute2)");
    assert!(out.status.success(), "ip {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A cgroup v2 directory `wbt-TAG` under the cgroup v2 mount (wherever it
/// is: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems).
pub struct Cgroup(pub PathBuf);

/// Where the cgroup v2 file system is mounted: its root cgroup.
pub fn cgroup2_mount() -> PathBuf {
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
    let root = mounts
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.get(2) == Some(&"cgroup2")).then(|| f[1].to_string())
        })
        .expect("no cgroup v2 mount");
    PathBuf::from(root)
}

impl Cgroup {
    pub fn new(tag: u32) -> Cgroup {
        let dir = cgroup2_mount().join(format!("wbt-{tag}"));
        std::fs::create_dir_all(&dir).unwrap();
        Cgroup(dir)
    }

    /// A `bash -c` script that moves the shell into this cgroup, then runs
    /// `then` there.
    pub fn script(&self, then: &str) -> String {
        format!("echo $$ > {}/cgroup.procs && {then}", self.0.display())
    }

    /// Sends `n` UDP datagrams to 127.0.0.1:`port` from a shell inside
    /// this cgroup.
    pub fn send_from_inside(&self, port: u16, n: u32) {
        let script = self.script(&format!("for i in $(seq {n}); do printf x > /dev/udp/127.0.0.1/{port}; done"));
        let status = Command::new("bash").args(["-c", &script]).status().unwrap();
        assert!(status.success());
    }
}

impl Drop for Cgroup {
    /// Fails silently while a process is still inside: the directory then
    /// stays for the next run of the same tag to reuse.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}
