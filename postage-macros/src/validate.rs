//! Validation: every rule of the grammar that parsing does not enforce, with every error
//! collected (one `syn::Error` combining them all), and a recovery for each so that the
//! expansion still declares the generated names.
//!
//! A declaration with an error becomes either a complete [`Channel`] with the mistake
//! neutralised (a dropped capacity, a placeholder capacity of 1, the suggested kind for a
//! misspelt one) or, when too little is known to generate handles, a [`Stub`] naming the
//! types only.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, ToTokens};
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Generics, Ident, LitInt, Type, Visibility};

mod bundle;
mod declare;
mod derive;
mod mode;
mod owned;
mod request;

pub(crate) use bundle::BundleItem;
pub(crate) use declare::check_channels;
pub(crate) use derive::check_derive;
pub(crate) use mode::Mode;
pub(crate) use request::{Request, Shape};

use crate::kind::Kind;
use crate::parse::Capacity;

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
    /// How a bounded kind buffers: standard, `unbounded` (no capacity) or `lagging`.
    pub(crate) mode: Mode,
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
    /// `unbounded` and `lagging`, in order, each with whether its spelling was reported.
    modes: Vec<(Mode, Span, bool)>,
}

/// A declaration that passed the checks shared by both forms (its mistakes neutralised).
struct Drafted {
    kind: Kind,
    payload: Type,
    capacity: Option<CheckedCapacity>,
    init: Option<Expr>,
    mode: Mode,
}

/// The checks shared by both forms; `None` when the declaration cannot be expanded.
fn check_draft(draft: &Draft<'_>, errors: &mut Errors) -> Option<Drafted> {
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

    let mode = mode::check_mode(kind, draft.form, &draft.modes, errors);
    let mut mode_kept = !mode.reported;
    // A barrier's arguments were reported whole, capacity included.
    let capacity = match (
        kind.is_bounded(),
        draft.capacity.filter(|_| kind != Kind::Barrier),
    ) {
        (true, Some(capacity)) if mode.forbids_capacity => {
            let fix = match draft.form {
                Form::Declared => format!(
                    "write `{name}<{payload}, unbounded>`, or `{name}<{payload}, {}>` for a bounded one",
                    source_text(&capacity.to_tokens()),
                    payload = source_text(&payload)
                ),
                Form::Derived => {
                    "remove `capacity = ..`, or `unbounded` for a bounded channel".to_string()
                }
            };
            errors.push(
                capacity.span(),
                format!("an unbounded channel has no capacity; {fix}"),
            );
            // Recovers as the bounded channel, which has every item the unbounded one has.
            mode_kept = false;
            Some(check_capacity(draft.name, capacity, errors))
        }
        (true, Some(capacity)) => Some(check_capacity(draft.name, capacity, errors)),
        (true, None) if mode.forbids_capacity && mode_kept => None,
        (true, None) if mode.forbids_capacity || mode.excuses_capacity => {
            Some(CheckedCapacity::Placeholder)
        }
        (true, None) => {
            let lagging = if draft.modes.iter().any(|&(word, ..)| word == Mode::Lagging) {
                ", lagging"
            } else {
                ""
            };
            let fix = match draft.form {
                Form::Declared => {
                    format!("write `{name}<{}, 16{lagging}>`", source_text(&payload))
                }
                Form::Derived => format!("write `#[channel({name}, capacity = 16{lagging})]`"),
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

    if matches!(capacity, Some(CheckedCapacity::Placeholder)) {
        // A capacity was reported: the standard channel stands in.
        mode_kept = false;
    }

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
    Some(Drafted {
        kind,
        payload,
        capacity,
        init,
        mode: if mode_kept { mode.mode } else { Mode::Standard },
    })
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
