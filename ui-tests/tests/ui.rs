//! Compile tests of the channel generator: `pass_*` must build and run, `fail_*` (errors
//! written by the macro) and `fail_rustc_*` (errors written by rustc about generated
//! code) must fail with exactly the checked-in `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass_*.rs");
    t.compile_fail("tests/ui/fail_*.rs");
}
