//! Docs, visibility, `cfg`, lint and `deprecated` attributes carry over to every item, and
//! the generated items satisfy `missing_docs`, `missing_debug_implementations`,
//! `rust_2018_idioms` and `unsafe_code` denied in the user's crate.

#![deny(missing_docs, missing_debug_implementations, rust_2018_idioms, unsafe_code)]

/// The public channels.
pub mod channels {
    postage::channel! {
        /// Jobs for the workers.
        ///
        /// Second paragraph.
        pub Jobs: mpsc<u32, 8>;

        /// Never compiled in.
        #[cfg(any())]
        pub Missing: mpsc<NoSuchType, 8>;

        /// Kept for old callers.
        #[deprecated(note = "use Jobs")]
        pub Legacy: oneshot<u8>;

        /// Unused on purpose.
        #[allow(dead_code)]
        pub(crate) Quiet: barrier;
    }
}

#[allow(deprecated)]
fn legacy() -> channels::LegacyReceiver {
    let (tx, rx) = channels::Legacy::channel();
    tx.send(1).unwrap();
    rx
}

fn main() {
    let (tx, mut rx) = channels::Jobs::channel();
    tx.try_send(3).unwrap();
    assert_eq!(rx.try_recv(), Ok(3));
    let debug = format!("{tx:?}");
    assert!(debug.starts_with("JobsSender("), "{debug}");
    let mut legacy = legacy();
    assert_eq!(legacy.try_recv(), Ok(1));
}
