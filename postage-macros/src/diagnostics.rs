//! The messages of diagnostics whose trybuild case would also need the runtime's
//! unbounded and lagging constructors (their recovery keeps the unbounded or lagging
//! form): each mistake gives exactly one message, checked here on the expansion itself.

use proc_macro2::TokenStream;
use quote::quote;

use crate::{expand_channel, expand_derive};

/// The `compile_error!` messages of an expansion, in order.
fn messages(expansion: TokenStream) -> Vec<String> {
    let file: syn::File = syn::parse2(expansion).expect("the expansion is a list of items");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Macro(item)
                if item.mac.path.is_ident("compile_error")
                    || item
                        .mac
                        .path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "compile_error") =>
            {
                let message: syn::LitStr = item.mac.parse_body().expect("a message");
                Some(message.value())
            }
            _ => None,
        })
        .collect()
}

fn declared(tokens: TokenStream) -> Vec<String> {
    messages(expand_channel(quote!(::postage; #tokens)))
}

#[test]
fn a_capacity_on_an_unbounded_channel_is_one_error() {
    assert_eq!(
        declared(quote!(Jobs: mpsc<u32, 16, unbounded>)),
        ["an unbounded channel has no capacity; write `mpsc<u32, unbounded>`"]
    );
    assert_eq!(
        messages(expand_derive(quote! {
            #[channel(dispatch, capacity = 4, unbounded)]
            struct Job;
        })),
        ["an unbounded channel has no capacity; remove `capacity = ..`"]
    );
}

#[test]
fn a_misspelt_mode_is_one_error_then_read_as_the_mode() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, 16, laging>)),
        ["unknown argument `laging`; after the capacity only `lagging` (broadcast) may follow (did you mean `lagging`?)"]
    );
    let messages = messages(expand_derive(quote! {
        #[channel(mpsc, unbouned)]
        struct Job;
    }));
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("unknown option `unbouned`"),
        "{messages:?}"
    );
    assert!(
        messages[0].ends_with("(did you mean `unbounded`?)"),
        "{messages:?}"
    );
}

#[test]
fn a_flag_given_a_value_is_one_error_then_read_as_the_flag() {
    assert_eq!(
        messages(expand_derive(quote! {
            #[channel(mpsc, unbounded = true)]
            struct Job;
        })),
        ["`unbounded` takes no value; write `#[channel(mpsc, .., unbounded)]`"]
    );
}

#[test]
fn a_channel_is_unbounded_or_lagging_once() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, 16, lagging, lagging>)),
        ["`lagging` is given twice; remove `, lagging`"]
    );
    assert_eq!(
        messages(expand_derive(quote! {
            #[channel(mpsc, unbounded, lagging)]
            struct Job;
        })),
        ["a channel is either `unbounded` or `lagging`, not both; remove `lagging`"]
    );
}

#[test]
fn a_lagging_broadcast_without_a_capacity_is_told_the_whole_form() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, lagging>)),
        ["`broadcast` channel `Events` needs a capacity; write `broadcast<u32, 16, lagging>`"]
    );
}
