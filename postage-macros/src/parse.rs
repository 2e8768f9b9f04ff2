//! Parsing: tokens into typed declarations, as written, before any rule is checked.
//!
//! Parsing is lenient where the grammar allows recovery: a capacity that is not a literal,
//! path or braced expression is kept as [`Capacity::Invalid`] for `validate` to report, and
//! a declaration that does not parse at all still yields its name (when it has one), so the
//! expansion can emit the generated type names and spare the user a cascade of errors.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, Expr, Generics, Ident, Token, Visibility};

mod args;
mod bundle;
mod derive;

pub(crate) use args::{at_option_end, Capacity, KindArgs};
pub(crate) use bundle::{Bundle, ParsedField};
pub(crate) use derive::{AttrOptions, AttrValue, DeriveChannel, Spelling};

/// The input of `channel!` as forwarded by `postage::channel!`: `$crate ; declarations`.
pub(crate) struct ChannelInput {
    pub(crate) krate: TokenStream,
    pub(crate) decls: Vec<ParsedDecl>,
}

/// One `;`-separated declaration (or bundle): parsed, or the parse error with what could be
/// salvaged.
pub(crate) enum ParsedDecl {
    Parsed(Box<Decl>),
    Bundle(Box<Bundle>),
    Broken {
        error: syn::Error,
        stub: Option<Stub>,
    },
}

/// What a broken declaration still tells: enough to declare the generated names.
pub(crate) struct Stub {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) name: Ident,
    pub(crate) generics: Generics,
}

/// `Attr* Vis? Name Generics? : Kind ( < Type ( , Capacity )? > )? ( = InitExpr )?`
pub(crate) struct Decl {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) name: Ident,
    pub(crate) generics: Generics,
    pub(crate) kind: Ident,
    pub(crate) args: Option<KindArgs>,
    /// `(64)` in `mpsc::<u32>(64)` or `mpsc<u32>(64)`: a capacity written as a call.
    pub(crate) call: Option<CallStyle>,
    pub(crate) init: Option<Expr>,
}

/// A channel written like a constructor call: `mpsc::<u32>(64)`, `mpsc(64)`, or with a
/// turbofish only (`mpsc::<u32, 64>`).
pub(crate) struct CallStyle {
    /// From the `::` (or the kind) to the closing parenthesis, for the error's span.
    pub(crate) tokens: TokenStream,
    /// The capacity in the parentheses, if any.
    pub(crate) capacity: Option<Capacity>,
}

impl Parse for Decl {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        Decl::parse_with(input, DeclPlace::TopLevel)
    }
}

/// Where a declaration is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeclPlace {
    /// In `channel!`, ended by `;`: visibility and generics allowed.
    TopLevel,
    /// A bundle field, ended by `,`: a field name and the channel only.
    BundleField,
}

