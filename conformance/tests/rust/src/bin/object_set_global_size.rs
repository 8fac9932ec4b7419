//! `set-global` with a value that is not exactly the global's size gives
//! `invalid-argument` and leaves the global as it was.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    let values: [(&str, &[u8]); 3] = [("4 bytes", &[9; 4]), ("9 bytes", &[9; 9]), ("no bytes", &[])];
    for (what, value) in values {
        let result = object.set_global("data_value", value);
        println!("{what} for an 8-byte global: {}", outcome(&result));
        c.err(result, ErrorCode::InvalidArgument, what);
    }
    let value = global_u64(&mut c, &object, "data_value");
    c.eq(value, 2, "data_value after the failed calls");
    c.finish()
}

conformance::case_main!(main);
