//! Validation: every rule of the grammar that parsing does not enforce, with every error
//! collected (one `syn::Error` combining them all), and a recovery for each so that the
//! expansion still declares the generated names.
//!
//! A declaration with an error becomes either a complete [`Channel`] with the mistake
//! neutralised (a dropped capacity, a placeholder capacity of 1, the suggested kind for a
//! misspelt one) or, when too little is known to generate handles, a [`Stub`] naming the
//! types only.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Generics, Ident, LitInt, Type, Visibility};

mod bundle;
mod derive;
mod owned;
mod request;

use bundle::check_bundle;
pub(crate) use bundle::BundleItem;
pub(crate) use derive::check_derive;
pub(crate) use request::{Request, Shape};

use crate::kind::Kind;
use crate::parse::{Capacity, ChannelInput, Decl, ParsedDecl};

/// A capacity that passed validation.
pub(crate) enum CheckedCapacity {
    /// A literal already known to be at least 1.
    Literal(LitInt),
    /// A const path or braced expression, checked by a compile-time assert.
    Const(TokenStream, Span),
    /// Stands in for a rejected capacity so the rest still type-checks.
    Placeholder,
}

/// Where the marker comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `channel!`: a zero-sized marker type is generated.
    Declared,
    /// `#[derive(Channel)]`: the payload type is the marker.
    Derived,
}

/// A declaration ready for expansion.
pub(crate) struct Channel {
    pub(crate) krate: TokenStream,
    pub(crate) form: Form,
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) marker: Ident,
    pub(crate) generics: Generics,
    pub(crate) sender: Ident,
    pub(crate) receiver: Ident,
    pub(crate) kind: Kind,
    pub(crate) payload: Type,
    pub(crate) capacity: Option<CheckedCapacity>,
    pub(crate) init: Option<Expr>,
    /// The request methods of a derived enum with `#[reply]` fields.
    pub(crate) requests: Vec<Request>,
}

/// The generated names of a declaration too broken to expand.
pub(crate) struct Stub {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) marker: Ident,
    /// False in the derive form, where the marker is the user's own type.
    pub(crate) declare_marker: bool,
    pub(crate) generics: Generics,
    pub(crate) sender: Ident,
    pub(crate) receiver: Ident,
}

/// One declaration's outcome.
pub(crate) enum Checked {
    Channel(Box<Channel>),
    Stub(Box<Stub>),
    /// A bundle's own items (its fields are channels or stubs of their own).
    Bundle(Box<BundleItem>),
}

/// Every error found, combined into one.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        self.add(syn::Error::new(span, message));
    }

    fn add(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn into_error(self) -> Option<syn::Error> {
        self.0
    }
}