impl Decl {
    pub(crate) fn parse_with(input: ParseStream<'_>, place: DeclPlace) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        // A bundle field's visibility is parsed to be reported (fields take the bundle's).
        let vis: Visibility = input.parse()?;
        let name: Ident = input.parse()?;
        let generics = match place {
            DeclPlace::TopLevel => input.parse()?,
            DeclPlace::BundleField => Generics::default(),
        };
        input.parse::<Token![:]>()?;
        let kind: Ident = input.call(Ident::parse_any).map_err(|error| {
            syn::Error::new(
                error.span(),
                "expected a channel kind after `:`: one of mpsc, broadcast, dispatch, watch, oneshot, barrier",
            )
        })?;
        let mut call_tokens = TokenStream::new();
        if input.peek(Token![::]) && input.peek3(Token![<]) {
            call_tokens.extend(input.parse::<Token![::]>()?.into_token_stream());
        }
        let args: Option<KindArgs> = if input.peek(Token![<]) {
            Some(input.parse()?)
        } else {
            None
        };
        let capacity_call = if input.peek(syn::token::Paren) {
            let group: proc_macro2::Group = input.parse()?;
            if call_tokens.is_empty() {
                call_tokens.extend(kind.to_token_stream());
            }
            call_tokens.extend([TokenTree::Group(group.clone())]);
            Some(Capacity::from_tokens(group.stream()))
        } else {
            None
        };
        let call = (!call_tokens.is_empty()).then(|| CallStyle {
            tokens: call_tokens,
            capacity: capacity_call,
        });
        let init = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        match place {
            DeclPlace::TopLevel if !input.is_empty() => {
                return Err(input.error("expected `;` or the end of the declaration"));
            }
            DeclPlace::BundleField if !at_option_end(input) && !input.peek(Token![;]) => {
                return Err(input.error("expected `,` or the end of the bundle"));
            }
            _ => {}
        }
        Ok(Decl {
            attrs,
            vis,
            name,
            generics,
            kind,
            args,
            call,
            init,
        })
    }
}

impl ChannelInput {
    pub(crate) fn parse(input: TokenStream) -> syn::Result<Self> {
        let mut chunks = split_declarations(input).into_iter();
        let krate = chunks.next().ok_or_else(|| {
            syn::Error::new(
                Span::call_site(),
                "use `postage::channel!`, which passes the crate path first",
            )
        })?;
        let decls = chunks
            .filter(|chunk| !chunk.is_empty())
            .map(|chunk| {
                if is_bundle(&chunk) {
                    return match Bundle::parse.parse2(chunk) {
                        Ok(bundle) => ParsedDecl::Bundle(Box::new(bundle)),
                        Err(error) => ParsedDecl::Broken { error, stub: None },
                    };
                }
                match Decl::parse.parse2(chunk.clone()) {
                    Ok(decl) => ParsedDecl::Parsed(Box::new(decl)),
                    Err(error) => ParsedDecl::Broken {
                        error,
                        stub: salvage_stub.parse2(chunk).ok().flatten(),
                    },
                }
            })
            .collect();
        Ok(ChannelInput { krate, decls })
    }
}

/// Splits at the top-level `;`, and after the braces of a bundle (whose `;` is optional):
/// a `;` inside an expression always sits in a group.
fn split_declarations(input: TokenStream) -> Vec<TokenStream> {
    let trees: Vec<TokenTree> = input.into_iter().collect();
    let mut chunks = vec![TokenStream::new()];
    for (at, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Punct(punct) if punct.as_char() == ';' => chunks.push(TokenStream::new()),
            _ => {
                chunks
                    .last_mut()
                    .expect("never empty")
                    .extend([tree.clone()]);
                if at >= 2 && bundle_head(&trees[at - 2..=at]) {
                    chunks.push(TokenStream::new());
                }
            }
        }
    }
    chunks
}

/// `bundle Name { .. }`: the contextual keyword, a name and the fields.
fn bundle_head(trees: &[TokenTree]) -> bool {
    matches!(
        trees,
        [TokenTree::Ident(keyword), TokenTree::Ident(_), TokenTree::Group(group)]
            if keyword == "bundle" && group.delimiter() == proc_macro2::Delimiter::Brace
    )
}

/// `bundle Name ..`: a bundle, or an attempt at one (`bundle Name<T> { .. }`) that its
/// parser reports.
fn is_bundle(chunk: &TokenStream) -> bool {
    let trees: Vec<TokenTree> = chunk.clone().into_iter().collect();
    trees.windows(2).any(|pair| {
        matches!(pair, [TokenTree::Ident(keyword), TokenTree::Ident(_)] if keyword == "bundle")
    })
}

