//! Parsing of what follows the kind: `< Type ( , Capacity )? ( , lagging )? >`, and of a
//! capacity.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{braced, Block, Ident, LitInt, Path, Token, Type};

/// `< Type ( , Capacity | unbounded )? ( , lagging )? >` after the kind.
pub(crate) struct KindArgs {
    pub(crate) open: Token![<],
    /// `64` in `mpsc<64, u32>`: a capacity written before the payload (then taken as the
    /// capacity, and the type after it as the payload).
    pub(crate) swapped: Option<LitInt>,
    pub(crate) payload: Option<Type>,
    /// `cap` in `mpsc<u32, cap = 64>`: a name the capacity does not take.
    pub(crate) capacity_key: Option<Ident>,
    pub(crate) capacity: Option<Capacity>,
    /// `unbounded`, `lagging` or another bare word after the payload, as written.
    pub(crate) modes: Vec<Ident>,
    /// Arguments after the capacity that are neither (reported).
    pub(crate) extra: Vec<TokenStream>,
    pub(crate) close: Token![>],
}

/// A capacity as written. Never parsed as a general expression: in `mpsc<T, 16 >` the `>`
/// closes the arguments, it is not a comparison.
pub(crate) enum Capacity {
    Literal(LitInt),
    Path(Path),
    Braced(Block),
    Invalid(TokenStream),
}

impl Capacity {
    pub(crate) fn span(&self) -> Span {
        match self {
            Capacity::Literal(lit) => lit.span(),
            Capacity::Path(path) => path.span(),
            Capacity::Braced(block) => block.brace_token.span.join(),
            Capacity::Invalid(tokens) => tokens.span(),
        }
    }

    /// Parses a capacity that must be followed by one of `is_end`; anything else makes the
    /// whole run up to that token an [`Capacity::Invalid`].
    pub(crate) fn parse_until(input: ParseStream<'_>, is_end: fn(ParseStream<'_>) -> bool) -> Self {
        let fork = input.fork();
        let candidate = if fork.peek(LitInt) {
            fork.parse().map(Capacity::Literal)
        } else if fork.peek(syn::token::Brace) {
            parse_braced_block(&fork).map(Capacity::Braced)
        } else if fork.peek(Ident::peek_any) || fork.peek(Token![::]) {
            fork.call(Path::parse_mod_style).map(Capacity::Path)
        } else {
            Err(fork.error("not a capacity"))
        };
        if let Ok(capacity) = candidate {
            if is_end(&fork) {
                use syn::parse::discouraged::Speculative;
                input.advance_to(&fork);
                return capacity;
            }
        }
        let mut tokens = TokenStream::new();
        while !input.is_empty() && !is_end(input) {
            let tree: TokenTree = input.parse().expect("a token is left");
            tokens.extend([tree]);
        }
        Capacity::Invalid(tokens)
    }
}

impl Capacity {
    /// The capacity as written.
    pub(crate) fn to_tokens(&self) -> TokenStream {
        match self {
            Capacity::Literal(lit) => lit.to_token_stream(),
            Capacity::Path(path) => path.to_token_stream(),
            Capacity::Braced(block) => block.to_token_stream(),
            Capacity::Invalid(tokens) => tokens.clone(),
        }
    }

    /// A capacity that makes up the whole of `tokens`.
    pub(crate) fn from_tokens(tokens: TokenStream) -> Self {
        let parse = |input: ParseStream<'_>| Ok(Capacity::parse_until(input, at_end));
        parse
            .parse2(tokens.clone())
            .unwrap_or(Capacity::Invalid(tokens))
    }
}

fn parse_braced_block(input: ParseStream<'_>) -> syn::Result<Block> {
    let content;
    let brace_token = braced!(content in input);
    let stmts = content.call(Block::parse_within)?;
    Ok(Block { brace_token, stmts })
}

fn at_end(input: ParseStream<'_>) -> bool {
    input.is_empty()
}

pub(crate) fn at_option_end(input: ParseStream<'_>) -> bool {
    input.is_empty() || input.peek(Token![,])
}

impl Parse for KindArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let open: Token![<] = input.parse()?;
        let swapped = if input.peek(LitInt) && input.peek2(Token![,]) {
            let capacity: LitInt = input.parse()?;
            input.parse::<Token![,]>()?;
            Some(capacity)
        } else {
            None
        };
        let payload = if input.peek(Token![>]) {
            None
        } else {
            Some(input.parse()?)
        };
        let mut capacity_key = None;
        let mut modes = Vec::new();
        let mut extra = Vec::new();
        let capacity = if let Some(capacity) = &swapped {
            Some(Capacity::Literal(capacity.clone()))
        } else if payload.is_some() && input.peek(Token![,]) && !input.peek2(Token![>]) {
            input.parse::<Token![,]>()?;
            if at_mode_word(input) {
                modes.push(input.parse()?);
                None
            } else {
                if input.peek(Ident) && input.peek2(Token![=]) && !input.peek2(Token![==]) {
                    capacity_key = Some(input.parse()?);
                    input.parse::<Token![=]>()?;
                }
                Some(Capacity::parse_until(input, at_argument_end))
            }
        } else {
            None
        };
        // Further arguments: `lagging` (or `unbounded`), or something to report.
        while payload.is_some() && input.peek(Token![,]) && !input.peek2(Token![>]) {
            input.parse::<Token![,]>()?;
            if input.peek(Ident::peek_any) && (input.peek2(Token![,]) || input.peek2(Token![>])) {
                modes.push(input.call(Ident::parse_any)?);
            } else {
                let mut tokens = TokenStream::new();
                while !at_argument_end(input) {
                    tokens.extend([input.parse::<TokenTree>()?]);
                }
                extra.push(tokens);
            }
        }
        input.parse::<Option<Token![,]>>()?;
        let close = input.parse()?;
        Ok(KindArgs {
            open,
            swapped,
            payload,
            capacity_key,
            capacity,
            modes,
            extra,
            close,
        })
    }
}

/// `unbounded` or `lagging` in the capacity's place: the bare words are keywords there,
/// never const paths.
fn at_mode_word(input: ParseStream<'_>) -> bool {
    let fork = input.fork();
    match fork.parse::<Ident>() {
        Ok(word) => {
            (word == "unbounded" || word == "lagging")
                && (fork.is_empty() || fork.peek(Token![,]) || fork.peek(Token![>]))
        }
        Err(_) => false,
    }
}

fn at_argument_end(input: ParseStream<'_>) -> bool {
    input.is_empty() || input.peek(Token![>]) || input.peek(Token![,])
}
