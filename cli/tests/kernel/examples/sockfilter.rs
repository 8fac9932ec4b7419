//! The sockfilter example: on loopback it prints exactly the datagrams the
//! test sends, with their addresses and ports, and both directions of a
//! TCP handshake.

use std::net::{TcpListener, TcpStream, UdpSocket};

use crate::harness::{assert_none_loaded, c_example_path, count_loaded};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &["socket_handler"];
const DATAGRAMS: usize = 3;

fn line(protocol: &str, src_port: u16, dst_port: u16) -> String {
    format!("interface: lo\tprotocol: {protocol}\t127.0.0.1:{src_port}(src) -> 127.0.0.1:{dst_port}(dst)")
}

#[test]
fn sockfilter_prints_exactly_the_packets_sent_on_loopback() {
    let mut tool = Tool::start(&c_example_path("sockfilter"), &["--allow", "socket-filter"], &["-i", "lo"], |l| l.starts_with("Watching"));
    assert_eq!(count_loaded(PROGRAMS), 1);

    // A port pair of this test alone; a bound receiver keeps the kernel
    // from answering with ICMP.
    let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
    let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
    let (src, dst) = (sender.local_addr().unwrap().port(), receiver.local_addr().unwrap().port());
    for i in 0..DATAGRAMS {
        sender.send_to(&[i as u8], ("127.0.0.1", dst)).unwrap();
    }
    let udp = line("UDP", src, dst);
    for _ in 0..DATAGRAMS {
        tool.wait_for(|l| l == udp, &udp);
    }

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (client_port, server_port) = (client.local_addr().unwrap().port(), listener.local_addr().unwrap().port());
    let syn = line("TCP", client_port, server_port);
    tool.wait_for(|l| l == syn, &syn);
    let syn_ack = line("TCP", server_port, client_port);
    tool.wait_for(|l| l == syn_ack, &syn_ack);

    let (code, lines) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(130));
    // Each datagram once (arriving, not also leaving: loopback shows both),
    // and nothing back.
    let udp_with = |port: u16| {
        let port = format!(":{port}(");
        lines.iter().filter(move |l| l.contains("protocol: UDP") && l.contains(&port))
    };
    assert_eq!(udp_with(src).collect::<Vec<_>>(), vec![&udp; DATAGRAMS], "{}", lines.join("\n"));
    assert_eq!(udp_with(dst).count(), DATAGRAMS, "{}", lines.join("\n"));
    assert_none_loaded(PROGRAMS);
}