/// The attributes, visibility, name and generics of a declaration that failed to parse.
pub(crate) fn salvage_stub(input: ParseStream<'_>) -> syn::Result<Option<Stub>> {
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    if !input.peek(Ident) {
        return Ok(None);
    }
    let name: Ident = input.parse()?;
    let generics: Generics = input.parse().unwrap_or_default();
    input.parse::<TokenStream>()?;
    Ok(Some(Stub {
        attrs,
        vis,
        name,
        generics,
    }))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn declarations(tokens: TokenStream) -> Vec<ParsedDecl> {
        ChannelInput::parse(quote!(::postage; #tokens))
            .expect("crate path present")
            .decls
    }

    fn only_decl(tokens: TokenStream) -> Decl {
        match declarations(tokens).pop() {
            Some(ParsedDecl::Parsed(decl)) => *decl,
            Some(ParsedDecl::Broken { error, .. }) => panic!("did not parse: {error}"),
            Some(ParsedDecl::Bundle(bundle)) => panic!("a bundle: {}", bundle.name),
            None => panic!("no declaration"),
        }
    }

    #[test]
    fn a_bundle_ends_at_its_brace_with_or_without_a_semicolon() {
        let decls = declarations(quote! {
            pub bundle App { jobs: mpsc<u32, 4> }
            Jobs: mpsc<u32, 4>;
            bundle Pool { work: dispatch<u32, 4>, };
            Last: barrier
        });
        let kinds: Vec<&str> = decls
            .iter()
            .map(|decl| match decl {
                ParsedDecl::Parsed(_) => "declaration",
                ParsedDecl::Bundle(_) => "bundle",
                ParsedDecl::Broken { .. } => "broken",
            })
            .collect();
        assert_eq!(kinds, ["bundle", "declaration", "bundle", "declaration"]);
    }

    #[test]
    fn unbounded_and_lagging_are_keywords_not_capacities() {
        let decl = only_decl(quote!(Jobs: mpsc<u32, unbounded>));
        let args = decl.args.expect("arguments");
        assert!(args.capacity.is_none());
        assert_eq!(args.modes, ["unbounded"]);
        let decl = only_decl(quote!(Events: broadcast<u32, 16, lagging>));
        let args = decl.args.expect("arguments");
        assert!(matches!(args.capacity, Some(Capacity::Literal(_))));
        assert_eq!(args.modes, ["lagging"]);
        let decl = only_decl(quote!(Events: broadcast<u32, UNBOUNDED_CAP>));
        assert!(matches!(capacity(&decl), Capacity::Path(_)));
    }

    #[test]
    fn a_declaration_named_bundle_is_not_a_bundle() {
        let decl = only_decl(quote!(bundle: mpsc<u32, 4>));
        assert_eq!(decl.name, "bundle");
    }

    fn capacity(decl: &Decl) -> &Capacity {
        decl.args
            .as_ref()
            .and_then(|args| args.capacity.as_ref())
            .expect("a capacity")
    }

    #[test]
    fn closing_angle_after_a_literal_capacity_is_not_a_comparison() {
        let decl = only_decl(quote!(pub Jobs: mpsc<u32, 16>));
        assert!(matches!(capacity(&decl), Capacity::Literal(lit) if lit.base10_digits() == "16"));
        assert_eq!(decl.kind, "mpsc");
    }

    #[test]
    fn nested_generic_payload_ends_at_its_own_angles() {
        let decl = only_decl(quote!(Jobs: mpsc<Vec<Option<u8>>, 4>));
        let payload = decl.args.as_ref().and_then(|args| args.payload.as_ref());
        let expected: syn::Type = syn::parse_quote!(Vec<Option<u8>>);
        assert_eq!(payload, Some(&expected));
        assert!(matches!(capacity(&decl), Capacity::Literal(_)));
    }

    #[test]
    fn const_paths_and_braced_expressions_are_capacities() {
        let decl = only_decl(quote!(Jobs: mpsc<u32, limits::JOBS>));
        assert!(matches!(capacity(&decl), Capacity::Path(_)));
        let decl = only_decl(quote!(Jobs: mpsc<u32, { 2 * WORKERS }>));
        assert!(matches!(capacity(&decl), Capacity::Braced(_)));
    }

    #[test]
    fn an_unbraced_expression_capacity_is_kept_for_validation() {
        let decl = only_decl(quote!(Jobs: mpsc<u32, WORKERS * 2>));
        match capacity(&decl) {
            Capacity::Invalid(tokens) => {
                assert_eq!(tokens.to_string(), quote!(WORKERS * 2).to_string())
            }
            _ => panic!("expected an invalid capacity"),
        }
    }

    #[test]
    fn semicolons_inside_an_initial_value_do_not_split_declarations() {
        let decls = declarations(quote! {
            Config: watch<u8> = { let start = 1; start };
            Shutdown: barrier;
        });
        assert_eq!(decls.len(), 2);
        assert!(decls
            .iter()
            .all(|decl| matches!(decl, ParsedDecl::Parsed(_))));
    }

    #[test]
    fn a_declaration_that_does_not_parse_still_yields_its_name() {
        let mut decls = declarations(quote!(pub Jobs: mpsc<u32, 4> extra));
        match decls.pop() {
            Some(ParsedDecl::Broken {
                stub: Some(stub), ..
            }) => assert_eq!(stub.name, "Jobs"),
            _ => panic!("expected a broken declaration with a stub"),
        }
    }
}
