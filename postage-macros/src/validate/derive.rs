//! Validation of the derive form: the `#[channel(kind, options..)]` attribute.

use proc_macro2::Span;
use quote::{quote, ToTokens};
use syn::{Attribute, Expr, Ident, Path, Type};

use super::request::check_requests;
use super::Mode;
use super::{
    check_draft, receiver_ident, sender_ident, source_text, Channel, Checked, Draft, Errors, Form,
    Stub,
};
use crate::kind::Kind;
use crate::options::OptionKey;
use crate::parse::{AttrOptions, AttrValue, Capacity, DeriveChannel, Spelling};

/// The options of the derive form, one of each at most.
#[derive(Default)]
struct DeriveOptions<'a> {
    capacity: Option<&'a Capacity>,
    init: Option<&'a Expr>,
    name: Option<&'a Ident>,
    krate: Option<&'a Path>,
    /// `unbounded` and `lagging`, in order, each with whether its spelling was reported.
    modes: Vec<(Mode, Span, bool)>,
}

/// Reads the options, reporting each mistake once: a misspelt key (with a suggestion) or a
/// capacity without its key is reported and then read as what it most likely meant.
fn collect_options<'a>(
    kind: Option<&Ident>,
    attr: &'a AttrOptions,
    late_kind: Option<&Ident>,
    errors: &mut Errors,
) -> DeriveOptions<'a> {
    let mut found = DeriveOptions::default();
    let mut seen: Vec<OptionKey> = Vec::new();
    let kind_text = kind.map_or_else(|| "mpsc".to_string(), ToString::to_string);
    for option in &attr.options {
        if Some(&option.key) == late_kind {
            continue;
        }
        let word = option.key.to_string();
        match (&option.spelling, &option.value) {
            (_, AttrValue::Unknown) => {
                let message = if Kind::lookup(&word).is_some() {
                    format!("a channel has one kind, given first; remove `{word}`")
                } else {
                    let hint = OptionKey::suggest(&word)
                        .map(|known| format!(" (did you mean `{} = ..`?)", known.name()))
                        .unwrap_or_default();
                    format!(
                        "unknown option `{word}`; expected {}{hint}",
                        OptionKey::listing()
                    )
                };
                errors.push(option.key.span(), message);
                continue;
            }
            (Spelling::Misspelt(known), _) => errors.push(
                option.key.span(),
                format!(
                    "unknown option `{word}`; expected {} (did you mean `{}`?)",
                    OptionKey::listing(),
                    known.name()
                ),
            ),
            (Spelling::Positional, AttrValue::Capacity(capacity)) => errors.push(
                capacity.span(),
                format!(
                    "options are named; write `#[channel({kind_text}, capacity = {})]`",
                    source_text(&capacity.to_tokens())
                ),
            ),
            (Spelling::ValueOnFlag, _) => errors.push(
                option.key.span(),
                format!("`{word}` takes no value; write `#[channel({kind_text}, .., {word})]`"),
            ),
            (Spelling::AfterKind(span), AttrValue::Capacity(capacity)) => errors.push(
                *span,
                format!(
                    "the options follow the kind, separated by a comma; write `#[channel({kind_text}, capacity = {})]`",
                    source_text(&capacity.to_tokens())
                ),
            ),
            _ => {}
        }
        let Some(key) = option.effective_key() else {
            continue;
        };
        if seen.contains(&key) {
            errors.push(
                option.key.span(),
                format!("duplicate option `{}`; give it once", key.name()),
            );
            continue;
        }
        seen.push(key);
        match &option.value {
            AttrValue::Capacity(capacity) => found.capacity = Some(capacity),
            AttrValue::Init(init) => found.init = Some(init),
            AttrValue::Name(name) => found.name = Some(name),
            AttrValue::Crate(path) => found.krate = Some(path),
            AttrValue::Flag => {
                let mode = match key {
                    OptionKey::Lagging => Mode::Lagging,
                    _ => Mode::Unbounded,
                };
                let misspelt = !matches!(option.spelling, Spelling::Exact);
                found.modes.push((mode, option.key.span(), misspelt));
            }
            AttrValue::Unknown => {}
        }
    }
    found
}

