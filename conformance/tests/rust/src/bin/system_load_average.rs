//! `load-average` gives /proc/loadavg's fields: loads in hundredths, at
//! least one task (the caller's host thread), no more tasks runnable than
//! there are tasks, and a last pid handed out.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(load) = c.must(system::load_average(), "load-average") else { return c.finish() };
    c.ok(load.tasks >= 1, &format!("{} tasks: at least the host's", load.tasks));
    c.ok(load.runnable <= load.tasks, &format!("{} runnable of {} tasks", load.runnable, load.tasks));
    c.ok(load.last_pid >= 1, &format!("last pid {}", load.last_pid));
    // A load is a count of tasks: it cannot exceed every task there is by
    // much (the averages lag), and surely not a hundredfold.
    for (what, l) in [("one-minute", load.one_minute), ("five-minutes", load.five_minutes), ("fifteen-minutes", load.fifteen_minutes)] {
        c.ok(l / 100 <= load.tasks.saturating_mul(100), &format!("{what} load {l} hundredths"));
    }
    println!("load-average: consistent");
    c.finish()
}

conformance::case_main!(main);
