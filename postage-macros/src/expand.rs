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
use syn::{GenericParam, Generics, Ident, Type};

use crate::validate::{source_text, Channel, Checked, CheckedCapacity, Errors, Form, Kind, Stub};

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

/// The names a broken declaration would have generated, so uses of them do not fail too.
fn expand_stub(stub: &Stub) -> TokenStream {
    // Stubs never reach runtime items: `::core` is enough for their phantom fields.
    let phantom_path = quote!(::core::marker::PhantomData);
    let cfg: TokenStream = stub
        .attrs
        .iter()
        .filter(|attr| !attr.path().is_ident("doc"))
        .map(ToTokens::to_token_stream)
        .collect();
    let mut names = vec![&stub.sender, &stub.receiver];
    names.extend(stub.marker.as_ref());
    names
        .into_iter()
        .map(|name| plain_struct(&phantom_path, &cfg, &stub.vis, name, &stub.generics))
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

/// One generated inherent method.
struct Method {
    doc: String,
    item: TokenStream,
    blocking: bool,
}

fn method(doc: impl Into<String>, item: TokenStream) -> Method {
    Method {
        doc: doc.into(),
        item,
        blocking: false,
    }
}

fn blocking(doc: impl Into<String>, item: TokenStream) -> Method {
    Method {
        doc: doc.into(),
        item,
        blocking: true,
    }
}

/// Which kinds clone which half.
fn clone_rules(kind: Kind) -> (bool, bool) {
    match kind {
        Kind::Mpsc => (true, false),
        Kind::Broadcast | Kind::Dispatch => (true, true),
        Kind::Watch | Kind::Barrier => (false, true),
        Kind::Oneshot => (false, false),
    }
}

fn sender_methods(channel: &Channel) -> Vec<Method> {
    let p = private(channel);
    let t = &channel.payload;
    let vis = &channel.vis;
    let module = module(channel.kind);
    let receiver = &channel.receiver;
    let (_, ty_generics, _) = channel.generics.split_for_impl();
    let runtime = format!("`{}::Sender`", channel.kind.name());
    let mut methods = Vec::new();
    match channel.kind {
        Kind::Mpsc | Kind::Dispatch | Kind::Broadcast => {
            methods.push(method(
                format!("Sends `value`, waiting while the channel is full (see {runtime})."),
                quote!(#vis fn send(&self, value: #t) -> #p::#module::SendFuture<'_, #t> { self.0.send(value) }),
            ));
            methods.push(method(
                "Sends `value` if there is room now; never waits.",
                quote!(#vis fn try_send(&self, value: #t) -> #p::Result<(), #p::TrySendError<#t>> { self.0.try_send(value) }),
            ));
            methods.push(blocking(
                "Sends `value`, parking the current thread while the channel is full.",
                quote!(#vis fn blocking_send(&self, value: #t) -> #p::Result<(), #p::SendError<#t>> { self.0.blocking_send(value) }),
            ));
        }
        Kind::Watch => {
            methods.push(method(
                "Stores `value` and notifies the receivers; fails with the value when no receiver exists.",
                quote!(#vis fn send(&self, value: #t) -> #p::Result<(), #p::SendError<#t>> { self.0.send(value) }),
            ));
            methods.push(method(
                "Stores `value` even without receivers and returns the previous value.",
                quote!(#vis fn send_replace(&self, value: #t) -> #t { self.0.send_replace(value) }),
            ));
            methods.push(method(
                "Modifies the value in place and notifies the receivers.",
                quote!(#vis fn send_modify<F: #p::FnOnce(&mut #t)>(&self, modify: F) { self.0.send_modify(modify) }),
            ));
            methods.push(method(
                "Reads the current value; do not hold the guard across an `.await`.",
                quote!(#vis fn borrow(&self) -> #p::watch::Ref<'_, #t> { self.0.borrow() }),
            ));
        }
        Kind::Oneshot => methods.push(method(
            "Sends the value, consuming the sender; fails with the value when the receiver is gone.",
            quote!(#vis fn send(self, value: #t) -> #p::Result<(), #t> { self.0.send(value) }),
        )),
        Kind::Barrier => methods.push(method(
            "Fires the barrier, consuming the sender (dropping it fires the barrier too).",
            quote!(#vis fn send(self) { self.0.send() }),
        )),
    }
    if matches!(channel.kind, Kind::Dispatch | Kind::Broadcast | Kind::Watch) {
        methods.push(method(
            "Creates a new receiver, reopening the channel if every receiver was gone.",
            quote!(#vis fn subscribe(&self) -> #receiver #ty_generics { #receiver(self.0.subscribe()) }),
        ));
    }
    methods.push(method(
        "Whether no receiver is left: every send now fails.",
        quote!(#vis fn is_closed(&self) -> bool { self.0.is_closed() }),
    ));
    methods.push(method(
        "Resolves once no receiver is left. Cancel safe.",
        quote!(#vis fn closed(&self) -> #p::ClosedFuture<'_> { self.0.closed() }),
    ));
    if channel.kind.is_bounded() {
        methods.extend(length_methods(channel));
    }
    methods
}

fn length_methods(channel: &Channel) -> Vec<Method> {
    let vis = &channel.vis;
    vec![
        method(
            "The number of buffered messages.",
            quote!(#vis fn len(&self) -> usize { self.0.len() }),
        ),
        method(
            "Whether no message is buffered.",
            quote!(#vis fn is_empty(&self) -> bool { self.0.is_empty() }),
        ),
        method(
            "The most messages the channel buffers.",
            quote!(#vis fn capacity(&self) -> usize { self.0.capacity() }),
        ),
    ]
}

fn receiver_methods(channel: &Channel) -> Vec<Method> {
    let p = private(channel);
    let t = &channel.payload;
    let vis = &channel.vis;
    let (_, runtime_receiver) = runtime_halves(channel);
    let mut methods = Vec::new();
    if channel.kind == Kind::Barrier {
        methods.push(method(
            "Waits until the barrier fires; at once when it already has. Cancel safe.",
            quote!(#vis fn recv(&mut self) -> &mut Self { self }),
        ));
        methods.push(method(
            "Whether the barrier fired, as a `Result`; never waits.",
            quote!(#vis fn try_recv(&mut self) -> #p::Result<(), #p::TryRecvError> { self.0.try_recv() }),
        ));
        methods.push(blocking(
            "Parks the current thread until the barrier fires.",
            quote!(#vis fn blocking_recv(&mut self) { self.0.blocking_recv() }),
        ));
        methods.push(method(
            "Whether the barrier fired.",
            quote!(#vis fn is_fired(&self) -> bool { self.0.is_fired() }),
        ));
        return methods;
    }
    if cloning_helper(channel.kind).is_some() {
        // Receiving clones: go through this handle's `Stream` impl, which needs the payload
        // to be `Clone` inside its body rather than in a signature.
        methods.push(method(
            "Receives the next message; `None` once the channel is closed and drained. Cancel safe.",
            quote!(#vis fn recv(&mut self) -> #p::RecvFuture<'_, Self> { #p::Stream::recv(self) }),
        ));
        methods.push(method(
            "Receives a message if one is ready; never waits.",
            quote!(#vis fn try_recv(&mut self) -> #p::Result<#t, #p::TryRecvError> { #p::Stream::try_recv(self) }),
        ));
        methods.push(blocking(
            "Receives the next message, parking the current thread while none is ready.",
            quote!(#vis fn blocking_recv(&mut self) -> #p::Option<#t> { #p::Stream::blocking_recv(self) }),
        ));
    } else {
        methods.push(method(
            "Receives the next message; `None` once the channel is closed and drained. Cancel safe.",
            quote!(#vis fn recv(&mut self) -> #p::RecvFuture<'_, #runtime_receiver> { self.0.recv() }),
        ));
        methods.push(method(
            "Receives a message if one is ready; never waits.",
            quote!(#vis fn try_recv(&mut self) -> #p::Result<#t, #p::TryRecvError> { self.0.try_recv() }),
        ));
        methods.push(blocking(
            "Receives the next message, parking the current thread while none is ready.",
            quote!(#vis fn blocking_recv(&mut self) -> #p::Option<#t> { self.0.blocking_recv() }),
        ));
    }
    match channel.kind {
        Kind::Mpsc => methods.push(method(
            "Closes the channel: later sends fail, buffered messages can still be received.",
            quote!(#vis fn close(&mut self) { self.0.close() }),
        )),
        Kind::Watch => {
            methods.push(method(
                "Waits for a value this receiver has not seen; fails once the sender is gone. Cancel safe.",
                quote!(#vis fn changed(&mut self) -> #p::watch::ChangedFuture<'_, #t> { self.0.changed() }),
            ));
            methods.push(method(
                "Reads the current value without marking it seen.",
                quote!(#vis fn borrow(&self) -> #p::watch::Ref<'_, #t> { self.0.borrow() }),
            ));
            methods.push(method(
                "Reads the current value and marks it seen.",
                quote!(#vis fn borrow_and_update(&mut self) -> #p::watch::Ref<'_, #t> { self.0.borrow_and_update() }),
            ));
        }
        Kind::Oneshot => methods.push(method(
            "Whether no value can arrive any more.",
            quote!(#vis fn is_closed(&self) -> bool { self.0.is_closed() }),
        )),
        _ => {}
    }
    if channel.kind.is_bounded() {
        methods.extend(length_methods(channel));
    }
    methods
}

fn emit_methods(channel: &Channel, methods: Vec<Method>) -> TokenStream {
    let p = private(channel);
    methods
        .into_iter()
        .map(
            |Method {
                 doc,
                 item,
                 blocking,
             }| {
                let item = quote! {
                    #[doc = #doc]
                    #[inline]
                    #item
                };
                if blocking {
                    quote!(#p::if_blocking! { #item })
                } else {
                    item
                }
            },
        )
        .collect()
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
    let article = if channel.kind == Kind::Mpsc {
        "an"
    } else {
        "a"
    };
    let summary = format!("{article} `{kind}` channel{payload}{capacity}");
    let (sender_clone, receiver_clone) = clone_rules(channel.kind);
    let clone = |half: &str, clones: bool| {
        if clones {
            format!("Cloneable: every clone of the {half} uses the same channel.")
        } else {
            format!("Not `Clone`: {article} `{kind}` channel has exactly one {half}.")
        }
    };
    let usage = format!(
        "Create both halves with `let (tx, mut rx) = {marker}::channel();`; the semantics are those of `postage::{kind}`."
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
    let cfg: TokenStream = channel
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr"))
        .map(ToTokens::to_token_stream)
        .collect();
    let vis = &channel.vis;
    let marker = &channel.marker;
    let sender = &channel.sender;
    let receiver = &channel.receiver;
    let payload = &channel.payload;
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

    // The marker: capacity, constructor, `Channel`.
    let (marker_impl, marker_ty, marker_where) = (&impl_generics, &ty_generics, &where_clause);
    let capacity = capacity(channel);
    let capacity_const = capacity.as_ref().map(|(expr, text)| {
        let doc = format!("The capacity of every `{marker}` channel: {text} messages.");
        quote! {
            #[doc = #doc]
            #vis const CAPACITY: usize = #expr;
        }
    });
    let make = match channel.kind {
        Kind::Mpsc | Kind::Dispatch => {
            let module = module(channel.kind);
            quote!(#p::#module::channel::<#payload>(Self::CAPACITY))
        }
        Kind::Broadcast => {
            let make = payload_op(channel, "BroadcastPayload", "channel");
            quote!(#make(Self::CAPACITY))
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
    out.extend(quote! {
        #cfg
        #[allow(deprecated)]
        impl #marker_impl #marker #marker_ty #marker_where {
            #capacity_const

            #[doc = #channel_doc]
            #[must_use]
            #vis fn channel() -> (#sender #ty_generics, #receiver #ty_generics) {
                let (sender, receiver) = #make;
                (#sender(sender), #receiver(receiver))
            }
        }

        #cfg
        #[allow(deprecated)]
        impl #marker_impl #p::Channel for #marker #marker_ty #marker_where {
            type Item = #payload;
            type Sender = #sender #ty_generics;
            type Receiver = #receiver #ty_generics;
            const KIND: #p::ChannelKind = #p::ChannelKind::#kind_variant;

            fn channel() -> (Self::Sender, Self::Receiver) {
                <Self>::channel()
            }
        }
    });

    // `::core::panic!` rather than an `assert!` through `__private`: every token of this
    // item is spanned on the capacity, so the failed evaluation points at it.
    if let Some(CheckedCapacity::Const(expr, span)) = &channel.capacity {
        let message = format!(
            "capacity of channel `{marker}` must be at least 1, but this constant is 0; give it a value of at least 1"
        );
        out.extend(quote_spanned! {*span=>
            #cfg
            const _: () = if (#expr) < 1 {
                ::core::panic!(#message)
            };
        });
    }

    // The handles.
    let (sender_clone, receiver_clone) = clone_rules(channel.kind);
    let sender_methods = emit_methods(channel, sender_methods(channel));
    let receiver_methods = emit_methods(channel, receiver_methods(channel));
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
    out.extend(trait_impls(channel, generics));
    out
}

/// `Sink`/`Stream` (both flavours) and, for oneshot and barrier receivers, `Future`.
fn trait_impls(channel: &Channel, generics: &Generics) -> TokenStream {
    let p = private(channel);
    let cfg: TokenStream = channel
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr"))
        .map(ToTokens::to_token_stream)
        .collect();
    let sender = &channel.sender;
    let receiver = &channel.receiver;
    let t: &Type = &channel.payload;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let mut out = quote! {
        #cfg
        #[allow(deprecated)]
        impl #impl_generics #p::Sink for #sender #ty_generics #where_clause {
            type Item = #t;

            #[inline]
            fn poll_send(
                self: #p::Pin<&mut Self>,
                cx: &mut #p::Context<'_>,
                value: #t,
            ) -> #p::PollSend<#t> {
                #p::Sink::poll_send(#p::Pin::new(&mut self.get_mut().0), cx, value)
            }

            #[inline]
            fn cancel_send(self: #p::Pin<&mut Self>) {
                #p::Sink::cancel_send(#p::Pin::new(&mut self.get_mut().0))
            }
        }

        #cfg
        #[allow(deprecated)]
        impl #impl_generics #p::futures_sink::Sink<#t> for #sender #ty_generics #where_clause {
            type Error = #p::SendError<#t>;

            #[inline]
            fn poll_ready(
                self: #p::Pin<&mut Self>,
                cx: &mut #p::Context<'_>,
            ) -> #p::Poll<#p::Result<(), Self::Error>> {
                #p::futures_sink::Sink::<#t>::poll_ready(#p::Pin::new(&mut self.get_mut().0), cx)
            }

            #[inline]
            fn start_send(self: #p::Pin<&mut Self>, item: #t) -> #p::Result<(), Self::Error> {
                #p::futures_sink::Sink::<#t>::start_send(#p::Pin::new(&mut self.get_mut().0), item)
            }

            #[inline]
            fn poll_flush(
                self: #p::Pin<&mut Self>,
                cx: &mut #p::Context<'_>,
            ) -> #p::Poll<#p::Result<(), Self::Error>> {
                #p::futures_sink::Sink::<#t>::poll_flush(#p::Pin::new(&mut self.get_mut().0), cx)
            }

            #[inline]
            fn poll_close(
                self: #p::Pin<&mut Self>,
                cx: &mut #p::Context<'_>,
            ) -> #p::Poll<#p::Result<(), Self::Error>> {
                #p::futures_sink::Sink::<#t>::poll_close(#p::Pin::new(&mut self.get_mut().0), cx)
            }
        }

    };
    out.extend(match cloning_helper(channel.kind) {
        None => quote! {
        #cfg
        #[allow(deprecated)]
        impl #impl_generics #p::Stream for #receiver #ty_generics #where_clause {
            type Item = #t;

            #[inline]
            fn poll_recv(
                self: #p::Pin<&mut Self>,
                cx: &mut #p::Context<'_>,
            ) -> #p::PollRecv<#t> {
                #p::Stream::poll_recv(#p::Pin::new(&mut self.get_mut().0), cx)
            }

            #[inline]
            fn cancel_recv(self: #p::Pin<&mut Self>) {
                #p::Stream::cancel_recv(#p::Pin::new(&mut self.get_mut().0))
            }
        }

        #cfg
        #[allow(deprecated)]
        impl #impl_generics #p::futures_core::Stream for #receiver #ty_generics #where_clause {
            type Item = #t;

            #[inline]
            fn poll_next(
                self: #p::Pin<&mut Self>,
                cx: &mut #p::Context<'_>,
            ) -> #p::Poll<#p::Option<#t>> {
                #p::futures_core::Stream::poll_next(#p::Pin::new(&mut self.get_mut().0), cx)
            }

            #[inline]
            fn size_hint(&self) -> (usize, #p::Option<usize>) {
                #p::futures_core::Stream::size_hint(&self.0)
            }
        }

        #cfg
        #[allow(deprecated)]
        impl #impl_generics #p::futures_core::FusedStream for #receiver #ty_generics #where_clause {
            #[inline]
            fn is_terminated(&self) -> bool {
                #p::futures_core::FusedStream::is_terminated(&self.0)
            }
        }
        },
        Some(helper) => {
            let poll_recv = payload_op(channel, helper, "poll_recv");
            let cancel_recv = payload_op(channel, helper, "cancel_recv");
            let is_terminated = payload_op(channel, helper, "is_terminated");
            quote! {
                #cfg
                #[allow(deprecated)]
                impl #impl_generics #p::Stream for #receiver #ty_generics #where_clause {
                    type Item = #t;

                    #[inline]
                    fn poll_recv(
                        self: #p::Pin<&mut Self>,
                        cx: &mut #p::Context<'_>,
                    ) -> #p::PollRecv<#t> {
                        #poll_recv(#p::Pin::new(&mut self.get_mut().0), cx)
                    }

                    #[inline]
                    fn cancel_recv(self: #p::Pin<&mut Self>) {
                        #cancel_recv(#p::Pin::new(&mut self.get_mut().0))
                    }
                }

                #cfg
                #[allow(deprecated)]
                impl #impl_generics #p::futures_core::Stream for #receiver #ty_generics #where_clause {
                    type Item = #t;

                    #[inline]
                    fn poll_next(
                        self: #p::Pin<&mut Self>,
                        cx: &mut #p::Context<'_>,
                    ) -> #p::Poll<#p::Option<#t>> {
                        match #p::Stream::poll_recv(self, cx) {
                            #p::PollRecv::Ready(value) => #p::Poll::Ready(#p::Option::Some(value)),
                            #p::PollRecv::Pending => #p::Poll::Pending,
                            #p::PollRecv::Closed => #p::Poll::Ready(#p::Option::None),
                        }
                    }
                }

                #cfg
                #[allow(deprecated)]
                impl #impl_generics #p::futures_core::FusedStream for #receiver #ty_generics #where_clause {
                    #[inline]
                    fn is_terminated(&self) -> bool {
                        #is_terminated(&self.0)
                    }
                }
            }
        }
    });
    let output = match channel.kind {
        Kind::Oneshot => Some(quote!(#p::Option<#t>)),
        Kind::Barrier => Some(quote!(())),
        _ => None,
    };
    if channel.kind == Kind::Oneshot {
        out.extend(quote! {
            #cfg
            #[allow(deprecated)]
            impl #impl_generics #p::FusedFuture for #receiver #ty_generics #where_clause {
                #[inline]
                fn is_terminated(&self) -> bool {
                    #p::FusedFuture::is_terminated(&self.0)
                }
            }
        });
    }
    if let Some(output) = output {
        out.extend(quote! {
            #cfg
            #[allow(deprecated)]
            impl #impl_generics #p::Future for #receiver #ty_generics #where_clause {
                type Output = #output;

                #[inline]
                fn poll(
                    self: #p::Pin<&mut Self>,
                    cx: &mut #p::Context<'_>,
                ) -> #p::Poll<#output> {
                    #p::Future::poll(#p::Pin::new(&mut self.get_mut().0), cx)
                }
            }
        });
    }
    out
}
