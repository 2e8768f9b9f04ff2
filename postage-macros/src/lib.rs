//! Procedural macros for [postage](https://docs.rs/postage): the channel generator.
//!
//! Use them through `postage::channel!` and `#[derive(postage::Channel)]`; this crate is an
//! implementation detail of `postage`, and its macros expect the paths `postage` forwards.
//!
//! Each macro is a pipeline: `parse` (tokens into typed declarations) → `validate`
//! (every rule checked, every error collected) → `expand` (items, plus the errors).

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;

mod expand;
mod kind;
mod options;
mod parse;
mod validate;

#[cfg(test)]
mod diagnostics;
#[cfg(test)]
mod snapshots;

/// The function-like generator behind `postage::channel!`, which forwards its crate path
/// first: `channel_impl!($crate; declarations)`.
#[doc(hidden)]
#[proc_macro]
pub fn channel_impl(input: TokenStream) -> TokenStream {
    expand_channel(input.into()).into()
}

/// The derive behind `#[derive(postage::Channel)]` with its `#[channel(..)]` options.
#[proc_macro_derive(Channel, attributes(channel, reply))]
pub fn derive_channel(input: TokenStream) -> TokenStream {
    expand_derive(input.into()).into()
}

/// `channel!`: `$crate ; declarations` into items.
pub(crate) fn expand_channel(input: TokenStream2) -> TokenStream2 {
    match parse::ChannelInput::parse(input) {
        Ok(input) => {
            let (checked, errors) = validate::check_channels(input);
            expand::expand(checked, errors)
        }
        Err(error) => error.to_compile_error(),
    }
}

/// `#[derive(Channel)]`: the item and its `#[channel(..)]` into items.
pub(crate) fn expand_derive(input: TokenStream2) -> TokenStream2 {
    match parse::DeriveChannel::parse(input) {
        Ok(input) => {
            let (checked, errors) = validate::check_derive(input);
            expand::expand(checked, errors)
        }
        Err(error) => error.to_compile_error(),
    }
}
