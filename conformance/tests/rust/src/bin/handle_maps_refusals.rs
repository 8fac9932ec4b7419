//! Each handle-maps call on a map of another kind, and a program or map
//! of another object, give `invalid-argument` naming the map; a socket
//! map into a map of maps is `permission-denied`; plain `update` of
//! those maps stays `unsupported`, naming the call to use.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "handles", objects::HANDLES);
    let other = load(&mut c, "handles-2", objects::HANDLES);
    let plain = maps_map(&mut c, &object, "plain");
    let jmp_table = maps_map(&mut c, &object, "jmp_table");
    let outer = maps_map(&mut c, &object, "outer");
    let inner = maps_map(&mut c, &object, "inner_a");
    let tail_drop = c.need(object.program("tail_drop"), "program tail_drop");
    let key = u32_bytes(0);
    let any = UpdateMode::Any;
    let wrong_kind = [
        ("update-program", handle_maps::update_program(&plain, &key, &tail_drop, any)),
        ("update-map", handle_maps::update_map(&plain, &key, &inner, any)),
        ("update-cgroup", handle_maps::update_cgroup(&plain, &key, ".", any)),
        ("update-interface", handle_maps::update_interface(&plain, &key, "lo", None, any)),
    ];
    for (call, result) in wrong_kind {
        if let Some(e) = c.err(result, ErrorCode::InvalidArgument, &format!("{call} on a hash")) {
            c.ok(e.message.contains("'plain'"), &format!("{call}: the error names the map: {}", e.message));
        }
    }
    println!("refused: each call on a hash");
    let other_tail = c.need(other.program("tail_drop"), "other's tail_drop");
    let other_inner = maps_map(&mut c, &other, "inner_a");
    c.err(handle_maps::update_program(&jmp_table, &key, &other_tail, any), ErrorCode::InvalidArgument, "another object's program");
    c.err(handle_maps::update_map(&outer, &key, &other_inner, any), ErrorCode::InvalidArgument, "another object's map");
    println!("refused: another object's program and map");
    // A socket map in a map of maps would reach whoever reaches that map.
    let socks = shared_maps::MapDefinition {
        map_type: wasi_bpf::MapType::Sockhash,
        value_size: 4,
        ..hash_definition("wbc_socks")
    };
    let socks = c.need(shared_maps::create_map(&socks, None), "create-map of a sockhash");
    c.err(handle_maps::update_map(&outer, &key, &socks, any), ErrorCode::PermissionDenied, "a sockhash into a map of maps");
    println!("refused: a socket map into a map of maps");
    if let Some(e) = c.err(jmp_table.update(&key, &u32_bytes(3), any), ErrorCode::Unsupported, "plain update of jmp_table") {
        c.ok(e.message.contains("update-program"), &format!("the error names update-program: {}", e.message));
    }
    println!("refused: plain update of a program array");
    c.finish()
}

conformance::case_main!(main);
