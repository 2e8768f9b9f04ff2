//! The wave-2 methods of the generated mpsc, dispatch and broadcast halves (permits,
//! batches, weak senders, counts, identity; on broadcast also `lagged` and inactive
//! receivers) and the handles they return: `NameWeakSender`, `NameOwnedPermit`, and on
//! broadcast `NameInactiveReceiver`, newtypes that give back the generated halves, so two
//! declarations never mix. The borrowed `Permit<'_, T>` and `PermitIterator<'_, T>` (and the
//! futures of `reserve` and `reserve_many`) are the runtime's own.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;

use super::methods::{method, Method};
use super::{cfg_attrs, module, payload_op, private};
use crate::kind::Kind;
use crate::validate::Channel;

fn has_handles(channel: &Channel) -> bool {
    matches!(channel.kind, Kind::Mpsc | Kind::Dispatch | Kind::Broadcast)
}

/// `NameWeakSender`, `NameOwnedPermit`, `NameInactiveReceiver`.
fn handle_names(channel: &Channel) -> (Ident, Ident, Ident) {
    let sender = channel.sender.to_string();
    let prefix = sender.strip_suffix("Sender").unwrap_or(&sender);
    (
        format_ident!("{prefix}WeakSender"),
        format_ident!("{prefix}OwnedPermit"),
        format_ident!("{prefix}InactiveReceiver"),
    )
}

/// The body of the generated `reserve_owned`: the runtime's future, its permit wrapped in
/// `owned`, as a future that is terminated (`FusedFuture`) once it resolved.
fn fused_reserve_owned(channel: &Channel, owned: &Ident) -> TokenStream {
    let p = private(channel);
    quote! {
        struct ReserveOwned<F, W> {
            future: F,
            wrap: #p::Option<W>,
        }

        impl<F, W, P> #p::Future for ReserveOwned<F, W>
        where
            F: #p::Future + ::core::marker::Unpin,
            W: #p::FnOnce(F::Output) -> P + ::core::marker::Unpin,
        {
            type Output = P;

            fn poll(mut self: #p::Pin<&mut Self>, cx: &mut #p::Context<'_>) -> #p::Poll<P> {
                let this = &mut *self;
                match #p::Future::poll(#p::Pin::new(&mut this.future), cx) {
                    #p::Poll::Ready(output) => match this.wrap.take() {
                        #p::Option::Some(wrap) => #p::Poll::Ready(wrap(output)),
                        #p::Option::None => ::core::panic!("`reserve_owned` polled after it resolved"),
                    },
                    #p::Poll::Pending => #p::Poll::Pending,
                }
            }
        }

        impl<F, W, P> #p::FusedFuture for ReserveOwned<F, W>
        where
            F: #p::Future + ::core::marker::Unpin,
            W: #p::FnOnce(F::Output) -> P + ::core::marker::Unpin,
        {
            fn is_terminated(&self) -> bool {
                self.wrap.is_none()
            }
        }

        ReserveOwned {
            future: self.0.reserve_owned(),
            wrap: #p::Option::Some(|reserved: #p::Result<_, #p::SendError<()>>| reserved.map(#owned)),
        }
    }
}

