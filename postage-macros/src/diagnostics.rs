//! The messages of the `unbounded` and `lagging` diagnostics, checked on the expansion
//! itself, every message of it in order: neither form is available in this version of
//! postage, each says so once, and the declaration recovers as a standard one (the trybuild
//! cases in `ui-tests` show the spans of the main ones); and the names of the generated
//! handle types in the name clash check.

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

const NO_UNBOUNDED_MPSC: &str = "unbounded mpsc/dispatch channels are not available in this version of postage; declare a capacity, e.g. `mpsc<T, 1024>`";
const NO_LAGGING: &str = "a lagging broadcast is not available in this version of postage; a broadcast is lossless: remove `, lagging`";

#[test]
fn unbounded_is_one_error_with_or_without_a_capacity() {
    assert_eq!(
        declared(quote!(Jobs: mpsc<u32, unbounded>)),
        [NO_UNBOUNDED_MPSC]
    );
    assert_eq!(
        declared(quote!(Jobs: mpsc<u32, 16, unbounded>)),
        [NO_UNBOUNDED_MPSC]
    );
    assert_eq!(
        declared(quote!(Work: dispatch<u32, unbounded>)),
        ["unbounded mpsc/dispatch channels are not available in this version of postage; declare a capacity, e.g. `dispatch<T, 1024>`"]
    );
    for tokens in [
        quote!(
            #[channel(dispatch, unbounded)]
            struct Job;
        ),
        quote!(
            #[channel(dispatch, capacity = 4, unbounded)]
            struct Job;
        ),
    ] {
        assert_eq!(
            messages(expand_derive(tokens)),
            ["unbounded mpsc/dispatch channels are not available in this version of postage; declare a capacity, e.g. `#[channel(dispatch, capacity = 1024)]`"]
        );
    }
}

#[test]
fn lagging_is_one_error() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, 16, lagging>)),
        [NO_LAGGING]
    );
    assert_eq!(
        messages(expand_derive(quote! {
            #[channel(broadcast, capacity = 16, lagging)]
            struct Tick;
        })),
        ["a lagging broadcast is not available in this version of postage; a broadcast is lossless: remove `lagging`"]
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
fn a_repeated_or_second_mode_is_reported_after_the_first() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, 16, lagging, lagging>)),
        [NO_LAGGING, "`lagging` is given twice; remove `, lagging`"]
    );
    assert_eq!(
        messages(expand_derive(quote! {
            #[channel(mpsc, unbounded, lagging)]
            struct Job;
        })),
        [
            "unbounded mpsc/dispatch channels are not available in this version of postage; declare a capacity, e.g. `#[channel(mpsc, capacity = 1024)]`",
            "a channel is either `unbounded` or `lagging`, not both; remove `lagging`"
        ]
    );
}

#[test]
fn a_lagging_broadcast_without_a_capacity_is_told_both() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, lagging>)),
        [
            NO_LAGGING,
            "`broadcast` channel `Events` needs a capacity; write `broadcast<u32, 16>`"
        ]
    );
}

#[test]
fn the_handle_types_take_part_in_the_name_clash_check() {
    assert_eq!(
        declared(quote!(Foo: mpsc<u8, 4>; FooWeak: watch<u8>;)),
        ["`FooWeakSender` is already generated for `Foo` in this `channel!`; rename `FooWeak`"]
    );
    assert_eq!(
        declared(quote!(Ticks: broadcast<u8, 4>; TicksOwnedPermit: oneshot<u8>;)),
        ["`TicksOwnedPermit` is already generated for `Ticks` in this `channel!`; rename `TicksOwnedPermit`"]
    );
    assert_eq!(
        declared(quote!(bundle Pair { ticks: broadcast<u8, 4>, ticks_inactive: mpsc<u8, 4> };)),
        ["`PairTicksInactiveReceiver` is already generated for `PairTicks` in this `channel!`; rename `ticks_inactive`"]
    );
    // Only the kinds with handles claim their names.
    assert!(declared(quote!(Foo: watch<u8>; FooWeak: mpsc<u8, 4>;)).is_empty());
}
