//! `attach-sockmap` attaches an sk_msg and an sk_skb stream verdict
//! program to a sockhash of their object, each as its section's attach
//! type; while the map runs an sk_msg program a second one is `busy`, and
//! once that link is dropped it attaches. A bare sk_skb program (no
//! socket map attach type), a socket filter, an array and another
//! object's sockhash are `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "sockmap", objects::SOCKMAP);
    let other = load(&mut c, "sockmap_other", objects::SOCKMAP);
    let socks = c.need(object.map("socks"), "map socks");
    let plain = c.need(object.map("plain"), "map plain");
    let foreign = c.need(other.map("socks"), "map socks of the other object");
    let on_message = c.need(object.program("on_message"), "program on_message");
    let on_data = c.need(object.program("on_data"), "program on_data");
    let message_link = c.need(on_message.attach_sockmap(&socks), "attach-sockmap on_message");
    let _data_link = c.need(on_data.attach_sockmap(&socks), "attach-sockmap on_data");
    println!("sk_msg and sk_skb on socks: attached");
    let on_message_too = c.need(object.program("on_message_too"), "program on_message_too");
    let second = on_message_too.attach_sockmap(&socks);
    println!("a second sk_msg program: {}", outcome(&second));
    c.err(second, ErrorCode::Busy, "a second sk_msg program");
    drop(message_link);
    let again = on_message_too.attach_sockmap(&socks);
    println!("once its link is dropped: {}", outcome(&again));
    c.ok(again.is_ok(), "attach-sockmap once the first link is dropped");
    let bare = c.need(object.program("bare_sk_skb"), "program bare_sk_skb");
    let filter = c.need(object.program("filter"), "program filter");
    for (what, attached) in [
        ("a bare sk_skb program", bare.attach_sockmap(&socks)),
        ("a socket filter", filter.attach_sockmap(&socks)),
        ("an array", on_data.attach_sockmap(&plain)),
        ("another object's sockhash", on_data.attach_sockmap(&foreign)),
    ] {
        println!("{what}: {}", outcome(&attached));
        if let Some(e) = c.err(attached, ErrorCode::InvalidArgument, what) {
            c.ok(!e.message.is_empty(), "a message");
        }
    }
    c.finish()
}

conformance::case_main!(main);