/// Compact source text for messages: `Vec<u8>`, not `Vec < u8 >`.
pub(crate) fn source_text(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    for word in text.split(' ') {
        let glue = matches!(out.chars().last(), Some('<' | ':' | '&' | '(' | '[' | '!'))
            || word.starts_with(['<', '>', ',', ':', ')', ']', '(', '!'])
                && !(word.starts_with(':') && out.ends_with(','));
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn sender_ident(prefix: &Ident) -> Ident {
    format_ident!("{}Sender", prefix)
}

fn receiver_ident(prefix: &Ident) -> Ident {
    format_ident!("{}Receiver", prefix)
}

/// The attributes a declaration may carry onto the generated items.
fn is_carried(attr: &Attribute) -> bool {
    const CARRIED: [&str; 9] = [
        "doc",
        "cfg",
        "cfg_attr",
        "allow",
        "warn",
        "deny",
        "forbid",
        "expect",
        "deprecated",
    ];
    CARRIED.iter().any(|name| attr.path().is_ident(name))
}

/// What the checks shared by both forms need to know about one declaration.
struct Draft<'a> {
    form: Form,
    /// The declaration's name, for messages.
    name: &'a Ident,
    kind_ident: &'a Ident,
    payload: Option<&'a Type>,
    /// Where a payload on a barrier was written (the whole `<..>` in `channel!`).
    payload_span: Option<TokenStream>,
    capacity: Option<&'a Capacity>,
    init: Option<&'a Expr>,
}

/// The checks shared by both forms; `None` when the declaration cannot be expanded.
fn check_draft(
    draft: &Draft<'_>,
    errors: &mut Errors,
) -> Option<(Kind, Type, Option<CheckedCapacity>, Option<Expr>)> {
    let word = draft.kind_ident.to_string();
    let kind = match Kind::lookup(&word) {
        Some(kind) => kind,
        None => {
            let suggestion = Kind::suggest(&word);
            let hint = suggestion
                .map(|kind| format!(" (did you mean `{}`?)", kind.name()))
                .unwrap_or_default();
            errors.push(
                draft.kind_ident.span(),
                format!(
                    "unknown channel kind `{word}`; expected one of mpsc, broadcast, dispatch, watch, oneshot, barrier{hint}"
                ),
            );
            suggestion?
        }
    };
    let name = kind.name();

    let payload = match (kind, draft.payload) {
        (Kind::Barrier, payload) => {
            if let Some(span) = draft.payload_span.as_ref().filter(|_| payload.is_some()) {
                let fix = match draft.form {
                    Form::Declared => format!("write `{}: barrier`", draft.name),
                    Form::Derived => {
                        "declare it with `channel!(Name: barrier)` instead".to_string()
                    }
                };
                errors.add(syn::Error::new_spanned(
                    span,
                    format!("a `barrier` carries no payload; {fix}"),
                ));
            }
            syn::parse_quote!(())
        }
        (_, Some(payload)) => payload.clone(),
        (_, None) => {
            let what = if kind.is_bounded() {
                format!("a payload type and a capacity; write `{name}<Payload, 16>`")
            } else {
                format!("a payload type; write `{name}<Payload>`")
            };
            errors.push(draft.kind_ident.span(), format!("`{name}` needs {what}"));
            return None;
        }
    };

    // A barrier's arguments were reported whole, capacity included.
    let capacity = match (
        kind.is_bounded(),
        draft.capacity.filter(|_| kind != Kind::Barrier),
    ) {
        (true, Some(capacity)) => Some(check_capacity(draft.name, capacity, errors)),
        (true, None) => {
            let fix = match draft.form {
                Form::Declared => format!("write `{name}<{}, 16>`", source_text(&payload)),
                Form::Derived => format!("write `#[channel({name}, capacity = 16)]`"),
            };
            errors.push(
                draft.kind_ident.span(),
                format!("`{name}` channel `{}` needs a capacity; {fix}", draft.name),
            );
            Some(CheckedCapacity::Placeholder)
        }
        (false, Some(capacity)) => {
            let fix = match draft.form {
                Form::Declared => "remove it",
                Form::Derived => "remove `capacity = ..`",
            };
            errors.push(
                capacity.span(),
                format!(
                    "a `{name}` channel has no capacity ({}); {fix}",
                    kind.why_no_capacity()
                ),
            );
            None
        }
        (false, None) => None,
    };

    let init = match (kind, draft.init) {
        (Kind::Watch, init) => init.cloned(),
        (_, Some(init)) => {
            let fix = match draft.form {
                Form::Declared => "remove `= ..`",
                Form::Derived => "remove `init = ..`",
            };
            errors.push(
                init.span(),
                format!("only `watch` channels take an initial value, not `{name}`; {fix}"),
            );
            None
        }
        (_, None) => None,
    };
    Some((kind, payload, capacity, init))
}

fn check_capacity(name: &Ident, capacity: &Capacity, errors: &mut Errors) -> CheckedCapacity {
    match capacity {
        Capacity::Literal(lit) => {
            if !matches!(lit.suffix(), "" | "usize") {
                errors.push(
                    lit.span(),
                    format!(
                        "a capacity is a `usize`; write `{}` without the `{}` suffix",
                        lit.base10_digits(),
                        lit.suffix()
                    ),
                );
                return CheckedCapacity::Placeholder;
            }
            match lit.base10_parse::<usize>() {
                Ok(0) => {
                    errors.push(
                        lit.span(),
                        format!("capacity of channel `{name}` is 0, which could never hold a message; use a capacity of at least 1"),
                    );
                    CheckedCapacity::Placeholder
                }
                Ok(_) => CheckedCapacity::Literal(lit.clone()),
                Err(_) => {
                    errors.push(
                        lit.span(),
                        format!(
                            "capacity `{lit}` does not fit in a `usize`; use a smaller capacity"
                        ),
                    );
                    CheckedCapacity::Placeholder
                }
            }
        }
        Capacity::Path(path) => CheckedCapacity::Const(path.to_token_stream(), path.span()),
        Capacity::Braced(block) => {
            CheckedCapacity::Const(block.to_token_stream(), block.brace_token.span.join())
        }
        Capacity::Invalid(tokens) => {
            let span = if tokens.is_empty() {
                Span::call_site()
            } else {
                tokens.span()
            };
            errors.push(
                span,
                format!(
                    "a capacity must be an integer literal, a const path or a braced const expression; write `{{ {} }}`",
                    source_text(tokens)
                ),
            );
            CheckedCapacity::Placeholder
        }
    }
}

/// Validates the declarations of one `channel!`.
pub(crate) fn check_channels(input: ChannelInput) -> (Vec<Checked>, Errors) {
    let mut errors = Errors::default();
    let mut checked = Vec::new();
    let mut names = Names::default();
    if input.decls.is_empty() {
        errors.push(
            Span::call_site(),
            "`channel!` declares nothing; write a declaration such as `channel!(pub Events: broadcast<u32, 16>);`",
        );
    }
    for decl in input.decls {
        let (name, outcome) = match decl {
            ParsedDecl::Parsed(decl) => {
                let name = decl.name.clone();
                (
                    name.clone(),
                    check_decl(&input.krate, *decl, name, &[], &mut errors),
                )
            }
            ParsedDecl::Bundle(bundle) => {
                checked.extend(check_bundle(&input.krate, *bundle, &mut names, &mut errors));
                continue;
            }
            ParsedDecl::Broken { error, stub } => {
                errors.add(error);
                let Some(stub) = stub else { continue };
                let name = stub.name.clone();
                (
                    name.clone(),
                    Checked::Stub(Box::new(broken_stub(stub, name, &[]))),
                )
            }
        };
        if names.claim_channel(&name, &name, &mut errors) {
            checked.push(outcome);
        }
    }
    (checked, errors)
}

/// The generated names of a declaration that did not parse, named `marker`.
fn broken_stub(stub: crate::parse::Stub, marker: Ident, extra_attrs: &[Attribute]) -> Stub {
    let mut attrs: Vec<Attribute> = stub.attrs.into_iter().filter(is_carried).collect();
    attrs.extend_from_slice(extra_attrs);
    Stub {
        attrs,
        vis: stub.vis,
        sender: sender_ident(&marker),
        receiver: receiver_ident(&marker),
        marker,
        declare_marker: true,
        generics: stub.generics,
    }
}

/// Every name generated by one `channel!`, mapped to the declaration that generates it.
#[derive(Default)]
struct Names(HashMap<String, String>);

impl Names {
    /// Records `generated` for `declared`; false (with an error on `span_of`) when one is
    /// taken.
    fn claim(
        &mut self,
        declared: &str,
        generated: &[Ident],
        span_of: &Ident,
        errors: &mut Errors,
    ) -> bool {
        for ident in generated {
            if let Some(owner) = self.0.get(&ident.to_string()) {
                let message = if owner == declared {
                    format!("`{declared}` is declared twice in this `channel!`; rename one of them")
                } else {
                    format!("`{ident}` is already generated for `{owner}` in this `channel!`; rename `{span_of}`")
                };
                errors.push(span_of.span(), message);
                return false;
            }
        }
        for ident in generated {
            self.0.insert(ident.to_string(), declared.to_string());
        }
        true
    }

    /// Records the three names of the channel `marker`, written as `written`.
    fn claim_channel(&mut self, marker: &Ident, written: &Ident, errors: &mut Errors) -> bool {
        let generated = [marker.clone(), sender_ident(marker), receiver_ident(marker)];
        self.claim(&marker.to_string(), &generated, written, errors)
    }
}

/// Checks one declaration (a bundle field too) whose generated prefix is `marker`;
/// `extra_attrs` go on its items (a bundle's `cfg`).
fn check_decl(
    krate: &TokenStream,
    decl: Decl,
    marker: Ident,
    extra_attrs: &[Attribute],
    errors: &mut Errors,
) -> Checked {
    for attr in decl.attrs.iter().filter(|attr| !is_carried(attr)) {
        errors.push(
            attr.span(),
            format!(
                "`#[{}]` cannot go on a channel declaration; only doc comments, `cfg`, `cfg_attr`, lint levels and `deprecated` carry over",
                source_text(attr.path())
            ),
        );
    }
    let mut attrs: Vec<Attribute> = decl.attrs.into_iter().filter(is_carried).collect();
    attrs.extend_from_slice(extra_attrs);
    let args = decl.args.as_ref();
    let payload_text = args
        .and_then(|args| args.payload.as_ref())
        .map_or_else(|| "Payload".to_string(), source_text);
    let mut capacity = args.and_then(|args| args.capacity.as_ref());
    if let Some(call) = &decl.call {
        capacity = capacity.or(call.capacity.as_ref());
        let capacity_text =
            capacity.map(|capacity| format!(", {}", source_text(&capacity.to_tokens())));
        errors.add(syn::Error::new_spanned(
            &call.tokens,
            format!(
                "a channel is declared as a type, not called: write `{}: {}<{payload_text}{}>`",
                decl.name,
                decl.kind,
                capacity_text.unwrap_or_default()
            ),
        ));
        if args.and_then(|args| args.payload.as_ref()).is_none() {
            return Checked::Stub(Box::new(Stub {
                attrs,
                vis: decl.vis,
                sender: sender_ident(&marker),
                receiver: receiver_ident(&marker),
                marker,
                declare_marker: true,
                generics: decl.generics,
            }));
        }
    }
    if let Some(swapped) = args.and_then(|args| args.swapped.as_ref()) {
        errors.push(
            swapped.span(),
            format!(
                "the payload type comes first: write `{}<{payload_text}, {swapped}>`",
                decl.kind
            ),
        );
    }
    let payload = args.and_then(|args| args.payload.as_ref()).map(|payload| {
        let mut payload = payload.clone();
        if let Some(borrowed) = owned::make_static(&mut payload) {
            errors.add(borrowed);
        }
        payload
    });
    if let Some(args) = args {
        if let (Some(key), Some(payload), Some(capacity)) =
            (&args.capacity_key, &args.payload, &args.capacity)
        {
            errors.push(
                key.span(),
                format!(
                    "a capacity is written without a name; write `{}<{}, {}>`",
                    decl.kind,
                    source_text(payload),
                    source_text(&capacity.to_tokens())
                ),
            );
        }
    }
    let draft = Draft {
        form: Form::Declared,
        name: &decl.name,
        kind_ident: &decl.kind,
        payload: payload.as_ref(),
        payload_span: args.map(|args| {
            let (open, close) = (&args.open, &args.close);
            quote!(#open #close)
        }),
        capacity,
        init: decl.init.as_ref(),
    };
    match check_draft(&draft, errors) {
        Some((kind, payload, capacity, init)) => Checked::Channel(Box::new(Channel {
            krate: krate.clone(),
            form: Form::Declared,
            attrs,
            vis: decl.vis,
            sender: sender_ident(&marker),
            receiver: receiver_ident(&marker),
            marker,
            generics: decl.generics,
            kind,
            payload,
            capacity,
            init,
            requests: Vec::new(),
        })),
        None => Checked::Stub(Box::new(Stub {
            attrs,
            vis: decl.vis,
            sender: sender_ident(&marker),
            receiver: receiver_ident(&marker),
            marker,
            declare_marker: true,
            generics: decl.generics,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_text_glues_punctuation() {
        let ty: Type = syn::parse_quote!(Vec<Option<u8>>);
        assert_eq!(source_text(&ty), "Vec<Option<u8>>");
        let ty: Type = syn::parse_quote!(std::collections::HashMap<String, u8>);
        assert_eq!(source_text(&ty), "std::collections::HashMap<String, u8>");
    }
}
