//! The request methods of a derived enum with `#[reply]` fields: one `async fn` per
//! variant on the generated sender, which sends the variant (with a fresh reply channel
//! for a request) and waits for the answer.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::{cfg_attrs, private};
use crate::validate::{Channel, Request, Shape};

fn request_method(channel: &Channel, request: &Request) -> TokenStream {
    let p = private(channel);
    let vis = &channel.vis;
    let marker = &channel.marker;
    let Request {
        method,
        variant,
        shape,
        fields,
        reply,
        ..
    } = request;
    let docs: TokenStream = request.docs.iter().map(ToTokens::to_token_stream).collect();
    let params = fields.iter().filter(|field| !field.is_reply).map(|field| {
        let (binding, ty) = (&field.binding, &field.ty);
        quote!(#binding: #ty)
    });
    let values: Vec<TokenStream> = fields
        .iter()
        .map(|field| match field.is_reply {
            true => quote!(postage_reply_sender),
            false => field.binding.to_token_stream(),
        })
        .collect();
    let message = match shape {
        Shape::Unit => quote!(#marker::#variant),
        Shape::Tuple => quote!(#marker::#variant(#(#values),*)),
        Shape::Named => {
            let members = fields.iter().map(|field| &field.member);
            quote!(#marker::#variant { #(#members: #values),* })
        }
    };
    let doc = match reply {
        Some(_) => format!(
            "Sends [`{marker}::{variant}`] with a new reply channel, waiting while the channel is full, then waits for the answer.\n\nFails with `RequestError::Closed` when the channel refused the request (no receiver is left) and with `RequestError::NoReply` when the responder dropped the reply sender without answering. Dropping the future before the request was sent sends nothing; after that, the responder's answer is refused."
        ),
        None => format!(
            "Sends [`{marker}::{variant}`], waiting while the channel is full.\n\nFails with `RequestError::Closed` when the channel refused it (no receiver is left). Dropping the future before it was sent sends nothing."
        ),
    };
    match reply {
        Some(answer) => quote! {
            #docs
            #[doc = ""]
            #[doc = #doc]
            #vis async fn #method(&self, #(#params),*) -> #p::Result<#answer, #p::RequestError> {
                let (postage_reply_sender, postage_reply) = #p::oneshot::channel::<#answer>();
                if self.0.send(#message).await.is_err() {
                    return #p::Result::Err(#p::RequestError::Closed);
                }
                match postage_reply.await {
                    #p::Option::Some(answer) => #p::Result::Ok(answer),
                    #p::Option::None => #p::Result::Err(#p::RequestError::NoReply),
                }
            }
        },
        None => quote! {
            #docs
            #[doc = ""]
            #[doc = #doc]
            #vis async fn #method(&self, #(#params),*) -> #p::Result<(), #p::RequestError> {
                match self.0.send(#message).await {
                    #p::Result::Ok(()) => #p::Result::Ok(()),
                    #p::Result::Err(_) => #p::Result::Err(#p::RequestError::Closed),
                }
            }
        },
    }
}

/// The `impl` block of the request methods, if the channel has any.
pub(super) fn request_impl(channel: &Channel) -> TokenStream {
    if channel.requests.is_empty() {
        return TokenStream::new();
    }
    let cfg = cfg_attrs(channel);
    let sender = &channel.sender;
    let (impl_generics, ty_generics, where_clause) = channel.generics.split_for_impl();
    let methods = channel
        .requests
        .iter()
        .map(|request| request_method(channel, request));
    quote! {
        #cfg
        #[allow(deprecated)]
        impl #impl_generics #sender #ty_generics #where_clause {
            #(#methods)*
        }
    }
}
