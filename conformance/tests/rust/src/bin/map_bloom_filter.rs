//! A bloom filter `contains` every value pushed to it (true), and reports
//! values never pushed as surely absent (false), but for rare false
//! positives.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let bloom = maps_map(&mut c, &object, "bloom");

    let absent = |c: &mut Case| (1000..1200u64).filter(|&v| !c.need(bloom.contains(&u64_bytes(v)), "contains")).count();
    let empty = absent(&mut c);
    c.eq(empty, 200, "an empty filter holds nothing");
    let pushed = [3u64, 1 << 40, 77, 12345];
    for v in pushed {
        c.must(bloom.push(&u64_bytes(v), false), "push");
    }
    let found = pushed.iter().filter(|&&v| c.need(bloom.contains(&u64_bytes(v)), "contains")).count();
    println!("pushed values contained: {found} of {}", pushed.len());
    let absent = absent(&mut c);
    c.ok(absent >= 190, &format!("at most 5% false positives (got {} of 200)", 200 - absent));
    println!("values never pushed: reported absent");
    c.finish()
}

conformance::case_main!(main);
