//! Probe of kernel feature `netfilter` (Linux 6.4): loads program
//! `count_netfilter` of the attach object and links it to the IPv4
//! local-in hook with `attach-netfilter`.

use conformance::bpf_object::{NetfilterFamily, NetfilterHook, NetfilterOptions};
use conformance::*;

fn main() -> std::process::ExitCode {
    let linked = Object::open("attach", objects::ATTACH).and_then(|object| {
        object.set_autoload("count_netfilter", true)?;
        object.load()?;
        let options = NetfilterOptions { family: NetfilterFamily::Ipv4, hook: NetfilterHook::LocalIn, priority: 7122, defrag: false };
        object.program("count_netfilter")?.attach_netfilter(options)
    });
    match linked {
        Ok(_) => {
            println!("available");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            println!("count_netfilter: {:?}: {}", e.code, e.message);
            std::process::ExitCode::FAILURE
        }
    }
}

conformance::case_main!(main);
