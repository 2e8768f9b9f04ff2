//! Snapshot tests of the expansions: one declaration per kind (and the derive form),
//! expanded and compared with `tests/snapshots/<name>.txt`. Run with `UPDATE_SNAPSHOTS=1`
//! to rewrite the files after an intended change, then review the diff.
//!
//! The text is the expansion formatted by `prettyplease`, so a diff reads like code.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::{expand_channel, expand_derive};

/// The expansion as `prettyplease` formats it, so a snapshot reads (and diffs) like code.
fn pretty(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("the expansion is a list of items");
    prettyplease::unparse(&file)
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
fn bundle_expansion() {
    check(
        "bundle.txt",
        expand_channel(quote! {
            ::postage;
            pub bundle App {
                /// Work for the pool.
                jobs: mpsc<Job, 64>,
                shutdown: barrier,
            }
        }),
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
fn request_expansion() {
    check(
        "request.txt",
        expand_derive(quote! {
            #[channel(mpsc, capacity = 32)]
            pub enum Kv {
                Get { key: String, #[reply] reply: postage::oneshot::Sender<Option<u64>> },
                Swap(String, #[reply] postage::oneshot::Sender<u64>),
                Stop,
            }
        }),
    );
}

#[test]
fn unbounded_expansion() {
    check(
        "unbounded.txt",
        expand_channel(quote!(::postage; pub Jobs: mpsc<Job, unbounded>)),
    );
}

#[test]
fn lagging_expansion() {
    check(
        "lagging.txt",
        expand_derive(quote! {
            #[derive(Clone)]
            #[channel(broadcast, capacity = 16, lagging)]
            pub struct Tick(u64);
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
