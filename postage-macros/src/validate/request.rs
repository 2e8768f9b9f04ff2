//! Validation of request/response methods: on a derived enum, a field marked `#[reply]`
//! (a `postage::oneshot::Sender<R>`) makes its variant a request, and the generated sender
//! gets one `async fn` per variant.
//!
//! Methods are generated only for an enum with at least one `#[reply]` field (an enum
//! without one is a plain message type and keeps a plain sender); then every variant gets
//! its method, replies or not.

use quote::format_ident;
use syn::{Attribute, Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

use super::{source_text, Errors};
use crate::kind::Kind;

/// One generated request method.
pub(crate) struct Request {
    /// The variant's docs.
    pub(crate) docs: Vec<Attribute>,
    pub(crate) method: Ident,
    pub(crate) variant: Ident,
    pub(crate) shape: Shape,
    /// Every field in order: the method's parameters, and the reply.
    pub(crate) fields: Vec<RequestField>,
    /// The answer type `R` of the `#[reply]` field, when there is one.
    pub(crate) reply: Option<Type>,
}

/// How the variant is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Unit,
    Named,
    Tuple,
}

/// One field of a request variant.
pub(crate) struct RequestField {
    /// The field name, or `arg0`, `arg1`, … in a tuple variant.
    pub(crate) binding: Ident,
    /// The field name in a named variant.
    pub(crate) member: Option<Ident>,
    pub(crate) ty: Type,
    pub(crate) is_reply: bool,
}

/// The methods of the generated halves (and the trait methods callable on a sender) that a
/// request method must not shadow or be mistaken for; wave-2 names included, so a later
/// release does not break an enum.
const GENERATED_METHODS: [&str; 33] = [
    "recv",
    "try_recv",
    "blocking_recv",
    "recv_many",
    "try_iter",
    "close",
    "send",
    "try_send",
    "blocking_send",
    "blocking_send_timeout",
    "subscribe",
    "is_closed",
    "closed",
    "len",
    "is_empty",
    "capacity",
    "into_inner",
    "clone",
    "fmt",
    "reserve",
    "try_reserve",
    "reserve_owned",
    "reserve_many",
    "downgrade",
    "sender_count",
    "receiver_count",
    "same_channel",
    "poll_send",
    "cancel_send",
    "poll_ready",
    "start_send",
    "poll_flush",
    "poll_close",
];

fn is_reply(attr: &Attribute) -> bool {
    attr.path().is_ident("reply")
}

/// `GetValue` → `get_value`, `HTTPGet` → `http_get`.
fn snake_case(variant: &Ident) -> String {
    let chars: Vec<char> = variant.to_string().chars().collect();
    let mut out = String::new();
    for (at, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let after_lower =
                at > 0 && (chars[at - 1].is_lowercase() || chars[at - 1].is_ascii_digit());
            let before_lower = chars.get(at + 1).is_some_and(|next| next.is_lowercase());
            let after_upper = at > 0 && chars[at - 1].is_uppercase();
            if after_lower || (after_upper && before_lower) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `R` of a field typed `..::oneshot::Sender<R>`.
fn oneshot_reply(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    let segments = &path.path.segments;
    let last = segments.last()?;
    let module = segments.iter().rev().nth(1)?;
    if last.ident != "Sender" || module.ident != "oneshot" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(reply)] => Some(reply.clone()),
        _ => None,
    }
}

/// Every `#[reply]` on the item, wherever it is.
fn reply_attrs(item: &DeriveInput) -> Vec<&Attribute> {
    let fields: Vec<&syn::Field> = match &item.data {
        Data::Struct(data) => data.fields.iter().collect(),
        Data::Enum(data) => data.variants.iter().flat_map(|v| v.fields.iter()).collect(),
        Data::Union(data) => data.fields.named.iter().collect(),
    };
    let on_variants = match &item.data {
        Data::Enum(data) => data.variants.iter().flat_map(|v| v.attrs.iter()).collect(),
        _ => Vec::new(),
    };
    fields
        .into_iter()
        .flat_map(|field| field.attrs.iter())
        .chain(on_variants)
        .filter(|attr| is_reply(attr))
        .collect()
}

