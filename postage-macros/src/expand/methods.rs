//! The inherent methods of the generated halves: per kind, the same methods as the runtime
//! half, delegating to it.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{GenericParam, Ident};

use super::{cloning_helper, module, private, runtime_halves};
use crate::kind::Kind;
use crate::validate::Channel;

/// One generated inherent method.
pub(super) struct Method {
    doc: String,
    item: TokenStream,
    blocking: bool,
}

pub(super) fn method(doc: impl Into<String>, item: TokenStream) -> Method {
    Method {
        doc: doc.into(),
        item,
        blocking: false,
    }
}

/// Every generated `blocking_*` method carries the warning of the runtime's.
const BLOCKING_WARNING: &str = "\n\nFor plain threads only: never call it inside an async task, where it blocks the executor's thread (on a single-threaded executor the wake-up can never come, and the task hangs); `.await` the async method there.";

fn blocking(doc: impl Into<String>, item: TokenStream) -> Method {
    Method {
        doc: doc.into() + BLOCKING_WARNING,
        item,
        blocking: true,
    }
}

/// A type parameter name for a generated generic method that no parameter of the
/// declaration uses: `base`, else `base0`, `base1`, ...
fn fresh_type_param(channel: &Channel, base: &str) -> Ident {
    let taken = |name: &str| {
        channel.generics.params.iter().any(|param| match param {
            GenericParam::Type(param) => param.ident == name,
            GenericParam::Const(param) => param.ident == name,
            GenericParam::Lifetime(_) => false,
        })
    };
    let name = std::iter::once(base.to_string())
        .chain((0..).map(|n| format!("{base}{n}")))
        .find(|name| !taken(name))
        .expect("an unbounded sequence of names");
    Ident::new(&name, Span::call_site())
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
            methods.push(blocking(
                "Sends `value`, parking the current thread while the channel is full, for at most `timeout` (a zero timeout tries once); on an error the value is handed back.",
                quote!(#vis fn blocking_send_timeout(&self, value: #t, timeout: #p::Duration) -> #p::Result<(), #p::SendTimeoutError<#t>> { self.0.blocking_send_timeout(value, timeout) }),
            ));
        }
        Kind::Watch => {
            let modify = fresh_type_param(channel, "F");
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
                quote!(#vis fn send_modify<#modify: #p::FnOnce(&mut #t)>(&self, modify: #modify) { self.0.send_modify(modify) }),
            ));
            methods.push(method(
                "Modifies the value in place; notifies the receivers only when `modify` returns `true`, and returns what it returned.",
                quote!(#vis fn send_if_modified<#modify: #p::FnOnce(&mut #t) -> bool>(&self, modify: #modify) -> bool { self.0.send_if_modified(modify) }),
            ));
            methods.push(method(
                "How many receivers exist now.",
                quote!(#vis fn receiver_count(&self) -> usize { self.0.receiver_count() }),
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
    methods.extend(super::handles::sender_methods(channel));
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

const RECV_TIMEOUT_DOC: &str = "Receives the next message, parking the current thread while none is ready, for at most `timeout` (a zero timeout checks once); a timed-out receive consumes nothing.";

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
        methods.push(blocking(
            "Parks the current thread until the barrier fires, for at most `timeout` (a zero timeout checks once).",
            quote!(#vis fn blocking_recv_timeout(&mut self, timeout: #p::Duration) -> #p::Result<(), #p::RecvTimeoutError> { self.0.blocking_recv_timeout(timeout) }),
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
        methods.push(blocking(
            RECV_TIMEOUT_DOC,
            quote!(#vis fn blocking_recv_timeout(&mut self, timeout: #p::Duration) -> #p::Result<#t, #p::RecvTimeoutError> { #p::Stream::blocking_recv_timeout(self, timeout) }),
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
        methods.push(blocking(
            RECV_TIMEOUT_DOC,
            quote!(#vis fn blocking_recv_timeout(&mut self, timeout: #p::Duration) -> #p::Result<#t, #p::RecvTimeoutError> { self.0.blocking_recv_timeout(timeout) }),
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
            methods.push(method(
                "`Ok(true)` while a value this receiver has not seen exists (even after the sender is gone); `Err(Closed)` once the sender is gone and the latest value was seen.",
                quote!(#vis fn has_changed(&self) -> #p::Result<bool, #p::watch::Closed> { self.0.has_changed() }),
            ));
            let predicate = fresh_type_param(channel, "F");
            methods.push(method(
                "Waits until the value satisfies `predicate` (the current value is checked first) and borrows it, marking it seen; fails once the sender is gone and no unseen value is left. Cancel safe.",
                quote!(#vis fn wait_for<#predicate: #p::FnMut(&#t) -> bool>(&mut self, predicate: #predicate) -> #p::watch::WaitForFuture<'_, #t, #predicate> { self.0.wait_for(predicate) }),
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
    methods.extend(super::handles::receiver_methods(channel));
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
                if blocking {
                    // `track_caller`: the `tokio` feature's panic points at the user's call.
                    quote!(#p::if_blocking! {
                        #[doc = #doc]
                        #[inline]
                        #[track_caller]
                        #item
                    })
                } else {
                    quote! {
                        #[doc = #doc]
                        #[inline]
                        #item
                    }
                }
            },
        )
        .collect()
}

/// The inherent methods of the generated sender.
pub(super) fn sender_items(channel: &Channel) -> TokenStream {
    emit_methods(channel, sender_methods(channel))
}

/// The inherent methods of the generated receiver.
pub(super) fn receiver_items(channel: &Channel) -> TokenStream {
    emit_methods(channel, receiver_methods(channel))
}
