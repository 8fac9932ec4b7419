use std::time::Duration;

use crate::harness::Guest;

/// The function the uprobe test probes: a symbol of this test binary.
#[no_mangle]
#[inline(never)]
pub extern "C" fn wbt_uprobe_target(x: u64) -> u64 {
    std::hint::black_box(x * 2 + 1)
}

#[test]
fn uprobe_and_uretprobe_see_every_call() {
    let binary = std::env::current_exe().unwrap();
    let args = vec![
        format!("binary={}", binary.display()),
        "symbol=wbt_uprobe_target".to_string(),
        format!("pid={}", std::process::id()),
        "n=10".to_string(),
        // x = 1..=10: arguments sum to 55, results (2x + 1) to 120.
        "arg_sum=55".to_string(),
        "ret_sum=120".to_string(),
    ];
    let guest = Guest::spawn("uprobe", &args);
    guest.wait_for_line("ready", Duration::from_secs(60));
    for x in 1..=10 {
        wbt_uprobe_target(std::hint::black_box(x));
    }
    guest.join().assert_passed();
}
