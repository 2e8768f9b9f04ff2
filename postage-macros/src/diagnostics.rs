//! The messages of the `unbounded` and `lagging` diagnostics, checked on the expansion
//! itself, every message of it in order: each mistake is one error, and the declaration
//! recovers as a standard one (the trybuild cases in `ui-tests` show the spans of the main
//! ones); and the names of the generated handle types in the name clash check.

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

fn derived(tokens: TokenStream) -> Vec<String> {
    messages(expand_derive(tokens))
}

const UNBOUNDED_BROADCAST: &str = "a `broadcast` channel cannot be unbounded: one slow receiver would make it grow without limit; give it a capacity (`broadcast<T, 16>`), or overwrite the oldest message instead of waiting with `broadcast<T, 16, lagging>`";

#[test]
fn unbounded_and_lagging_are_accepted_where_they_apply() {
    for tokens in [
        quote!(Jobs: mpsc<u32, unbounded>),
        quote!(Work: dispatch<u32, unbounded>),
        quote!(Events: broadcast<u32, 16, lagging>),
        quote!(bundle App { jobs: mpsc<u32, unbounded>, events: broadcast<u32, 4, lagging> }),
    ] {
        assert_eq!(declared(tokens), Vec::<String>::new());
    }
    for tokens in [
        quote!(
            #[channel(mpsc, unbounded)]
            struct Job;
        ),
        quote!(
            #[channel(dispatch, unbounded)]
            struct Job;
        ),
        quote!(
            #[channel(broadcast, capacity = 16, lagging)]
            struct Tick;
        ),
    ] {
        assert_eq!(derived(tokens), Vec::<String>::new());
    }
}

#[test]
fn an_unbounded_broadcast_is_one_error_that_says_why() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, unbounded>)),
        [UNBOUNDED_BROADCAST]
    );
    assert_eq!(
        declared(quote!(Events: broadcast<u32, 16, unbounded>)),
        [UNBOUNDED_BROADCAST]
    );
    assert_eq!(
        derived(quote! {
            #[channel(broadcast, unbounded)]
            struct Tick;
        }),
        ["a `broadcast` channel cannot be unbounded: one slow receiver would make it grow without limit; give it a capacity (`capacity = 16`), or overwrite the oldest message instead of waiting with `capacity = 16, lagging`"]
    );
    // `unbounded` meant as "lagging without a capacity": still one error.
    assert_eq!(
        declared(quote!(Events: broadcast<u32, unbounded, lagging>)),
        ["a `broadcast` channel cannot be unbounded: one slow receiver would make it grow without limit; a lagging broadcast has a capacity too: write `broadcast<T, 16, lagging>`"]
    );
}

#[test]
fn lagging_on_another_kind_is_one_error() {
    assert_eq!(
        declared(quote!(Jobs: mpsc<u32, 16, lagging>)),
        ["only a `broadcast` channel can lag (overwrite its oldest message when full), not `mpsc`; remove `, lagging` (for sends that never wait, use `unbounded` in place of the capacity)"]
    );
    assert_eq!(
        declared(quote!(Config: watch<u32, lagging>)),
        ["only a `broadcast` channel can lag (overwrite its oldest message when full), not `watch`; remove `, lagging`"]
    );
    assert_eq!(
        derived(quote! {
            #[channel(dispatch, capacity = 4, lagging)]
            struct Job;
        }),
        ["only a `broadcast` channel can lag (overwrite its oldest message when full), not `dispatch`; remove `lagging` (for sends that never wait, use `unbounded` in place of the capacity)"]
    );
    // `unbounded` and `lagging` on an mpsc: the one mistake is `lagging`.
    assert_eq!(
        declared(quote!(Jobs: mpsc<u32, unbounded, lagging>)),
        ["only a `broadcast` channel can lag (overwrite its oldest message when full), not `mpsc`; remove `, lagging` (for sends that never wait, use `unbounded` in place of the capacity)"]
    );
}

#[test]
fn unbounded_with_a_capacity_is_one_error_on_the_capacity() {
    assert_eq!(
        declared(quote!(Jobs: mpsc<u32, 16, unbounded>)),
        ["an unbounded channel has no capacity; write `mpsc<u32, unbounded>`, or `mpsc<u32, 16>` for a bounded one"]
    );
    assert_eq!(
        derived(quote! {
            #[channel(dispatch, capacity = 4, unbounded)]
            struct Job;
        }),
        ["an unbounded channel has no capacity; remove `capacity = ..`, or `unbounded` for a bounded channel"]
    );
}

#[test]
fn unbounded_on_a_kind_without_capacity_is_one_error() {
    assert_eq!(
        declared(quote!(Reply: oneshot<u32, unbounded>)),
        ["a `oneshot` channel has no capacity (it carries a single value), so it cannot be unbounded; remove `, unbounded`"]
    );
}

#[test]
fn a_misspelt_mode_is_one_error_then_read_as_the_mode() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, 16, laging>)),
        ["unknown argument `laging`; after the capacity only `lagging` (broadcast) may follow (did you mean `lagging`?)"]
    );
    // Read as `unbounded`: no second "needs a capacity".
    let messages = derived(quote! {
        #[channel(mpsc, unbouned)]
        struct Job;
    });
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
        derived(quote! {
            #[channel(mpsc, unbounded = true)]
            struct Job;
        }),
        ["`unbounded` takes no value; write `#[channel(mpsc, .., unbounded)]`"]
    );
}

#[test]
fn a_repeated_mode_is_one_error() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, 16, lagging, lagging>)),
        ["`lagging` is given twice; remove `, lagging`"]
    );
    assert_eq!(
        derived(quote! {
            #[channel(mpsc, unbounded, unbounded)]
            struct Job;
        }),
        ["duplicate option `unbounded`; give it once"]
    );
}

#[test]
fn a_lagging_broadcast_without_a_capacity_is_told_the_whole_form() {
    assert_eq!(
        declared(quote!(Events: broadcast<u32, lagging>)),
        ["`broadcast` channel `Events` needs a capacity; write `broadcast<u32, 16, lagging>`"]
    );
    assert_eq!(
        derived(quote! {
            #[channel(broadcast, lagging)]
            struct Tick;
        }),
        ["`broadcast` channel `Tick` needs a capacity; write `#[channel(broadcast, capacity = 16, lagging)]`"]
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
    assert_eq!(
        declared(quote!(Jobs: mpsc<u8, 4>; JobsOwnedPermit: oneshot<u8>;)),
        ["`JobsOwnedPermit` is already generated for `Jobs` in this `channel!`; rename `JobsOwnedPermit`"]
    );
    // Only the kinds with handles claim their names.
    assert!(declared(quote!(Foo: watch<u8>; FooWeak: mpsc<u8, 4>;)).is_empty());
}
