//! Validation of a bundle: its name, its fields (each checked as a declaration of its own,
//! prefixed with the bundle's name) and the names they generate.

use proc_macro2::TokenStream;
use quote::format_ident;
use syn::ext::IdentExt;
use syn::{Attribute, Ident, Visibility};

use super::declare::{broken_stub, check_decl, Names};
use super::{is_carried, receiver_ident, sender_ident, Checked, Errors};
use crate::kind::Kind;
use crate::parse::{Bundle, ParsedField};

/// A bundle's own items: the marker `App` and the structs `AppSenders` and `AppReceivers`.
pub(crate) struct BundleItem {
    pub(crate) krate: TokenStream,
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) name: Ident,
    pub(crate) senders: Ident,
    pub(crate) receivers: Ident,
    pub(crate) fields: Vec<BundleField>,
}

/// One field of a bundle: the channel generated for it, by name.
pub(crate) struct BundleField {
    /// The field's docs and `cfg`.
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) name: Ident,
    pub(crate) marker: Ident,
    pub(crate) sender: Ident,
    pub(crate) receiver: Ident,
    /// `None` for a field too broken to know its kind.
    pub(crate) kind: Option<Kind>,
}

/// `jobs` → `Jobs`, `job_queue` → `JobQueue`.
fn upper_camel(field: &Ident) -> String {
    field
        .unraw()
        .to_string()
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// Checks a bundle: its fields become channels (or stubs), followed by the bundle's items.
pub(crate) fn check_bundle(
    krate: &TokenStream,
    bundle: Bundle,
    names: &mut Names,
    errors: &mut Errors,
) -> Vec<Checked> {
    let name = bundle.name;
    let senders = format_ident!("{}Senders", name);
    let receivers = format_ident!("{}Receivers", name);
    let mut checked = Vec::new();
    let own = [name.clone(), senders.clone(), receivers.clone()];
    if !names.claim(&name.to_string(), &own, &name, errors) {
        return checked;
    }
    for attr in bundle.attrs.iter().filter(|attr| !is_carried(attr)) {
        errors.add(syn::Error::new_spanned(
            attr,
            format!(
                "`#[{}]` cannot go on a bundle; only doc comments, `cfg`, `cfg_attr`, lint levels and `deprecated` carry over",
                super::source_text(attr.path())
            ),
        ));
    }
    let attrs: Vec<Attribute> = bundle.attrs.into_iter().filter(is_carried).collect();
    let cfg: Vec<Attribute> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .cloned()
        .collect();
    // One mistake however many fields it separates.
    if let Some(semicolon) = bundle.semicolons.first() {
        errors.push(
            semicolon.span,
            "the fields of a bundle are separated by `,`, not `;`; write `,`",
        );
    }
    if bundle.fields.is_empty() {
        errors.push(
            name.span(),
            format!(
                "bundle `{name}` has no channels; add a field such as `jobs: mpsc<Job, 64>,` or remove the bundle"
            ),
        );
    }
    let mut fields: Vec<BundleField> = Vec::new();
    for field in bundle.fields {
        let field_name = match &field {
            ParsedField::Parsed(decl) => Some(decl.name.clone()),
            ParsedField::Broken { stub, .. } => stub.as_ref().map(|stub| stub.name.clone()),
        };
        if let Some(field_name) =
            field_name.filter(|field_name| fields.iter().any(|known| known.name == *field_name))
        {
            errors.push(
                field_name.span(),
                format!(
                    "field `{field_name}` appears twice in bundle `{name}`; rename one of them"
                ),
            );
            continue;
        }
        let marker_of = |field_name: &Ident| {
            format_ident!(
                "{}{}",
                name,
                upper_camel(field_name),
                span = field_name.span()
            )
        };
        let (field_name, field_attrs, outcome) = match field {
            ParsedField::Parsed(mut decl) => {
                if !matches!(decl.vis, Visibility::Inherited) {
                    errors.add(syn::Error::new_spanned(
                        &decl.vis,
                        format!(
                            "a bundle field has the visibility of its bundle (and is a `pub` field of `{senders}` and `{receivers}`); remove it"
                        ),
                    ));
                }
                decl.vis = bundle.vis.clone();
                let field_name = decl.name.clone();
                let field_attrs = field_docs(&decl.attrs);
                let outcome = check_decl(krate, *decl, marker_of(&field_name), &cfg, errors);
                (field_name, field_attrs, outcome)
            }
            ParsedField::Broken { error, stub } => {
                errors.add(error);
                let Some(stub) = stub else { continue };
                let field_name = stub.name.clone();
                let field_attrs = field_docs(&stub.attrs);
                let mut stub = broken_stub(stub, marker_of(&field_name), &cfg);
                stub.vis = bundle.vis.clone();
                (field_name, field_attrs, Checked::Stub(Box::new(stub)))
            }
        };
        let marker = marker_of(&field_name);
        let kind = match &outcome {
            Checked::Channel(channel) => Some(channel.kind),
            _ => None,
        };
        if !names.claim_channel(&marker, kind, &field_name, errors) {
            continue;
        }
        fields.push(BundleField {
            attrs: field_attrs,
            name: field_name,
            sender: sender_ident(&marker),
            receiver: receiver_ident(&marker),
            marker,
            kind,
        });
        checked.push(outcome);
    }
    checked.push(Checked::Bundle(Box::new(BundleItem {
        krate: krate.clone(),
        attrs,
        vis: bundle.vis,
        name,
        senders,
        receivers,
        fields,
    })));
    checked
}

/// The attributes of a field that go on the bundle structs' fields too: its docs and its
/// `cfg` (which also goes on every use of the field in the bundle's items).
fn field_docs(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc") || attr.path().is_ident("cfg"))
        .cloned()
        .collect()
}
