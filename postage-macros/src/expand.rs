//! Expansion: validated declarations into items.
//!
//! Generated code names runtime items only through `<crate>::__private`, where `<crate>` is
//! the path `postage::channel!` forwarded (`$crate`) or the derive's `crate = ..` option, so
//! a renamed dependency works and users never depend on `futures-core` themselves.
//!
//! Per declaration `Name` (the user's type in the derive form):
//! - the marker `Name` with `Name::CAPACITY` (bounded kinds), `Name::channel()` and the
//!   `Channel` impl;
//! - the newtypes `NameSender` and `NameReceiver` around the runtime halves, with the same
//!   inherent methods, `Clone` where the kind allows it, `Debug`, the `Sink`/`Stream`
//!   traits (postage's and the `futures` ones) and `into_inner()`.
//!
//! Payload requirements (`Clone` for broadcast and watch, `Default` for a watch without an
//! initial value) are never where-clauses: the operations that need them are called
//! through `__private` helper traits, spanned on the payload type, so a payload that lacks
//! one gives a single error with the helper's `#[diagnostic::on_unimplemented]` message on
//! the user's type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{GenericParam, Generics, Ident};

use crate::kind::Kind;
use crate::validate::{source_text, Channel, Checked, CheckedCapacity, Errors, Form, Mode, Stub};

mod bundle;
mod handles;
mod marker;
mod methods;
mod requests;
mod traits;

use bundle::expand_bundle;
use marker::marker_items;
use methods::{receiver_items, sender_items};
use requests::request_impl;
use traits::trait_impls;

/// Expands every declaration, after the combined error (if any).
pub(crate) fn expand(checked: Vec<Checked>, errors: Errors) -> TokenStream {
    let mut out = errors
        .into_error()
        .map(|error| error.to_compile_error())
        .unwrap_or_default();
    for item in checked {
        match item {
            Checked::Channel(channel) => out.extend(expand_channel(&channel)),
            Checked::Stub(stub) => out.extend(expand_stub(&stub)),
            Checked::Bundle(bundle) => out.extend(expand_bundle(&bundle)),
        }
    }
    out
}

/// `PhantomData<fn() -> (T, &'a (), ..)>` for every type and lifetime parameter, so a
/// generic marker or stub uses its parameters without owning them.
fn phantom(phantom_path: &TokenStream, generics: &Generics) -> Option<TokenStream> {
    let used: Vec<TokenStream> = generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(param) => Some(param.ident.to_token_stream()),
            GenericParam::Lifetime(param) => {
                let lifetime = &param.lifetime;
                Some(quote!(&#lifetime ()))
            }
            GenericParam::Const(_) => None,
        })
        .collect();
    (!used.is_empty()).then(|| quote!(#phantom_path<fn() -> (#(#used,)*)>))
}

/// A unit-like struct (or a phantom tuple struct when generic) named `name`.
fn plain_struct(
    phantom_path: &TokenStream,
    attrs: &TokenStream,
    vis: &syn::Visibility,
    name: &Ident,
    generics: &Generics,
) -> TokenStream {
    let where_clause = &generics.where_clause;
    match phantom(phantom_path, generics) {
        Some(field) => quote! {
            #attrs
            #vis struct #name #generics (#field) #where_clause;
        },
        None => quote! {
            #attrs
            #vis struct #name #generics #where_clause;
        },
    }
}

/// The names a broken declaration would have generated, and a `channel()` returning them,
/// so that the code using them does not fail too: one mistake, one error.
fn expand_stub(stub: &Stub) -> TokenStream {
    // Stubs never reach runtime items: `::core` is enough for their phantom fields.
    let phantom_path = quote!(::core::marker::PhantomData);
    let cfg: TokenStream = stub
        .attrs
        .iter()
        .filter(|attr| !attr.path().is_ident("doc"))
        .map(ToTokens::to_token_stream)
        .collect();
    let Stub {
        vis,
        marker,
        sender,
        receiver,
        generics,
        ..
    } = stub;
    let mut names = vec![sender, receiver];
    if stub.declare_marker {
        names.push(marker);
    }
    // `Debug` and `Clone`, so that a bundle holding the stub does not fail on them too.
    let attrs = quote! {
        #cfg
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
    };
    let mut out: TokenStream = names
        .into_iter()
        .map(|name| plain_struct(&phantom_path, &attrs, vis, name, generics))
        .collect();
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    out.extend(quote! {
        #cfg
        impl #impl_generics #marker #ty_generics #where_clause {
            #[allow(dead_code)]
            #vis fn channel() -> (#sender #ty_generics, #receiver #ty_generics) {
                ::core::unreachable!("this channel declaration does not compile")
            }
        }
    });
    out
}

/// The `cfg` attributes of a declaration, for the impls and checks that go with its types
/// (the other carried attributes, docs and lint levels, belong on the types only).
fn cfg_attrs(channel: &Channel) -> TokenStream {
    channel
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .map(ToTokens::to_token_stream)
        .collect()
}

/// The runtime module of a kind, under `__private`.
fn module(kind: Kind) -> Ident {
    format_ident!("{}", kind.name())
}