/// Validates a `#[derive(Channel)]` item and its `#[channel(..)]` attribute.
pub(crate) fn check_derive(input: DeriveChannel) -> (Vec<Checked>, Errors) {
    let mut errors = Errors::default();
    let item = &input.item;
    for attr in &input.misplaced {
        errors.add(syn::Error::new_spanned(
            attr,
            "`#[channel(..)]` goes on the type itself, not on a field or variant; move it above the type",
        ));
    }
    let attrs: Vec<Attribute> = item
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .cloned()
        .collect();
    let stub = |name: &Ident| Stub {
        attrs: attrs.clone(),
        vis: item.vis.clone(),
        marker: item.ident.clone(),
        declare_marker: false,
        generics: item.generics.clone(),
        sender: sender_ident(name),
        receiver: receiver_ident(name),
    };
    let mut parsed = Vec::new();
    for options in &input.options {
        match options {
            Ok(options) => parsed.push(options),
            Err(error) => errors.add(error.clone()),
        }
    }
    if input.options.is_empty() {
        errors.push(
            item.ident.span(),
            format!(
                "`#[derive(Channel)]` needs the channel's kind and options; add `#[channel(mpsc, capacity = 16)]` above `{}`",
                item.ident
            ),
        );
        return (vec![Checked::Stub(Box::new(stub(&item.ident)))], errors);
    }
    for extra in parsed.iter().skip(1) {
        errors.push(
            extra.attr_span,
            "a type takes one `#[channel(..)]`; merge the options into the first one",
        );
    }
    let Some(options) = parsed.first() else {
        return (vec![Checked::Stub(Box::new(stub(&item.ident)))], errors);
    };
    // A kind written after the options: one error, then carry on with it.
    let late_kind = match &options.kind {
        Some(_) => None,
        None => options
            .options
            .iter()
            .find(|option| {
                matches!(option.value, AttrValue::Unknown)
                    && Kind::lookup(&option.key.to_string()).is_some()
            })
            .map(|option| &option.key),
    };
    let found = collect_options(
        options.kind.as_ref().or(late_kind),
        options,
        late_kind,
        &mut errors,
    );
    let prefix = found.name.unwrap_or(&item.ident);
    let kind_ident = match (&options.kind, late_kind) {
        (Some(kind), _) => kind,
        (None, Some(kind)) => {
            errors.push(
                kind.span(),
                format!("the channel kind comes first; write `#[channel({kind}, ..)]`"),
            );
            kind
        }
        (None, None) => {
            errors.push(
                options.attr_span,
                "the channel kind comes first; write `#[channel(mpsc, capacity = 16)]` (kinds: mpsc, broadcast, dispatch, watch, oneshot, barrier)",
            );
            return (vec![Checked::Stub(Box::new(stub(prefix)))], errors);
        }
    };
    let (_, ty_generics, _) = item.generics.split_for_impl();
    let ident = &item.ident;
    let payload: Type = syn::parse_quote!(#ident #ty_generics);
    let draft = Draft {
        form: Form::Derived,
        name: &item.ident,
        kind_ident,
        payload: Some(&payload),
        payload_span: Some(kind_ident.to_token_stream()),
        capacity: found.capacity,
        init: found.init,
        modes: found.modes,
    };
    let krate = found
        .krate
        .map_or_else(|| quote!(::postage), ToTokens::to_token_stream);
    let checked = check_draft(&draft, &mut errors).and_then(|drafted| {
        let requests = check_requests(item, drafted.kind, &sender_ident(prefix), &mut errors)?;
        Some(Channel {
            krate,
            form: Form::Derived,
            attrs: attrs.clone(),
            vis: item.vis.clone(),
            marker: item.ident.clone(),
            generics: item.generics.clone(),
            sender: sender_ident(prefix),
            receiver: receiver_ident(prefix),
            kind: drafted.kind,
            payload: drafted.payload,
            capacity: drafted.capacity,
            init: drafted.init,
            mode: drafted.mode,
            requests,
        })
    });
    let checked = match checked {
        Some(channel) => Checked::Channel(Box::new(channel)),
        None => Checked::Stub(Box::new(stub(prefix))),
    };
    (vec![checked], errors)
}