/// Appended to the generated sender's methods.
pub(super) fn sender_methods(channel: &Channel) -> Vec<Method> {
    if !has_handles(channel) {
        return Vec::new();
    }
    let p = private(channel);
    let t = &channel.payload;
    let vis = &channel.vis;
    let (_, ty_generics, _) = channel.generics.split_for_impl();
    let (weak, owned, _) = handle_names(channel);
    let m = module(channel.kind);
    let mut methods = Vec::new();
    let reserve_owned = fused_reserve_owned(channel, &owned);
    methods.extend([
        method(
            "Waits for room for one message and holds it: `Permit::send` then never waits. Fails once no receiver is left. Cancel safe.",
            quote!(#vis fn reserve(&self) -> #p::#m::ReserveFuture<'_, #t> { self.0.reserve() }),
        ),
        method(
            "Holds room for one message if there is some now; never waits.",
            quote!(#vis fn try_reserve(&self) -> #p::Result<#p::#m::Permit<'_, #t>, #p::TrySendError<()>> { self.0.try_reserve() }),
        ),
        method(
            "Like `reserve`, with the sender moved into the permit: its `send` and `release` give the sender back. Cancel safe. The future is terminated (`FusedFuture`) once it resolved.",
            quote!(#vis fn reserve_owned(self) -> impl #p::FusedFuture<Output = #p::Result<#owned #ty_generics, #p::SendError<()>>> + ::core::marker::Unpin { #reserve_owned }),
        ),
        method(
            "Waits for room for `n` messages and holds it as `n` permits (an iterator of them). Fails at once when `n` exceeds the capacity, and once no receiver is left. Cancel safe.",
            quote!(#vis fn reserve_many(&self, n: usize) -> #p::#m::ReserveManyFuture<'_, #t> { self.0.reserve_many(n) }),
        ),
    ]);
    methods.extend([
        method(
            "A sender that does not keep the channel open; its `upgrade` gives a sender back while one exists.",
            quote!(#vis fn downgrade(&self) -> #weak #ty_generics { #weak(self.0.downgrade()) }),
        ),
        method(
            "How many senders exist now (weak senders do not count).",
            quote!(#vis fn sender_count(&self) -> usize { self.0.sender_count() }),
        ),
        method(
            "How many receivers exist now.",
            quote!(#vis fn receiver_count(&self) -> usize { self.0.receiver_count() }),
        ),
        method(
            "Whether `other` sends on the same channel.",
            quote!(#vis fn same_channel(&self, other: &Self) -> bool { self.0.same_channel(&other.0) }),
        ),
    ]);
    methods
}

/// Appended to the generated receiver's methods.
pub(super) fn receiver_methods(channel: &Channel) -> Vec<Method> {
    if !has_handles(channel) {
        return Vec::new();
    }
    let p = private(channel);
    let t = &channel.payload;
    let vis = &channel.vis;
    let (_, ty_generics, _) = channel.generics.split_for_impl();
    let (_, _, inactive) = handle_names(channel);
    const RECV_MANY: &str = "Waits until a message is ready, then appends to `buffer`, in order, every message ready now up to `limit`, and returns how many; 0 only when `limit` is 0 or the channel is closed and drained. Cancel safe.";
    const TRY_ITER: &str =
        "The messages ready now, in order; ends at the first moment none is ready. Never waits.";
    let mut methods = if channel.kind == Kind::Broadcast {
        // Receiving clones: through the helper and this handle's `try_recv`, so a payload
        // that is not `Clone` gives its one error on the payload type and no signature
        // needs `Clone`.
        let recv_many = payload_op(channel, "BroadcastPayload", "recv_many");
        vec![
            method(
                RECV_MANY,
                quote!(#vis fn recv_many<'postage>(&'postage mut self, buffer: &'postage mut #p::Vec<#t>, limit: usize) -> #p::broadcast::RecvManyFuture<'postage, #t> { #recv_many(&mut self.0, buffer, limit) }),
            ),
            method(
                TRY_ITER,
                quote!(#vis fn try_iter(&mut self) -> impl #p::Iterator<Item = #t> + '_ { #p::from_fn(move || self.try_recv().ok()) }),
            ),
            method(
                "How many messages this receiver skipped because a lagging channel overwrote them before it read them, since the last call; resets the count. Always 0 on a lossless channel.",
                quote!(#vis fn lagged(&mut self) -> u64 { self.0.lagged() }),
            ),
            method(
                "Turns this receiver into one that holds no messages but keeps the channel open; its `activate` gives a receiver back.",
                quote!(#vis fn deactivate(self) -> #inactive #ty_generics { #inactive(self.0.deactivate()) }),
            ),
        ]
    } else {
        vec![
            method(
                RECV_MANY,
                quote!(#vis fn recv_many<'postage>(&'postage mut self, buffer: &'postage mut #p::Vec<#t>, limit: usize) -> impl #p::Future<Output = usize> + 'postage { self.0.recv_many(buffer, limit) }),
            ),
            method(
                TRY_ITER,
                quote!(#vis fn try_iter(&mut self) -> impl #p::Iterator<Item = #t> + '_ { self.0.try_iter() }),
            ),
        ]
    };
    methods.push(method(
        "How many senders exist now (weak senders do not count).",
        quote!(#vis fn sender_count(&self) -> usize { self.0.sender_count() }),
    ));
    methods.push(method(
        "How many receivers exist now.",
        quote!(#vis fn receiver_count(&self) -> usize { self.0.receiver_count() }),
    ));
    methods
}

/// The handle types, after the halves.
pub(super) fn handle_items(channel: &Channel) -> TokenStream {
    if !has_handles(channel) {
        return TokenStream::new();
    }
    let p = private(channel);
    let cfg = cfg_attrs(channel);
    let t = &channel.payload;
    let vis = &channel.vis;
    let m = module(channel.kind);
    let (sender, receiver) = (&channel.sender, &channel.receiver);
    let generics = &channel.generics;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let plain_where = &generics.where_clause;
    let (weak, owned, inactive) = handle_names(channel);
    let weak_doc =
        format!("A weak sender of [`{sender}`]: it does not keep the channel open. Cloneable.");
    let mut out = quote! {
        #cfg
        #[doc = #weak_doc]
        #vis struct #weak #generics (#p::#m::WeakSender<#t>) #plain_where;

        #cfg
        #[allow(deprecated)]
        impl #impl_generics #weak #ty_generics #where_clause {
            /// A sender again, while a (strong) sender exists; `None` once none is left.
            #[inline]
            #vis fn upgrade(&self) -> #p::Option<#sender #ty_generics> {
                self.0.upgrade().map(#sender)
            }
        }

        #cfg
        #[allow(deprecated)]
        impl #impl_generics #p::Clone for #weak #ty_generics #where_clause {
            #[inline]
            fn clone(&self) -> Self {
                #weak(#p::Clone::clone(&self.0))
            }
        }
    };
    let owned_doc = format!(
        "Room for one message, holding the [`{sender}`] it came from (see `{sender}::reserve_owned`)."
    );
    out.extend(quote! {
        #cfg
        #[doc = #owned_doc]
        #vis struct #owned #generics (#p::#m::OwnedPermit<#t>) #plain_where;

        #cfg
        #[allow(deprecated)]
        impl #impl_generics #owned #ty_generics #where_clause {
            /// Sends `value` in the held room (never fails, never waits) and gives the
            /// sender back.
            #[inline]
            #vis fn send(self, value: #t) -> #sender #ty_generics {
                #sender(self.0.send(value))
            }

            /// Frees the held room unused and gives the sender back.
            #[inline]
            #vis fn release(self) -> #sender #ty_generics {
                #sender(self.0.release())
            }
        }
    });
    let mut debug = vec![weak, owned];
    if channel.kind == Kind::Broadcast {
        let inactive_doc = format!("A receiver of [`{receiver}`]'s channel that holds no messages, never makes a sender wait, and keeps the channel open. Cloneable.");
        out.extend(quote! {
            #cfg
            #[doc = #inactive_doc]
            #vis struct #inactive #generics (#p::broadcast::InactiveReceiver<#t>) #plain_where;

            #cfg
            #[allow(deprecated)]
            impl #impl_generics #inactive #ty_generics #where_clause {
                /// A new receiver, which starts at the next message sent.
                #[inline]
                #vis fn activate(&self) -> #receiver #ty_generics {
                    #receiver(self.0.activate())
                }

                /// The most messages a receiver may lag behind before senders wait.
                #[inline]
                #vis fn capacity(&self) -> usize {
                    self.0.capacity()
                }
            }

            #cfg
            #[allow(deprecated)]
            impl #impl_generics #p::Clone for #inactive #ty_generics #where_clause {
                #[inline]
                fn clone(&self) -> Self {
                    #inactive(#p::Clone::clone(&self.0))
                }
            }
        });
        debug.push(inactive);
    }
    for name in debug {
        let text = name.to_string();
        out.extend(quote! {
            #cfg
            #[allow(deprecated)]
            impl #impl_generics #p::fmt::Debug for #name #ty_generics #where_clause {
                fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                    f.debug_tuple(#text).field(&self.0).finish()
                }
            }
        });
    }
    out
}