/// The runtime sender and receiver types of `channel`.
fn runtime_halves(channel: &Channel) -> (TokenStream, TokenStream) {
    let p = private(channel);
    let module = module(channel.kind);
    let payload = &channel.payload;
    match channel.kind {
        Kind::Barrier => (quote!(#p::barrier::Sender), quote!(#p::barrier::Receiver)),
        _ => (
            quote!(#p::#module::Sender<#payload>),
            quote!(#p::#module::Receiver<#payload>),
        ),
    }
}

fn private(channel: &Channel) -> TokenStream {
    let krate = &channel.krate;
    quote!(#krate::__private)
}

/// The capacity as an expression, and as text for the docs.
fn capacity(channel: &Channel) -> Option<(TokenStream, String)> {
    channel.capacity.as_ref().map(|capacity| match capacity {
        CheckedCapacity::Literal(lit) => (lit.to_token_stream(), lit.base10_digits().to_string()),
        CheckedCapacity::Const(expr, _) => (expr.clone(), format!("`{}`", source_text(expr))),
        CheckedCapacity::Placeholder => (quote!(1), "1".to_string()),
    })
}

/// `<Payload as __private::Helper>::op`, spanned on the payload type: when the payload
/// lacks what the helper needs, the error (the helper's `on_unimplemented` message) points
/// at the user's type, and the same error from every generated body is reported once.
fn payload_op(channel: &Channel, helper: &str, op: &str) -> TokenStream {
    let payload = &channel.payload;
    let p = private(channel);
    let span = match channel.form {
        Form::Declared => channel.payload.span(),
        Form::Derived => channel.marker.span(),
    };
    let helper = Ident::new(helper, span);
    let op = Ident::new(op, span);
    quote_spanned!(span=> <#payload as #p::#helper>::#op)
}

/// The helper trait that receives from this kind, when receiving needs `Clone`.
fn cloning_helper(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Broadcast => Some("BroadcastPayload"),
        Kind::Watch => Some("WatchPayload"),
        _ => None,
    }
}

/// Which kinds clone which half.
pub(crate) fn clone_rules(kind: Kind) -> (bool, bool) {
    match kind {
        Kind::Mpsc => (true, false),
        Kind::Broadcast | Kind::Dispatch => (true, true),
        Kind::Watch | Kind::Barrier => (false, true),
        Kind::Oneshot => (false, false),
    }
}

/// The docs of the generated items.
struct Docs {
    marker: String,
    sender: String,
    receiver: String,
}

fn docs(channel: &Channel) -> Docs {
    let kind = channel.kind.name();
    let marker = &channel.marker;
    let payload = match channel.kind {
        Kind::Barrier => String::new(),
        _ => format!(" of `{}`", source_text(&channel.payload)),
    };
    let capacity = capacity(channel)
        .map(|(_, text)| format!(" with capacity {text}"))
        .unwrap_or_default();
    // "an `mpsc`", "a `dispatch`", "an unbounded `mpsc`", "a lagging `broadcast`".
    let (article, mode) = match channel.mode {
        Mode::Standard if channel.kind == Kind::Mpsc => ("an", ""),
        Mode::Standard => ("a", ""),
        Mode::Unbounded => ("an", "unbounded "),
        Mode::Lagging => ("a", "lagging "),
    };
    let summary = format!("{article} {mode}`{kind}` channel{payload}{capacity}");
    let (sender_clone, receiver_clone) = clone_rules(channel.kind);
    let clone = |half: &str, clones: bool| {
        if clones {
            format!("Cloneable: every clone of the {half} uses the same channel.")
        } else if channel.kind == Kind::Mpsc {
            "Not `Clone`: one receiver per `mpsc` channel. To share the messages between several receivers, use `dispatch` (each message to one of them) or `broadcast` (every message to each).".to_string()
        } else {
            let article = if channel.kind == Kind::Mpsc {
                "an"
            } else {
                "a"
            };
            format!("Not `Clone`: {article} `{kind}` channel has exactly one {half}.")
        }
    };
    let configured = match channel.kind {
        Kind::Mpsc | Kind::Dispatch if channel.mode == Mode::Unbounded => " A send never waits: the buffer grows with the backlog and shrinks once it is received. It has no capacity, so no `CAPACITY` and no `with_capacity`: `channel()` is its only constructor.".to_string(),
        Kind::Mpsc | Kind::Dispatch | Kind::Broadcast => format!(
            " For a capacity known only at run time, `{marker}::with_capacity(n)`."
        ),
        Kind::Watch => format!(
            " For an initial value known only at run time, `{marker}::channel_with(initial)`.\n\nThe payload must be `Clone`: receivers get copies of the current value (`recv`, `Stream`). For a payload that cannot be cloned, use the runtime `postage::watch` channel, whose `borrow()` and `changed()` need no `Clone`."
        ),
        _ => String::new(),
    };
    let pitfall = match (channel.kind, channel.mode) {
        (Kind::Broadcast, Mode::Lagging) => "\n\nA full buffer overwrites its oldest message instead of making senders wait: a send never waits. A receiver that fell behind skips what was overwritten and goes on from the oldest message still buffered; its `lagged()` says how many it skipped.",
        (Kind::Broadcast, _) => "\n\nEvery receiver holds the messages it has not read: a receiver that is kept but never read makes every sender wait once it is capacity messages behind. Drop the receivers you do not read (`let (tx, _rx) = ..` keeps one alive).",
        _ => "",
    };
    let usage = format!(
        "Create both halves with `let (tx, mut rx) = {marker}::channel();`; the semantics are those of `postage::{kind}`.{configured}{pitfall}"
    );
    Docs {
        marker: format!("The channel `{marker}`: {summary}.\n\n{usage}"),
        sender: format!(
            "The sending half of [`{marker}`]: {summary}.\n\n{}\n\n{usage}",
            clone("sender", sender_clone)
        ),
        receiver: format!(
            "The receiving half of [`{marker}`]: {summary}.\n\n{}\n\n{usage}",
            clone("receiver", receiver_clone)
        ),
    }
}

fn expand_channel(channel: &Channel) -> TokenStream {
    let p = private(channel);
    let attrs: TokenStream = channel
        .attrs
        .iter()
        .map(ToTokens::to_token_stream)
        .collect();
    let cfg = cfg_attrs(channel);
    let vis = &channel.vis;
    let marker = &channel.marker;
    let sender = &channel.sender;
    let receiver = &channel.receiver;
    let docs = docs(channel);
    let (sender_doc, receiver_doc) = (&docs.sender, &docs.receiver);
    let (runtime_sender, runtime_receiver) = runtime_halves(channel);
    let generics = &channel.generics;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let plain_where = &channel.generics.where_clause;
    let decl_generics = &channel.generics;

    let mut out = TokenStream::new();

    if channel.form == Form::Declared {
        let marker_doc = &docs.marker;
        let marker_attrs = quote! {
            #attrs
            #[doc = ""]
            #[doc = #marker_doc]
            #[derive(#p::Debug, #p::Clone, #p::Copy)]
        };
        out.extend(plain_struct(
            &quote!(#p::PhantomData),
            &marker_attrs,
            vis,
            marker,
            decl_generics,
        ));
    }

    out.extend(quote! {
        #attrs
        #[doc = ""]
        #[doc = #sender_doc]
        #vis struct #sender #decl_generics (#runtime_sender) #plain_where;

        #attrs
        #[doc = ""]
        #[doc = #receiver_doc]
        #vis struct #receiver #decl_generics (#runtime_receiver) #plain_where;
    });

    out.extend(marker_items(channel));

    // The handles.
    let (sender_clone, receiver_clone) = clone_rules(channel.kind);
    let sender_methods = sender_items(channel);
    let receiver_methods = receiver_items(channel);
    let into_inner_sender = format!(
        "The runtime `postage::{}::Sender` inside.",
        channel.kind.name()
    );
    let into_inner_receiver = format!(
        "The runtime `postage::{}::Receiver` inside.",
        channel.kind.name()
    );
    out.extend(quote! {
        #cfg
        #[allow(deprecated)]
        impl #impl_generics #sender #ty_generics #where_clause {
            #sender_methods

            #[doc = #into_inner_sender]
            #[inline]
            #vis fn into_inner(self) -> #runtime_sender {
                self.0
            }
        }

        #cfg
        #[allow(deprecated)]
        impl #impl_generics #receiver #ty_generics #where_clause {
            #receiver_methods

            #[doc = #into_inner_receiver]
            #[inline]
            #vis fn into_inner(self) -> #runtime_receiver {
                self.0
            }
        }
    });
    if channel.kind == Kind::Mpsc {
        // A `Clone` impl that never applies, so `rx.clone()` names the fix (see
        // `__private::OneMpscReceiver`); hidden, as the receiver is not `Clone`.
        let predicates = where_clause.map(|clause| {
            let predicates = &clause.predicates;
            quote!(#predicates,)
        });
        out.extend(quote! {
            #cfg
            #[doc(hidden)]
            #[allow(deprecated)]
            impl #impl_generics #p::Clone for #receiver #ty_generics
            where
                #predicates
                for<'postage> Self: #p::OneMpscReceiver,
            {
                fn clone(&self) -> Self {
                    #p::OneMpscReceiver::clone_receiver(self)
                }
            }
        });
    }
    for (half, clones) in [(sender, sender_clone), (receiver, receiver_clone)] {
        if clones {
            out.extend(quote! {
                #cfg
                #[allow(deprecated)]
                impl #impl_generics #p::Clone for #half #ty_generics #where_clause {
                    #[inline]
                    fn clone(&self) -> Self {
                        #half(#p::Clone::clone(&self.0))
                    }
                }
            });
        }
        let name = half.to_string();
        out.extend(quote! {
            #cfg
            #[allow(deprecated)]
            impl #impl_generics #p::fmt::Debug for #half #ty_generics #where_clause {
                fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                    f.debug_tuple(#name).field(&self.0).finish()
                }
            }
        });
    }
    out.extend(handles::handle_items(channel));
    out.extend(request_impl(channel));
    out.extend(trait_impls(channel, generics));
    out
}
