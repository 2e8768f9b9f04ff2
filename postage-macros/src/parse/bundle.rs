//! Parsing of a bundle: `Attr* Vis? bundle Name { field: Kind<..>, .. }`.
//!
//! `bundle` is a contextual keyword: it starts a bundle only when a name and a brace group
//! follow. Each field is a declaration without visibility or generics, ended by `,`; a
//! field that does not parse is reported and skipped up to the next `,`, so the other
//! fields (and the names of the broken one, when it has one) are still generated.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::parse::discouraged::Speculative;
use syn::parse::{Parse, ParseStream, Parser};
use syn::{braced, Attribute, Ident, Token, Visibility};

use super::{salvage_stub, Decl, DeclPlace, Stub};

/// A bundle: every channel of a program, declared and created together.
pub(crate) struct Bundle {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) name: Ident,
    /// The fields in order; a field that did not parse keeps its error.
    pub(crate) fields: Vec<ParsedField>,
    /// Fields separated by `;` instead of `,` (read as `,`).
    pub(crate) semicolons: Vec<Token![;]>,
}

/// One field: parsed, or the parse error with what could be salvaged.
pub(crate) enum ParsedField {
    Parsed(Box<Decl>),
    Broken {
        error: syn::Error,
        stub: Option<Stub>,
    },
}

impl Parse for Bundle {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let keyword: Ident = input.parse()?;
        if keyword != "bundle" {
            return Err(syn::Error::new(
                keyword.span(),
                "expected `bundle Name { .. }` or a declaration `Name: kind<..>`",
            ));
        }
        let name: Ident = input.parse()?;
        if input.peek(Token![<]) {
            let generics: syn::Generics = input.parse()?;
            return Err(syn::Error::new_spanned(
                generics,
                "a bundle takes no generic parameters; declare a generic channel on its own (`Name<T>: mpsc<T, 16>;`)",
            ));
        }
        let content;
        braced!(content in input);
        let mut fields = Vec::new();
        let mut semicolons = Vec::new();
        while !content.is_empty() {
            let fork = content.fork();
            match Decl::parse_with(&fork, DeclPlace::BundleField) {
                Ok(decl) => {
                    content.advance_to(&fork);
                    fields.push(ParsedField::Parsed(Box::new(decl)));
                }
                Err(error) => {
                    let skipped = skip_field(&content)?;
                    fields.push(ParsedField::Broken {
                        error,
                        stub: salvage_stub.parse2(skipped).ok().flatten(),
                    });
                }
            }
            if content.peek(Token![;]) {
                semicolons.push(content.parse()?);
            } else if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
        }
        if !input.is_empty() {
            return Err(input.error("expected `;` or the next declaration after the bundle"));
        }
        Ok(Bundle {
            attrs,
            vis,
            name,
            fields,
            semicolons,
        })
    }
}

/// Skips a field that did not parse, up to the `,` (or `;`) that ends it: the first one
/// outside angle brackets (or anywhere once the field's `= init` has begun).
fn skip_field(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut skipped = TokenStream::new();
    let mut depth = 0usize;
    let mut in_init = false;
    let mut after_joint = false;
    while !input.is_empty() {
        if (input.peek(Token![,]) || input.peek(Token![;])) && (depth == 0 || in_init) {
            break;
        }
        let tree: TokenTree = input.parse()?;
        if let TokenTree::Punct(punct) = &tree {
            match punct.as_char() {
                '<' if !in_init => depth += 1,
                '>' if !in_init && !after_joint => depth = depth.saturating_sub(1),
                '=' if depth == 0 && !after_joint && punct.spacing() == Spacing::Alone => {
                    in_init = true
                }
                _ => {}
            }
            after_joint = punct.spacing() == Spacing::Joint;
        } else {
            after_joint = false;
        }
        skipped.extend([tree]);
    }
    Ok(skipped)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn field_names(bundle: &Bundle) -> Vec<String> {
        bundle
            .fields
            .iter()
            .map(|field| match field {
                ParsedField::Parsed(decl) => decl.name.to_string(),
                ParsedField::Broken { stub, .. } => format!(
                    "broken {}",
                    stub.as_ref()
                        .map_or(String::new(), |stub| stub.name.to_string())
                ),
            })
            .collect()
    }

    #[test]
    fn fields_end_at_commas_outside_angle_brackets() {
        let bundle: Bundle = syn::parse2(quote! {
            pub bundle App {
                /// Events for everyone.
                events: broadcast<Result<u8, String>, 16>,
                config: watch<Vec<u8>> = vec![1, 2],
                shutdown: barrier,
            }
        })
        .expect("bundle parses");
        assert_eq!(bundle.name, "App");
        assert_eq!(field_names(&bundle), ["events", "config", "shutdown"]);
    }

    #[test]
    fn a_broken_field_is_skipped_to_its_comma() {
        let bundle: Bundle = syn::parse2(quote! {
            bundle App { jobs: mpsc<Vec<u8>, 4> extra, shutdown: barrier }
        })
        .expect("bundle parses");
        assert_eq!(field_names(&bundle), ["broken jobs", "shutdown"]);
    }
}
