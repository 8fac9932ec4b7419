//! `update-program` puts a program into a program array: an XDP
//! dispatcher then tail-calls it (its verdict is the program's), `lookup`
//! of the slot gives the program's kernel id, and `delete` empties it
//! again (the dispatcher's own verdict).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "handles", objects::HANDLES);
    let jmp_table = maps_map(&mut c, &object, "jmp_table");
    let dispatch = c.need(object.program("dispatch"), "program dispatch");
    let tail_drop = c.need(object.program("tail_drop"), "program tail_drop");
    let empty = xdp_verdict(&mut c, &dispatch, 1);
    c.eq(empty, 3, "slot 1 empty: XDP_TX");
    c.need(handle_maps::update_program(&jmp_table, &u32_bytes(1), &tail_drop, UpdateMode::Any), "update-program");
    let verdict = xdp_verdict(&mut c, &dispatch, 1);
    println!("slot 1 tail-called: {verdict}");
    let id = c.need(tail_drop.kernel_info(), "kernel-info").id;
    let held = c.need(jmp_table.lookup(&u32_bytes(1)), "lookup of slot 1");
    c.eq(held, Some(u32_bytes(id)), "lookup gives the program's id");
    let deleted = c.need(jmp_table.delete(&u32_bytes(1)), "delete");
    c.eq(deleted, true, "delete of slot 1");
    let after = xdp_verdict(&mut c, &dispatch, 1);
    println!("slot 1 after delete: {after}");
    c.finish()
}

conformance::case_main!(main);