/// Checks the `#[reply]` fields of `item`, a channel of `kind` whose sender is `sender`,
/// and returns the request methods to generate (all but those of a variant with a
/// mistake, so one mistake gives one error). `None` when
/// replies make the channel itself impossible (a reply on a broadcast payload, which
/// cannot be `Clone` either): then only its names are generated, so the mistake gives one
/// error.
pub(crate) fn check_requests(
    item: &DeriveInput,
    kind: Kind,
    sender: &Ident,
    errors: &mut Errors,
) -> Option<Vec<Request>> {
    let replies = reply_attrs(item);
    let Some(first) = replies.first() else {
        return Some(Vec::new());
    };
    if !matches!(kind, Kind::Mpsc | Kind::Dispatch) {
        let why = match kind {
            Kind::Broadcast => "every receiver of a `broadcast` gets the message: which one would answer?",
            Kind::Watch => "a `watch` keeps only the latest value: a request could be skipped, and every receiver sees it",
            _ => "it carries a single message from a single sender",
        };
        errors.add(syn::Error::new_spanned(
            first,
            format!(
                "`#[reply]` needs a channel where one receiver takes each message: use `#[channel(mpsc, ..)]` or `#[channel(dispatch, ..)]`, not `{}` ({why})",
                kind.name()
            ),
        ));
        return None;
    }
    let Data::Enum(data) = &item.data else {
        errors.add(syn::Error::new_spanned(
            first,
            format!(
                "`#[reply]` marks a field of an enum variant, and `{}` is not an enum; make it an enum with one variant per request",
                item.ident
            ),
        ));
        return Some(Vec::new());
    };
    for attr in &replies {
        if !matches!(attr.meta, syn::Meta::Path(_)) {
            errors.add(syn::Error::new_spanned(
                attr,
                "`#[reply]` takes no arguments; write `#[reply]`",
            ));
        }
    }
    for variant in &data.variants {
        if let Some(attr) = variant.attrs.iter().find(|attr| is_reply(attr)) {
            errors.add(syn::Error::new_spanned(
                attr,
                format!(
                    "`#[reply]` goes on the field that carries the reply sender, not on the variant; move it to a field such as `#[reply] reply: postage::oneshot::Sender<..>` of `{}`",
                    variant.ident
                ),
            ));
        }
    }
    let mut requests = Vec::new();
    for variant in &data.variants {
        let method_name = snake_case(&variant.ident);
        let method = match method_name.as_str() {
            "self" | "super" | "crate" | "Self" => None,
            name if syn::parse_str::<Ident>(name).is_ok() => {
                Some(Ident::new(name, variant.ident.span()))
            }
            name => Some(Ident::new_raw(name, variant.ident.span())),
        };
        let method = match method {
            Some(method) if !GENERATED_METHODS.contains(&method_name.as_str()) => method,
            _ => {
                errors.push(
                    variant.ident.span(),
                    format!(
                        "variant `{}` would generate the request method `{sender}::{method_name}`, which clashes with a generated method or keyword; rename the variant",
                        variant.ident
                    ),
                );
                continue;
            }
        };
        let shape = match &variant.fields {
            Fields::Unit => Shape::Unit,
            Fields::Named(_) => Shape::Named,
            Fields::Unnamed(_) => Shape::Tuple,
        };
        let mut fields = Vec::new();
        let mut reply = None;
        let mut broken = false;
        let mut args = 0usize;
        for field in &variant.fields {
            let marked: Vec<&Attribute> =
                field.attrs.iter().filter(|attr| is_reply(attr)).collect();
            let is_reply = !marked.is_empty();
            if is_reply {
                match oneshot_reply(&field.ty) {
                    _ if reply.is_some() => errors.add(syn::Error::new_spanned(
                        marked[0],
                        format!(
                            "variant `{}` has a second `#[reply]` field, but a request gets one reply; remove this `#[reply]` (answer with a tuple or struct to send several values)",
                            variant.ident
                        ),
                    )),
                    Some(answer) => reply = Some(answer),
                    None => {
                        broken = true;
                        errors.add(syn::Error::new_spanned(
                        &field.ty,
                        format!(
                            "a `#[reply]` field is the sender of the answer: write `postage::oneshot::Sender<Answer>` instead of `{}`",
                            source_text(&field.ty)
                        ),
                    ))
                    }
                }
            }
            let binding = match &field.ident {
                Some(name) => name.clone(),
                None if is_reply => format_ident!("reply"),
                None => {
                    args += 1;
                    format_ident!("arg{}", args - 1)
                }
            };
            fields.push(RequestField {
                binding,
                member: field.ident.clone(),
                ty: field.ty.clone(),
                is_reply,
            });
        }
        // A variant with a mistake loses its method only: the others are still generated.
        if broken {
            continue;
        }
        requests.push(Request {
            docs: variant
                .attrs
                .iter()
                .filter(|attr| attr.path().is_ident("doc"))
                .cloned()
                .collect(),
            method,
            variant: variant.ident.clone(),
            shape,
            fields,
            reply,
        });
    }
    Some(requests)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        let cases = [
            ("Get", "get"),
            ("GetValue", "get_value"),
            ("HTTPGet", "http_get"),
            ("Put2Way", "put2_way"),
            ("Stop", "stop"),
        ];
        for (variant, method) in cases {
            assert_eq!(snake_case(&format_ident!("{}", variant)), method);
        }
    }

    #[test]
    fn a_reply_is_a_oneshot_sender_by_any_path() {
        let ty: Type = syn::parse2(quote!(postage::oneshot::Sender<Option<u64>>)).unwrap();
        let expected: Type = syn::parse2(quote!(Option<u64>)).unwrap();
        assert_eq!(oneshot_reply(&ty), Some(expected));
        let ty: Type = syn::parse2(quote!(oneshot::Sender<u8>)).unwrap();
        assert!(oneshot_reply(&ty).is_some());
        let ty: Type = syn::parse2(quote!(postage::mpsc::Sender<u8>)).unwrap();
        assert_eq!(oneshot_reply(&ty), None);
        let ty: Type = syn::parse2(quote!(Sender<u8>)).unwrap();
        assert_eq!(oneshot_reply(&ty), None);
    }
}
