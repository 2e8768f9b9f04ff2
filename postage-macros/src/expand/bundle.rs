//! The items of a bundle `App`: the marker `App` with `App::channel()`, and the structs
//! `AppSenders` and `AppReceivers` with one `pub` field per channel, `Debug` always and
//! `Clone` when every field's kind clones that half. The channels of the fields are
//! expanded like any declaration (`AppJobs`, `AppJobsSender`, …).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::clone_rules;
use crate::validate::BundleItem;

pub(super) fn expand_bundle(bundle: &BundleItem) -> TokenStream {
    let krate = &bundle.krate;
    let p = quote!(#krate::__private);
    let BundleItem {
        vis,
        name,
        senders,
        receivers,
        fields,
        ..
    } = bundle;
    let attrs: TokenStream = bundle.attrs.iter().map(ToTokens::to_token_stream).collect();
    let cfg: TokenStream = bundle
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .map(ToTokens::to_token_stream)
        .collect();
    let field_names: Vec<_> = fields.iter().map(|field| &field.name).collect();
    let field_attrs: Vec<TokenStream> = fields
        .iter()
        .map(|field| field.attrs.iter().map(ToTokens::to_token_stream).collect())
        .collect();
    // A field's own `cfg` goes on every use of the field.
    let field_cfg: Vec<TokenStream> = fields
        .iter()
        .map(|field| {
            field
                .attrs
                .iter()
                .filter(|attr| attr.path().is_ident("cfg"))
                .map(ToTokens::to_token_stream)
                .collect()
        })
        .collect();
    let markers: Vec<_> = fields.iter().map(|field| &field.marker).collect();
    let sender_types: Vec<_> = fields.iter().map(|field| &field.sender).collect();
    let receiver_types: Vec<_> = fields.iter().map(|field| &field.receiver).collect();
    let sender_vars: Vec<_> = (0..fields.len())
        .map(|i| format_ident!("sender_{}", i))
        .collect();
    let receiver_vars: Vec<_> = (0..fields.len())
        .map(|i| format_ident!("receiver_{}", i))
        .collect();
    let sender_docs: Vec<String> = fields
        .iter()
        .map(|field| format!("The sending half of [`{}`].", field.marker))
        .collect();
    let receiver_docs: Vec<String> = fields
        .iter()
        .map(|field| format!("The receiving half of [`{}`].", field.marker))
        .collect();
    let listing = fields
        .iter()
        .map(|field| format!("`{}` ([`{}`])", field.name, field.marker))
        .collect::<Vec<_>>()
        .join(", ");
    let marker_doc = format!(
        "The bundle `{name}`: every channel below, created together by `{name}::channel()`.\n\nFields: {listing}.\n\n`let (tx, rx) = {name}::channel();` gives [`{senders}`] and [`{receivers}`], one `pub` field per channel; move each field to the task that uses it (`let {receivers} {{ .. }} = rx;`)."
    );
    let senders_doc =
        format!("The sending halves of the bundle [`{name}`], one field per channel.");
    let receivers_doc =
        format!("The receiving halves of the bundle [`{name}`], one field per channel.");
    let channel_doc = format!("Creates every channel of the bundle `{name}`.");
    let senders_name = senders.to_string();
    let receivers_name = receivers.to_string();
    let field_strings: Vec<String> = fields.iter().map(|field| field.name.to_string()).collect();

    let mut out = quote! {
        #attrs
        #[doc = ""]
        #[doc = #marker_doc]
        #[derive(#p::Debug, #p::Clone, #p::Copy)]
        #vis struct #name;

        #cfg
        #[doc = #senders_doc]
        #vis struct #senders {
            #(
                #field_attrs
                #[doc = ""]
                #[doc = #sender_docs]
                pub #field_names: #sender_types,
            )*
        }

        #cfg
        #[doc = #receivers_doc]
        #vis struct #receivers {
            #(
                #field_attrs
                #[doc = ""]
                #[doc = #receiver_docs]
                pub #field_names: #receiver_types,
            )*
        }

        #cfg
        #[allow(deprecated)]
        impl #name {
            #[doc = #channel_doc]
            #[must_use]
            #vis fn channel() -> (#senders, #receivers) {
                #(
                    #field_cfg
                    let (#sender_vars, #receiver_vars) = #markers::channel();
                )*
                (
                    #senders { #( #field_cfg #field_names: #sender_vars, )* },
                    #receivers { #( #field_cfg #field_names: #receiver_vars, )* },
                )
            }
        }

        #cfg
        #[allow(deprecated)]
        impl #p::fmt::Debug for #senders {
            fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                #[allow(unused_mut)]
                let mut out = f.debug_struct(#senders_name);
                #( #field_cfg out.field(#field_strings, &self.#field_names); )*
                out.finish()
            }
        }

        #cfg
        #[allow(deprecated)]
        impl #p::fmt::Debug for #receivers {
            fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                #[allow(unused_mut)]
                let mut out = f.debug_struct(#receivers_name);
                #( #field_cfg out.field(#field_strings, &self.#field_names); )*
                out.finish()
            }
        }
    };
    // A field too broken to know its kind is a stub, which clones: it spares the user a
    // second error.
    let clones = |half: fn((bool, bool)) -> bool| {
        fields
            .iter()
            .all(|field| field.kind.is_none_or(|kind| half(clone_rules(kind))))
    };
    for (half, clones) in [
        (senders, clones(|(sender, _)| sender)),
        (receivers, clones(|(_, receiver)| receiver)),
    ] {
        if clones {
            out.extend(quote! {
                #cfg
                #[allow(deprecated)]
                impl #p::Clone for #half {
                    fn clone(&self) -> Self {
                        #half { #( #field_cfg #field_names: #p::Clone::clone(&self.#field_names), )* }
                    }
                }
            });
        }
    }
    out
}
