//! Parsing of the derive form: the item and its `#[channel(kind, options..)]`.
//!
//! A misspelt option is parsed as the option it most likely meant, so that validation can
//! report the spelling once and go on with the value (no second error for a capacity that
//! seems missing).

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Expr, Ident, Path, Token};

use super::{at_option_end, Capacity};
use crate::options::OptionKey;

/// The derive form: `#[derive(Channel)] #[channel(kind, options..)] <struct|enum|union>`.
pub(crate) struct DeriveChannel {
    pub(crate) item: DeriveInput,
    /// Every `#[channel(..)]` on the item, in order (more than one is an error).
    pub(crate) options: Vec<syn::Result<AttrOptions>>,
    /// The `#[channel]` attributes found on fields or variants, where they cannot go.
    pub(crate) misplaced: Vec<Attribute>,
}

/// The contents of `#[channel(kind, capacity = .., init = .., name = .., crate = .., unbounded,
/// lagging)]`.
pub(crate) struct AttrOptions {
    pub(crate) attr_span: Span,
    pub(crate) kind: Option<Ident>,
    pub(crate) options: Vec<AttrOption>,
}

/// One option, with the key it is read as.
pub(crate) struct AttrOption {
    /// The key as written (for a positional value: the value's span).
    pub(crate) key: Ident,
    pub(crate) value: AttrValue,
    pub(crate) spelling: Spelling,
}

/// How an option was written, when not as `key = value`.
pub(crate) enum Spelling {
    /// `key = value` with a known key.
    Exact,
    /// `capcity = 4`: read as the suggested key.
    Misspelt(OptionKey),
    /// `#[channel(mpsc, 64)]`: a capacity without its key.
    Positional,
    /// `#[channel(mpsc(64))]`: a capacity in parentheses after the kind.
    AfterKind(Span),
    /// `unbounded = true`: a flag given a value (read as the flag).
    ValueOnFlag,
}

impl AttrOption {
    /// The option this is read as; `None` for an unknown one.
    pub(crate) fn effective_key(&self) -> Option<OptionKey> {
        match self.spelling {
            Spelling::Exact | Spelling::ValueOnFlag => OptionKey::lookup(&self.key.to_string()),
            Spelling::Misspelt(key) => Some(key),
            Spelling::Positional | Spelling::AfterKind(_) => Some(OptionKey::Capacity),
        }
    }
}

/// The value of an option, parsed as its key requires.
pub(crate) enum AttrValue {
    Capacity(Capacity),
    Init(Expr),
    Name(Ident),
    Crate(Path),
    /// `unbounded` or `lagging`.
    Flag,
    /// A positional word after the kind (`#[channel(mpsc, bounded)]`), or an unknown key
    /// without a suggestion.
    Unknown,
}

fn parse_value(key: OptionKey, input: ParseStream<'_>) -> syn::Result<AttrValue> {
    Ok(match key {
        OptionKey::Capacity => AttrValue::Capacity(Capacity::parse_until(input, at_option_end)),
        OptionKey::Init => AttrValue::Init(input.parse()?),
        OptionKey::Name => AttrValue::Name(input.parse()?),
        OptionKey::Crate => AttrValue::Crate(input.call(Path::parse_mod_style)?),
        OptionKey::Unbounded | OptionKey::Lagging => {
            while !at_option_end(input) {
                input.parse::<TokenTree>()?;
            }
            AttrValue::Flag
        }
    })
}

