//! The two traits, brought into scope without their names, for `use postage::prelude::*;`.
//!
//! The glob import makes the methods of [`Sink`](crate::sink::Sink) and
//! [`Stream`](crate::stream::Stream) callable on every channel handle and combinator —
//! `recv`, `try_recv`, `blocking_recv`, `map`, `filter`, `merge`, `send`, `chain`, … — but
//! imports the names as `_`, as `futures::prelude` does for its extension traits. So both
//! preludes can be glob-imported side by side without an ambiguous name:
//!
//! ```
//! #![deny(warnings)]
//! use futures::prelude::*;
//! use postage::prelude::*;
//!
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::mpsc::channel(4);
//! tx.send(1).await.unwrap();
//! drop(tx);
//! assert_eq!(rx.recv().await, Some(1)); // postage's `recv`
//! assert_eq!(rx.next().await, None); // futures' `StreamExt::next`
//! # });
//! ```
//!
//! # When both crates have a method of the same name
//!
//! A handle implements both crates' traits, so a method that both define — `map`, `filter`,
//! `chain` on receivers and streams, `send` on sink combinators — is ambiguous with both
//! preludes in scope (error E0034). Name the trait to pick one:
//!
//! ```
//! use futures::prelude::*;
//! use postage::prelude::*;
//!
//! # futures::executor::block_on(async {
//! let (tx, rx) = postage::mpsc::channel(4);
//! tx.send(3).await.unwrap();
//! drop(tx);
//! // postage's combinator: a postage `Stream`, with `recv`, `try_recv`, `blocking_recv`.
//! let mut doubled = postage::stream::Stream::map(rx, |n| n * 2);
//! assert_eq!(doubled.recv().await, Some(6));
//!
//! let (tx, rx) = postage::mpsc::channel(4);
//! tx.send(3).await.unwrap();
//! drop(tx);
//! // futures' combinator: a futures `Stream`, with `next`, `collect`, ….
//! let tripled: Vec<i32> = futures::StreamExt::map(rx, |n| n * 3).collect().await;
//! assert_eq!(tripled, [9]);
//! # });
//! ```
//!
//! To name the traits themselves (in bounds, or for `Trait::method(..)` calls), import them
//! from their modules: `use postage::stream::Stream;`, `use postage::sink::Sink;`.
//!
//! ```
//! use postage::prelude::*;
//! use postage::stream::Stream;
//!
//! fn first<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
//!     stream.try_recv().ok()
//! }
//!
//! assert_eq!(first(&mut postage::stream::once(1)), Some(1));
//! ```

pub use crate::sink::Sink as _;
pub use crate::stream::Stream as _;
