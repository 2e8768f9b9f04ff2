//! Snapshot tests of the expansions: one declaration per kind (and the derive form),
//! expanded and compared with `tests/snapshots/<name>.txt`. Run with `UPDATE_SNAPSHOTS=1`
//! to rewrite the files after an intended change, then review the diff.
//!
//! The text is `proc_macro2`'s rendering, broken after each `;` and around each brace
//! group (indented by depth) so diffs stay readable.

use std::path::PathBuf;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::{expand_channel, expand_derive};

/// Renders tokens one statement or item header per line, indenting brace groups.
fn render(tokens: TokenStream, depth: usize, out: &mut String) {
    let indent = "    ".repeat(depth);
    let mut pending = TokenStream::new();
    let flush = |pending: &mut TokenStream, out: &mut String, tail: &str| {
        let text = std::mem::take(pending).to_string();
        if !text.is_empty() || !tail.is_empty() {
            let gap = if text.is_empty() || tail.is_empty() {
                ""
            } else {
                " "
            };
            out.push_str(&format!("{indent}{text}{gap}{tail}\n"));
        }
    };
    for tree in tokens {
        match tree {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                flush(&mut pending, out, "{");
                render(group.stream(), depth + 1, out);
                out.push_str(&format!("{indent}}}\n"));
            }
            TokenTree::Punct(punct) if punct.as_char() == ';' => {
                pending.extend([TokenTree::Punct(punct)]);
                flush(&mut pending, out, "");
            }
            tree => pending.extend([tree]),
        }
    }
    flush(&mut pending, out, "");
}

fn pretty(tokens: TokenStream) -> String {
    let mut out = String::new();
    render(tokens, 0, &mut out);
    out
}

fn check(name: &str, expansion: TokenStream) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "snapshots", name]
        .iter()
        .collect();
    let actual = pretty(expansion);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_SNAPSHOTS=1", path.display()));
    assert!(
        expected == actual,
        "expansion differs from {}; run with UPDATE_SNAPSHOTS=1 and review the diff\n{actual}",
        path.display()
    );
}

#[test]
fn mpsc_expansion() {
    check(
        "mpsc.txt",
        expand_channel(quote!(::postage; pub Jobs: mpsc<Job, 64>)),
    );
}

#[test]
fn broadcast_expansion() {
    check(
        "broadcast.txt",
        expand_channel(quote!(::postage; pub(crate) Events: broadcast<u32, EVENTS>)),
    );
}

#[test]
fn dispatch_expansion() {
    check(
        "dispatch.txt",
        expand_channel(quote!(::postage; Work: dispatch<Task, { 2 * WORKERS }>)),
    );
}

#[test]
fn watch_expansion() {
    check(
        "watch.txt",
        expand_channel(quote!(::postage; Config: watch<Settings> = Settings::load())),
    );
}

#[test]
fn oneshot_expansion() {
    check(
        "oneshot.txt",
        expand_channel(quote!(::postage; Reply<T>: oneshot<Result<T, String>>)),
    );
}

#[test]
fn barrier_expansion() {
    check(
        "barrier.txt",
        expand_channel(quote!(::postage; #[doc = " Stops everything."] pub Shutdown: barrier)),
    );
}

#[test]
fn derive_expansion() {
    check(
        "derive.txt",
        expand_derive(quote! {
            #[channel(mpsc, capacity = 8, name = Commands)]
            pub enum Command { Start, Stop }
        }),
    );
}

#[test]
fn error_expansion_keeps_the_generated_names() {
    check(
        "error.txt",
        expand_channel(quote!(::postage; Jobs: queue<u32, 4>; Reply: oneshot<u8, 0>)),
    );
}
