//! The runtime constructors of the `unbounded` (mpsc, dispatch) and `lagging` (broadcast)
//! forms, kept apart from the standard ones: they call `__private::mpsc::unbounded`,
//! `__private::dispatch::unbounded` and `__private::BroadcastPayload::lagging`, the
//! runtime's `mpsc::unbounded()`, `dispatch::unbounded()` and `broadcast::lagging(capacity)`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{module, payload_op, private};
use crate::validate::{Channel, Mode};

/// `(sender, receiver)` of the runtime channel of an unbounded or lagging `channel`
/// (`capacity` for lagging); `None` for a standard one.
pub(super) fn runtime_channel(channel: &Channel, capacity: &TokenStream) -> Option<TokenStream> {
    let p = private(channel);
    let payload = &channel.payload;
    match channel.mode {
        Mode::Standard => None,
        Mode::Unbounded => {
            let module = module(channel.kind);
            Some(quote!(#p::#module::unbounded::<#payload>()))
        }
        Mode::Lagging => {
            let make = payload_op(channel, "BroadcastPayload", "lagging");
            Some(quote!(#make(#capacity)))
        }
    }
}

/// How the docs describe the mode: `unbounded ` or `lagging ` before the kind, and a
/// sentence on what it changes.
pub(super) fn describe(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Standard => ("", ""),
        Mode::Unbounded => (
            "unbounded ",
            " A send never waits: the buffer grows with the backlog and shrinks when it is received.",
        ),
        Mode::Lagging => (
            "lagging ",
            " A full buffer overwrites its oldest message instead of making senders wait; a receiver that fell behind skips what was overwritten (`lagged()` on the runtime receiver counts it).",
        ),
    }
}
