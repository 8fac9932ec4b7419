//! `create-map` makes a map of no object that every map call works on:
//! its info is what was asked (the name cut to the kernel's 15 bytes),
//! entries go in and come out, and it iterates. A type the host does not
//! create is `unsupported`, a flag no guest may set `invalid-argument`,
//! a size the kernel refuses `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let map = c.need(shared_maps::create_map(&hash_definition("sm_conformance_made"), None), "create-map");
    let info = c.need(map.info(), "info");
    println!("info: {} {}/{}/{}", info.name, info.key_size, info.value_size, info.max_entries);
    c.need(map.update(&u32_bytes(7), &0x77u64.to_ne_bytes(), UpdateMode::NoExist), "update");
    let got = c.need(map.lookup(&u32_bytes(7)), "lookup").map(|v| u64s(&v)[0]);
    println!("lookup 7: {got:?}");
    let first = c.need(map.next_key(None), "next-key");
    println!("first key: {:?}", first.map(|k| u32::from_ne_bytes(k[..4].try_into().unwrap())));
    println!("delete 7: {}", c.need(map.delete(&u32_bytes(7)), "delete"));

    let other = MapDefinition { map_type: wasi_bpf::MapType::Arena, ..hash_definition("sm_arena") };
    let arena = shared_maps::create_map(&other, None);
    println!("arena: {}", outcome(&arena));
    c.err(arena, ErrorCode::Unsupported, "create-map of an arena");
    let token = MapDefinition { flags: 1 << 16, ..hash_definition("sm_token") };
    let token = shared_maps::create_map(&token, None);
    println!("BPF_F_TOKEN_FD: {}", outcome(&token));
    c.err(token, ErrorCode::InvalidArgument, "create-map with BPF_F_TOKEN_FD");
    let keyless = MapDefinition { key_size: 0, ..hash_definition("sm_keyless") };
    let keyless = shared_maps::create_map(&keyless, None);
    println!("key size 0: {}", outcome(&keyless));
    c.err(keyless, ErrorCode::InvalidArgument, "a hash map without keys");
    c.finish()
}

use shared_maps::MapDefinition;

conformance::case_main!(main);
