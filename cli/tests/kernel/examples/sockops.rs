//! The sockops example: it reports the TCP sockets of the processes in
//! its cgroup, each end of a connection only if that end's socket was made
//! there, from establishment to close.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};

use crate::harness::{assert_none_loaded, c_example_path, count_loaded};
use crate::netenv::{unique_tag, Cgroup};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &["tcp_sockops"];

/// Listens on an ephemeral port of 127.0.0.1, prints it, accepts one
/// connection and reads it to its end.
const PERL_SERVER: &str = r#"
    $| = 1;
    my $l = IO::Socket::INET->new(LocalAddr => "127.0.0.1:0", Listen => 1) or die "listen: $!";
    print $l->sockport, "\n";
    my $c = $l->accept or die "accept: $!";
    1 while sysread($c, my $buf, 64);
"#;

/// (op, state) of `line` if it is about the socket `local` -> `remote`.
fn event(line: &str, local: &str, remote: &str) -> Option<(String, String)> {
    match line.split_whitespace().collect::<Vec<_>>()[..] {
        [op, l, r, state] if l == local && r == remote => Some((op.to_string(), state.to_string())),
        _ => None,
    }
}

fn events(lines: &[String], local: &str, remote: &str) -> Vec<(String, String)> {
    lines.iter().filter_map(|l| event(l, local, remote)).collect()
}

/// Checks that `events` are `established` (in `state`), then state
/// changes beginning with `first_changes`, each leaving the state the one
/// before entered, the last one to CLOSE.
fn assert_lifetime(
    events: &[(String, String)],
    established: &str,
    state: &str,
    first_changes: &[&str],
    all: &[String],
) {
    let dump = all.join("\n");
    assert_eq!(events.first(), Some(&(established.to_string(), state.to_string())), "{dump}");
    let changes: Vec<&str> = events[1..]
        .iter()
        .map(|(op, change)| {
            assert_eq!(op, "STATE_CHANGE", "{dump}");
            change.as_str()
        })
        .collect();
    assert!(changes.starts_with(first_changes), "{changes:?}\n{dump}");
    let mut now = state;
    for change in &changes {
        let (from, to) = change.split_once("->").unwrap();
        assert_eq!(from, now, "{changes:?}\n{dump}");
        now = to;
    }
    assert_eq!(now, "CLOSE", "{changes:?}\n{dump}");
}

fn wait_for_close(tool: &mut Tool, local: &str, remote: &str) {
    tool.wait_for(
        |l| event(l, local, remote).is_some_and(|(op, change)| op == "STATE_CHANGE" && change.ends_with("->CLOSE")),
        &format!("the close of {local} -> {remote}"),
    );
}

#[test]
fn sockops_reports_the_connections_of_its_cgroup_from_establishment_to_close() {
    let cgroup = Cgroup::new(unique_tag());
    let mut tool =
        Tool::start(&c_example_path("sockops"), &["--allow", "sockops"], &["-c", cgroup.0.to_str().unwrap()], |l| l.starts_with("OP"));
    assert_eq!(count_loaded(PROGRAMS), 1);

    // Active side in the cgroup: a shell there connects to the test, then
    // exits, closing first.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let server = listener.local_addr().unwrap();
    let mut shell = Command::new("bash")
        .args(["-c", &cgroup.script(&format!("exec 3<>/dev/tcp/127.0.0.1/{}", server.port()))])
        .spawn()
        .unwrap();
    let (accepted, client) = listener.accept().unwrap();
    assert!(shell.wait().unwrap().success());
    drop(accepted);
    let (active_local, active_remote) = (client.to_string(), server.to_string());
    wait_for_close(&mut tool, &active_local, &active_remote);

    // Passive side in the cgroup: a server there accepts the test's
    // connection, which the test closes first.
    let mut perl = Command::new("bash")
        .args(["-c", &cgroup.script(r#"exec perl -MIO::Socket::INET -e "$1""#), "bash", PERL_SERVER])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(perl.stdout.take().unwrap()).read_line(&mut port).unwrap();
    let stream = TcpStream::connect(("127.0.0.1", port.trim().parse::<u16>().unwrap())).unwrap();
    let (passive_local, passive_remote) =
        (stream.peer_addr().unwrap().to_string(), stream.local_addr().unwrap().to_string());
    drop(stream);
    assert!(perl.wait().unwrap().success());
    wait_for_close(&mut tool, &passive_local, &passive_remote);

    let (code, lines) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(130));
    assert_lifetime(
        &events(&lines, &active_local, &active_remote),
        "ACTIVE_ESTABLISHED",
        "ESTABLISHED",
        &["ESTABLISHED->FIN_WAIT1"],
        &lines,
    );
    assert_lifetime(
        &events(&lines, &passive_local, &passive_remote),
        "PASSIVE_ESTABLISHED",
        "SYN_RECV",
        &["SYN_RECV->ESTABLISHED", "ESTABLISHED->CLOSE_WAIT"],
        &lines,
    );
    // The test's own ends are outside the cgroup.
    assert_eq!(events(&lines, &active_remote, &active_local), [], "{}", lines.join("\n"));
    assert_eq!(events(&lines, &passive_remote, &passive_local), [], "{}", lines.join("\n"));
    assert_none_loaded(PROGRAMS);
}
