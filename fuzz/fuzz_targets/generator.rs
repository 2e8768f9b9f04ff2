//! Feeds arbitrary token streams to the generator's front end (`channel!` and
//! `#[derive(Channel)]`: parse → validate → expand), which must never panic: every input
//! yields items, or `compile_error!` invocations (themselves items).
//!
//! The input bytes are read as Rust source; inputs that are not UTF-8 or do not lex into
//! tokens are skipped (the compiler would reject them before any macro runs).

#![no_main]

use std::str::FromStr;

use libfuzzer_sys::fuzz_target;

include!(concat!(env!("OUT_DIR"), "/front.rs"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(tokens) = TokenStream2::from_str(text) else {
        return;
    };
    // `postage::channel!` forwards its crate path first, `$crate; declarations`, and is the
    // only caller of the hidden `channel_impl!`: the front end takes whatever precedes the
    // first `;` as that path without parsing it, so the input always gets a real one.
    assert_items(expand_channel(quote::quote!(::postage; #tokens)));
    assert_items(expand_derive(tokens));
});

fn assert_items(output: TokenStream2) {
    if let Err(error) = syn::parse2::<syn::File>(output.clone()) {
        panic!("the expansion is not a list of items ({error}):\n{output}");
    }
}
