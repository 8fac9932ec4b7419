//! XDP, a socket filter and cgroup_skb, each counting the UDP packets the
//! test sends: from a network namespace over a veth pair (XDP and the
//! socket filter on the host end), and from a process in a new cgroup.

use std::net::UdpSocket;
use std::os::fd::AsRawFd;
use std::process::Command;
use std::time::Duration;

use crate::harness::Guest;

const PACKETS: u32 = 5;

/// A network namespace with a veth pair to it, removed on drop.
struct VethPair {
    netns: String,
    host_if: String,
}

impl VethPair {
    fn new(tag: u32) -> VethPair {
        let netns = format!("wbt-ns-{tag}");
        let host_if = format!("wbt{tag}a");
        let peer_if = format!("wbt{tag}b");
        let pair = VethPair { netns: netns.clone(), host_if: host_if.clone() };
        // Leftovers of a run that was killed before it could clean up.
        pair.remove();
        ip(&["netns", "add", &netns]);
        ip(&["link", "add", &host_if, "type", "veth", "peer", "name", &peer_if]);
        ip(&["link", "set", &peer_if, "netns", &netns]);
        ip(&["addr", "add", "10.213.0.1/30", "dev", &host_if]);
        ip(&["link", "set", &host_if, "up"]);
        ip(&["-n", &netns, "addr", "add", "10.213.0.2/30", "dev", &peer_if]);
        ip(&["-n", &netns, "link", "set", &peer_if, "up"]);
        ip(&["-n", &netns, "link", "set", "lo", "up"]);
        pair
    }

    /// Sends `n` UDP datagrams from inside the namespace to the host end.
    fn send_from_namespace(&self, port: u16, n: u32) {
        let netns = std::fs::File::open(format!("/var/run/netns/{}", self.netns)).unwrap();
        std::thread::spawn(move || {
            // SAFETY: moves only this new thread into the namespace.
            assert_eq!(unsafe { libc::setns(netns.as_raw_fd(), libc::CLONE_NEWNET) }, 0, "setns");
            let socket = UdpSocket::bind("10.213.0.2:0").unwrap();
            for i in 0..n {
                socket.send_to(&i.to_ne_bytes(), ("10.213.0.1", port)).unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
        })
        .join()
        .unwrap();
    }
}

impl VethPair {
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

fn ip(args: &[&str]) {
    let out = Command::new("ip").args(args).output().expect("running ip (apt-get install iproute2)");
    assert!(out.status.success(), "ip {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A cgroup v2 directory of our own, removed on drop.
struct Cgroup(std::path::PathBuf);

impl Cgroup {
    fn new(tag: u32) -> Cgroup {
        let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
        let root = mounts
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                (f.get(2) == Some(&"cgroup2")).then(|| f[1].to_string())
            })
            .expect("no cgroup v2 mount");
        let dir = std::path::Path::new(&root).join(format!("wbt-{tag}"));
        std::fs::create_dir_all(&dir).unwrap();
        Cgroup(dir)
    }

    /// Sends `n` UDP datagrams to 127.0.0.1:`port` from a shell that first
    /// moves itself into this cgroup.
    fn send_from_inside(&self, port: u16, n: u32) {
        let script = format!(
            "echo $$ > {}/cgroup.procs && for i in $(seq {n}); do printf x > /dev/udp/127.0.0.1/{port}; done",
            self.0.display()
        );
        let status = Command::new("bash").args(["-c", &script]).status().unwrap();
        assert!(status.success());
    }
}

impl Drop for Cgroup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[test]
fn xdp_socket_filter_and_cgroup_skb_count_exactly_the_packets_sent() {
    let tag = std::process::id() % 100_000;
    let pair = VethPair::new(tag);
    let cgroup = Cgroup::new(tag);
    let port = 40_000 + (tag % 20_000) as u16;
    let guest = Guest::spawn(
        "net",
        &[
            format!("port={port}"),
            format!("iface={}", pair.host_if),
            format!("cgroup={}", cgroup.0.display()),
            format!("n={PACKETS}"),
        ],
    );
    guest.wait_for_line("ready", Duration::from_secs(60));
    pair.send_from_namespace(port, PACKETS);
    cgroup.send_from_inside(port, PACKETS);
    guest.join().assert_passed();
}
