//! The marker's items: `CAPACITY`, the constructors (`channel()`, and `with_capacity(n)` or
//! `channel_with(initial)`), the `Channel` impl, and the compile-time check of a const
//! capacity.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

use super::{capacity, cfg_attrs, module, payload_op, private};
use crate::kind::Kind;
use crate::validate::{Channel, CheckedCapacity, Mode};

/// `(sender, receiver)` of the runtime channel, made with `capacity` for bounded kinds
/// (but unbounded ones).
fn runtime_channel(channel: &Channel, capacity: TokenStream) -> TokenStream {
    let p = private(channel);
    let payload = &channel.payload;
    match (channel.kind, channel.mode) {
        (Kind::Mpsc | Kind::Dispatch, Mode::Unbounded) => {
            let module = module(channel.kind);
            return quote!(#p::#module::unbounded::<#payload>());
        }
        (Kind::Broadcast, Mode::Lagging) => {
            let make = payload_op(channel, "BroadcastPayload", "lagging");
            return quote!(#make(#capacity));
        }
        _ => {}
    }
    match channel.kind {
        Kind::Mpsc | Kind::Dispatch => {
            let module = module(channel.kind);
            quote!(#p::#module::channel::<#payload>(#capacity))
        }
        Kind::Broadcast => {
            let make = payload_op(channel, "BroadcastPayload", "channel");
            quote!(#make(#capacity))
        }
        Kind::Watch => match &channel.init {
            Some(init) => quote!(#p::watch::channel_with::<#payload>(#init)),
            None => {
                let make = payload_op(channel, "WatchDefault", "channel");
                quote!(#make())
            }
        },
        Kind::Oneshot => quote!(#p::oneshot::channel::<#payload>()),
        Kind::Barrier => quote!(#p::barrier::channel()),
    }
}

pub(super) fn marker_items(channel: &Channel) -> TokenStream {
    let p = private(channel);
    let cfg = cfg_attrs(channel);
    let vis = &channel.vis;
    let marker = &channel.marker;
    let sender = &channel.sender;
    let receiver = &channel.receiver;
    let payload = &channel.payload;
    let (impl_generics, ty_generics, where_clause) = channel.generics.split_for_impl();
    let halves = quote!((#sender #ty_generics, #receiver #ty_generics));

    let capacity = capacity(channel);
    let capacity_const = capacity.as_ref().map(|(expr, text)| {
        let doc = format!("The capacity of every `{marker}` channel: {text} messages.");
        quote! {
            #[doc = #doc]
            #vis const CAPACITY: usize = #expr;
        }
    });
    let (channel_body, configured) = match channel.kind {
        Kind::Mpsc | Kind::Dispatch if channel.mode == Mode::Unbounded => {
            // No capacity, so no `with_capacity`: `channel()` is the one constructor.
            let make = runtime_channel(channel, TokenStream::new());
            (
                quote! {
                    let (sender, receiver) = #make;
                    (#sender(sender), #receiver(receiver))
                },
                None,
            )
        }
        Kind::Mpsc | Kind::Dispatch | Kind::Broadcast => {
            let make = runtime_channel(channel, quote!(capacity));
            let lagging = if channel.mode == Mode::Lagging {
                format!(" (lagging, like every `{marker}` channel)")
            } else {
                String::new()
            };
            let doc = format!(
                "Creates a new `{marker}` channel{lagging} that buffers `capacity` messages instead of [`{marker}::CAPACITY`], for a capacity known only at run time.\n\n# Panics\n\nIf `capacity` is 0."
            );
            (
                quote!(Self::with_capacity(Self::CAPACITY)),
                Some(quote! {
                    #[doc = #doc]
                    #[must_use]
                    #vis fn with_capacity(capacity: usize) -> #halves {
                        let (sender, receiver) = #make;
                        (#sender(sender), #receiver(receiver))
                    }
                }),
            )
        }
        Kind::Watch => {
            let make = runtime_channel(channel, TokenStream::new());
            let doc = format!(
                "Creates a new `{marker}` channel starting from `initial`, for an initial value known only at run time."
            );
            (
                quote! {
                    let (sender, receiver) = #make;
                    (#sender(sender), #receiver(receiver))
                },
                Some(quote! {
                    #[doc = #doc]
                    #[must_use]
                    #vis fn channel_with(initial: #payload) -> #halves {
                        let (sender, receiver) = #p::watch::channel_with::<#payload>(initial);
                        (#sender(sender), #receiver(receiver))
                    }
                }),
            )
        }
        Kind::Oneshot | Kind::Barrier => {
            let make = runtime_channel(channel, TokenStream::new());
            (
                quote! {
                    let (sender, receiver) = #make;
                    (#sender(sender), #receiver(receiver))
                },
                None,
            )
        }
    };
    let channel_doc = match (channel.kind, &channel.init) {
        (Kind::Watch, Some(_)) => format!(
            "Creates a new `{marker}` channel; the initial value is evaluated on each call."
        ),
        _ => format!("Creates a new `{marker}` channel."),
    };
    let kind_variant = format_ident!(
        "{}",
        match channel.kind {
            Kind::Mpsc => "Mpsc",
            Kind::Broadcast => "Broadcast",
            Kind::Dispatch => "Dispatch",
            Kind::Watch => "Watch",
            Kind::Oneshot => "Oneshot",
            Kind::Barrier => "Barrier",
        }
    );
    let mut out = quote! {
        #cfg
        #[allow(deprecated)]
        impl #impl_generics #marker #ty_generics #where_clause {
            #capacity_const

            #[doc = #channel_doc]
            #[must_use]
            #vis fn channel() -> #halves {
                #channel_body
            }

            #configured
        }

        #cfg
        #[allow(deprecated)]
        impl #impl_generics #p::Channel for #marker #ty_generics #where_clause {
            type Item = #payload;
            type Sender = #sender #ty_generics;
            type Receiver = #receiver #ty_generics;
            const KIND: #p::ChannelKind = #p::ChannelKind::#kind_variant;

            fn channel() -> (Self::Sender, Self::Receiver) {
                <Self>::channel()
            }
        }
    };

    // `::core::panic!` rather than an `assert!` through `__private`: every token of this
    // item is spanned on the capacity, so the failed evaluation points at it. A non-generic
    // marker is checked through its `CAPACITY`, so a capacity that is not a constant (a
    // `let` binding) gives one error, on `CAPACITY`, rather than a second one here.
    if let Some(CheckedCapacity::Const(expr, span)) = &channel.capacity {
        let message = format!(
            "capacity of channel `{marker}` must be at least 1, but this constant is 0; give it a value of at least 1"
        );
        let value = if channel.generics.params.is_empty() {
            quote_spanned!(*span=> <#marker>::CAPACITY)
        } else {
            quote_spanned!(*span=> (#expr))
        };
        out.extend(quote_spanned! {*span=>
            #cfg
            const _: () = if #value < 1 {
                ::core::panic!(#message)
            };
        });
    }
    out
}
