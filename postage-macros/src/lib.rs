//! Procedural macros for [postage](https://docs.rs/postage): the channel generator.
//!
//! Use them through `postage::channel!` and `#[postage::channel]`; this crate is an
//! implementation detail of `postage`.

use proc_macro::TokenStream;

/// Declares named, typed channels. See `postage::channel!`.
#[proc_macro]
pub fn channel(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}
