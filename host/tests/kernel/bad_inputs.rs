use crate::harness::Guest;

/// Every kind of bad input is a typed error inside the guest (which checks
/// each code), and the host goes on: the guest runs to its end.
#[test]
fn bad_inputs_are_typed_errors() {
    let outcome = Guest::spawn("bad_inputs", &[]).join();
    outcome.assert_passed();
    assert!(outcome.stdout.contains("R0 invalid mem access"), "verifier log missing:\n{}", outcome.stdout);
    assert!(!outcome.stdout.contains("0xffff8"), "a kernel address reached the guest:\n{}", outcome.stdout);
}
