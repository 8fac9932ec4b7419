//! A loaded program's `kernel-info` gives a non-zero id, distinct for each
//! loaded program, and an 8-byte tag that hashes its instructions: the
//! same for the same program loaded twice, different for another program.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let first = load(&mut c, "test_run", objects::TEST_RUN);
    let second = load(&mut c, "test_run", objects::TEST_RUN);
    let mut infos = Vec::new();
    for (object, name) in [(&first, "reflect"), (&second, "reflect"), (&first, "count_runs")] {
        let program = c.need(object.program(name), &format!("program {name}"));
        infos.push(c.need(program.kernel_info(), &format!("kernel-info of {name}")));
    }
    let (a, b, other) = (&infos[0], &infos[1], &infos[2]);
    for info in &infos {
        c.ok(info.id > 0, "a non-zero id");
        c.eq(info.tag.len(), 8, "the tag's size");
        c.ok(info.tag.iter().any(|&byte| byte != 0), "a tag that is not all zero");
        c.ok(info.verified_instructions > 0, "the verifier went through instructions");
    }
    c.ok(a.id != b.id && a.id != other.id && b.id != other.id, "three programs, three ids");
    c.eq(&a.tag, &b.tag, "the same program's tag in two loads");
    c.ok(a.tag != other.tag, "another program has another tag");
    println!("tags: {} bytes", a.tag.len());
    println!("same program loaded twice: same tag {}, same id {}", a.tag == b.tag, a.id == b.id);
    println!("another program: same tag {}", a.tag == other.tag);
    c.finish()
}

conformance::case_main!(main);
