//! A payload must be owned or `'static`: a channel moves it to another task. A borrowed
//! payload with an elided lifetime (`mpsc<&str, 8>`) is reported once, with the owned type
//! to write, and then read with `'static` lifetimes so the expansion adds no errors.

use syn::{GenericArgument, Lifetime, PathArguments, ReturnType, Type, TypeReference};

use super::source_text;

/// Replaces every elided lifetime in `ty` by `'static`; the error for the first borrowed
/// type found, if any.
pub(super) fn make_static(ty: &mut Type) -> Option<syn::Error> {
    let mut first = None;
    visit(ty, &mut first);
    first
}

fn visit(ty: &mut Type, first: &mut Option<syn::Error>) {
    match ty {
        Type::Reference(reference) => {
            let elided = reference
                .lifetime
                .as_ref()
                .is_none_or(|lifetime| lifetime.ident == "_");
            if elided {
                if first.is_none() {
                    *first = Some(borrowed_error(reference));
                }
                reference.lifetime = Some(Lifetime::new("'static", reference.and_token.span));
            }
            visit(&mut reference.elem, first);
        }
        Type::Path(path) => {
            if let Some(qself) = &mut path.qself {
                visit(&mut qself.ty, first);
            }
            for segment in &mut path.path.segments {
                match &mut segment.arguments {
                    PathArguments::AngleBracketed(args) => {
                        for arg in &mut args.args {
                            match arg {
                                GenericArgument::Type(ty) => visit(ty, first),
                                GenericArgument::AssocType(assoc) => visit(&mut assoc.ty, first),
                                GenericArgument::Lifetime(lifetime) if lifetime.ident == "_" => {
                                    *lifetime = Lifetime::new("'static", lifetime.apostrophe);
                                    if first.is_none() {
                                        *first = Some(syn::Error::new_spanned(
                                            &*lifetime,
                                            "a channel payload must be owned or `'static`: write `'static` here or use an owned type",
                                        ));
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    PathArguments::Parenthesized(args) => {
                        args.inputs.iter_mut().for_each(|ty| visit(ty, first));
                        if let ReturnType::Type(_, ty) = &mut args.output {
                            visit(ty, first);
                        }
                    }
                    PathArguments::None => {}
                }
            }
        }
        Type::Tuple(tuple) => tuple.elems.iter_mut().for_each(|ty| visit(ty, first)),
        Type::Array(array) => visit(&mut array.elem, first),
        Type::Slice(slice) => visit(&mut slice.elem, first),
        Type::Paren(paren) => visit(&mut paren.elem, first),
        Type::Group(group) => visit(&mut group.elem, first),
        _ => {}
    }
}

/// `&str` → `String`, `&[T]` → `Vec<T>`, `&T` → `T`.
fn borrowed_error(reference: &TypeReference) -> syn::Error {
    let elem = &reference.elem;
    let owned = match &**elem {
        Type::Path(path) if path.path.is_ident("str") => "String".to_string(),
        Type::Path(path) if path.path.is_ident("Path") => "PathBuf".to_string(),
        Type::Slice(slice) => format!("Vec<{}>", source_text(&slice.elem)),
        other => source_text(other),
    };
    let mutability = if reference.mutability.is_some() {
        "mut "
    } else {
        ""
    };
    syn::Error::new_spanned(
        reference,
        format!(
            "a channel payload must be owned or `'static` (it moves to another task); write `{owned}` or `&'static {mutability}{}`",
            source_text(elem)
        ),
    )
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    fn fixed(ty: &str) -> (String, Option<String>) {
        let mut ty: Type = syn::parse_str(ty).expect("a type");
        let error = make_static(&mut ty).map(|error| error.to_string());
        (ty.to_token_stream().to_string(), error)
    }

    #[test]
    fn elided_lifetimes_become_static_with_one_error() {
        let (ty, error) = fixed("Vec<(&str, &[u8])>");
        assert_eq!(ty, "Vec < (& 'static str , & 'static [u8]) >");
        assert!(error
            .expect("an error")
            .contains("write `String` or `&'static str`"));
    }

    #[test]
    fn named_and_static_lifetimes_are_left_alone() {
        assert_eq!(fixed("&'a str").1, None);
        assert_eq!(fixed("&'static [u8]").1, None);
        assert_eq!(fixed("Box<dyn Fn(u8) -> u8 + Send>").1, None);
    }

    #[test]
    fn a_slice_reads_as_a_vec() {
        let (_, error) = fixed("&[u32]");
        assert!(error
            .expect("an error")
            .contains("write `Vec<u32>` or `&'static [u32]`"));
    }
}
