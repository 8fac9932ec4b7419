//! A loaded program's line info, as `BPF_OBJ_GET_INFO_BY_FD` gives it:
//! the lines (from instruction 0, in order, each naming a file and a
//! line), one machine-code line per line, a length per function, and
//! under `kernel-symbols` (the suite runs with --allow-all) the machine
//! code's addresses, each line's inside a function.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let program = c.need(object.program("emit_perf"), "program emit_perf");
    let info = c.need(program.line_info(), "line-info");

    let lines = &info.lines;
    let in_order = lines.windows(2).all(|w| w[0].insn_off < w[1].insn_off);
    c.ok(!lines.is_empty() && lines[0].insn_off == 0 && in_order, &format!("lines from 0, in order: {lines:?}"));
    println!("lines: some, from instruction 0, in order");
    let named = lines.iter().all(|l| l.file_name_off > 0 && l.line_off > 0 && l.line_col >> 10 > 0);
    c.ok(named, &format!("every line names a file and a line: {lines:?}"));
    println!("every line names a file and a line number");
    c.eq(info.jited_line_count as usize, lines.len(), "machine-code lines");
    println!("machine-code lines: one per line");
    c.ok(info.jited_func_lengths.iter().all(|&len| len > 0) && !info.jited_func_lengths.is_empty(), "function lengths");
    println!("function lengths: some");

    let Some(addresses) = info.jited_addresses else {
        c.ok(false, "machine-code addresses under kernel-symbols");
        return c.finish();
    };
    c.eq(addresses.functions.len(), info.jited_func_lengths.len(), "one start per function");
    c.eq(addresses.lines.len(), lines.len(), "one address per line");
    let within = addresses.lines.iter().all(|&addr| {
        addresses.functions.iter().zip(&info.jited_func_lengths).any(|(&start, &len)| addr >= start && addr - start < u64::from(len))
    });
    c.ok(within, "every line's address within a function");
    c.eq(addresses.lines.first().copied(), addresses.functions.first().copied(), "the first line at the main function's start");
    println!("addresses: each line within its function");
    c.finish()
}

conformance::case_main!(main);
