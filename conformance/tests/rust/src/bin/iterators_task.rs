//! `attach-iter` of a task iterator over one process (the runner's, its
//! pid the argument) runs the program for that process's threads only;
//! every open of the link's output is a fresh run, giving the same lines.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(pid) = std::env::args().nth(1).and_then(|p| p.parse::<u32>().ok()) else {
        c.fail("usage: iterators_task PID");
        return c.finish();
    };
    let object = load(&mut c, "iterators", objects::ITERATORS);
    let program = c.need(object.program("list_threads"), "program list_threads");
    let link = c.need(iterators::attach_iter(&program, &IterScope::Process(pid)), "attach-iter");
    let runs: Vec<String> = (0..2)
        .map(|_| String::from_utf8_lossy(&c.need(open_iter_run(&link).and_then(IterRun::read_all), "a run")).into_owned())
        .collect();
    let of_runner = !runs[0].is_empty() && runs[0].lines().all(|line| line.split(' ').next() == Some(pid.to_string().as_str()));
    println!("every line is a thread of the runner: {of_runner}");
    c.ok(of_runner, "lines of the runner's threads only");
    println!("a second run gives the same lines: {}", runs[0] == runs[1]);
    c.eq(&runs[0], &runs[1], "two runs");
    c.finish()
}

conformance::case_main!(main);
