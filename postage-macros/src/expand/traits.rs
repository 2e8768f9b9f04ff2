//! The trait impls of the generated halves: postage's `Sink`/`Stream`, the `futures`
//! ones (`FusedStream` included), and `Future` + `FusedFuture` for oneshot and barrier
//! receivers.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Generics, Type};

use super::{cfg_attrs, cloning_helper, payload_op, private};
use crate::kind::Kind;
use crate::validate::Channel;

/// `Sink`/`Stream` (both flavours, with `FusedStream`) and, for oneshot and barrier
/// receivers, `Future` and `FusedFuture`.
pub(super) fn trait_impls(channel: &Channel, generics: &Generics) -> TokenStream {
    let p = private(channel);
    let cfg = cfg_attrs(channel);
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
    out
}