impl Parse for AttrOptions {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut kind = None;
        let mut options = Vec::new();
        let mut first = true;
        while !input.is_empty() {
            if input.peek(Ident::peek_any) && !input.peek2(Token![=]) {
                let word: Ident = input.call(Ident::parse_any)?;
                if first {
                    kind = Some(word);
                    if input.peek(syn::token::Paren) {
                        let group: proc_macro2::Group = input.parse()?;
                        let span = group.span();
                        let capacity = Capacity::from_tokens(group.stream());
                        options.push(AttrOption {
                            key: Ident::new("capacity", span),
                            value: AttrValue::Capacity(capacity),
                            spelling: Spelling::AfterKind(span),
                        });
                    }
                } else {
                    let text = word.to_string();
                    let (value, spelling) = match OptionKey::lookup(&text) {
                        Some(known) if known.is_flag() => (AttrValue::Flag, Spelling::Exact),
                        Some(_) => (AttrValue::Unknown, Spelling::Exact),
                        None => match OptionKey::suggest(&text) {
                            Some(flag) if flag.is_flag() => {
                                (AttrValue::Flag, Spelling::Misspelt(flag))
                            }
                            _ => (AttrValue::Unknown, Spelling::Exact),
                        },
                    };
                    options.push(AttrOption {
                        key: word,
                        value,
                        spelling,
                    });
                }
            } else if input.peek(Ident::peek_any) {
                let key: Ident = input.call(Ident::parse_any)?;
                input.parse::<Token![=]>()?;
                let word = key.to_string();
                let (value, spelling) = match OptionKey::lookup(&word) {
                    Some(flag) if flag.is_flag() => {
                        (parse_value(flag, input)?, Spelling::ValueOnFlag)
                    }
                    Some(known) => (parse_value(known, input)?, Spelling::Exact),
                    None => match OptionKey::suggest(&word) {
                        Some(suggested) => (
                            parse_value(suggested, input)?,
                            Spelling::Misspelt(suggested),
                        ),
                        None => {
                            while !at_option_end(input) {
                                input.parse::<TokenTree>()?;
                            }
                            (AttrValue::Unknown, Spelling::Exact)
                        }
                    },
                };
                options.push(AttrOption {
                    key,
                    value,
                    spelling,
                });
            } else if !first {
                let capacity = Capacity::parse_until(input, at_option_end);
                options.push(AttrOption {
                    key: Ident::new("capacity", capacity.span()),
                    value: AttrValue::Capacity(capacity),
                    spelling: Spelling::Positional,
                });
            } else {
                return Err(input.error(
                    "the channel kind comes first; write `#[channel(mpsc, capacity = 16)]` (kinds: mpsc, broadcast, dispatch, watch, oneshot, barrier)",
                ));
            }
            first = false;
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(AttrOptions {
            attr_span: Span::call_site(),
            kind,
            options,
        })
    }
}

fn is_channel_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("channel")
}

fn parse_options(attr: &Attribute) -> syn::Result<AttrOptions> {
    let span = attr.span();
    let mut options = match &attr.meta {
        syn::Meta::List(list) if matches!(list.delimiter, syn::MacroDelimiter::Paren(_)) => {
            list.parse_args::<AttrOptions>()?
        }
        _ => AttrOptions {
            attr_span: span,
            kind: None,
            options: Vec::new(),
        },
    };
    options.attr_span = span;
    Ok(options)
}

impl DeriveChannel {
    pub(crate) fn parse(input: TokenStream) -> syn::Result<Self> {
        let item: DeriveInput = syn::parse2(input)?;
        let options = item
            .attrs
            .iter()
            .filter(|attr| is_channel_attr(attr))
            .map(parse_options)
            .collect();
        let mut misplaced = Vec::new();
        let mut collect = |attrs: &[Attribute]| {
            misplaced.extend(attrs.iter().filter(|attr| is_channel_attr(attr)).cloned())
        };
        match &item.data {
            syn::Data::Struct(data) => data.fields.iter().for_each(|f| collect(&f.attrs)),
            syn::Data::Enum(data) => data.variants.iter().for_each(|variant| {
                collect(&variant.attrs);
                variant.fields.iter().for_each(|f| collect(&f.attrs));
            }),
            syn::Data::Union(data) => data.fields.named.iter().for_each(|f| collect(&f.attrs)),
        }
        Ok(DeriveChannel {
            item,
            options,
            misplaced,
        })
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn keys(options: &AttrOptions) -> Vec<String> {
        options
            .options
            .iter()
            .map(|option| option.key.to_string())
            .collect()
    }

    #[test]
    fn options_read_the_kind_then_key_values() {
        let options: AttrOptions =
            syn::parse2(quote!(watch, init = Mode::Fast, name = Modes, crate = ::pg))
                .expect("options parse");
        assert_eq!(options.kind.as_ref().expect("kind"), "watch");
        assert_eq!(keys(&options), ["init", "name", "crate"]);
    }

    #[test]
    fn a_misspelt_key_is_read_as_its_suggestion() {
        let options: AttrOptions = syn::parse2(quote!(mpsc, capcity = 4)).expect("options parse");
        let option = &options.options[0];
        assert_eq!(option.effective_key(), Some(OptionKey::Capacity));
        assert!(matches!(
            option.value,
            AttrValue::Capacity(Capacity::Literal(_))
        ));
    }

    #[test]
    fn a_capacity_after_the_kind_is_read_as_the_capacity() {
        for tokens in [quote!(mpsc(64)), quote!(mpsc, 64)] {
            let options: AttrOptions = syn::parse2(tokens).expect("options parse");
            let option = &options.options[0];
            assert_eq!(option.effective_key(), Some(OptionKey::Capacity));
            assert!(matches!(
                option.value,
                AttrValue::Capacity(Capacity::Literal(_))
            ));
        }
    }
}
