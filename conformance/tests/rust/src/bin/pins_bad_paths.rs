//! Every `wasi:bpf/pins` call that takes a path refuses a relative one
//! and one with a `..` component with `invalid-argument` quoting it,
//! whatever the policy (the shape is judged before anything else).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("pins", objects::PINS), "open");
    // Its LIBBPF_PIN_BY_NAME map would pin under /sys/fs/bpf: no pin.
    c.need(pins::set_pin_path(&object, "wbt_pin_by_name", None), "set-pin-path none");
    c.need(object.load(), "load");
    let map = maps_map(&mut c, &object, "counts");
    let program = c.need(object.program("count_getpgid"), "program count_getpgid");
    let link = c.need(program.attach(), "attach");
    let unloaded = c.need(Object::open("pins-2", objects::PINS), "open another");
    for path in ["relative/x", "/sys/fs/bpf/../x"] {
        let results = [
            ("pin-map", pins::pin_map(&map, path)),
            ("unpin-map", pins::unpin_map(&map, path)),
            ("pin-program", pins::pin_program(&program, path)),
            ("unpin-program", pins::unpin_program(&program, path)),
            ("pin-link", pins::pin_link(&link, path)),
            ("unpin-link", pins::unpin_link(&link, path)),
            ("open-map", pins::open_map(path).map(|_| ())),
            ("open-link", pins::open_link(path).map(|_| ())),
            ("set-pin-path", pins::set_pin_path(&unloaded, "counts", Some(path))),
        ];
        for (call, result) in results {
            if let Some(e) = c.err(result, ErrorCode::InvalidArgument, &format!("{call} of {path}")) {
                c.ok(e.message.contains(path), &format!("{call}: the error quotes the path: {}", e.message));
            }
        }
        println!("refused: {path}");
    }
    c.finish()
}

conformance::case_main!(main);
