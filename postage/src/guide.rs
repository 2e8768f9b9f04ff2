//! Guides: which channel to use, and how to move a program over from postage 0.5 or from
//! `tokio::sync`. Their examples run as doctests.
//!
//! - [`choosing`]: each channel kind, when to use it, and its nearest equivalent in tokio,
//!   flume, crossbeam and async-broadcast.
//! - [`migrating_from_v05`]: every item of postage 0.5 and what it became.
//! - [`migrating_from_tokio`]: the API map from `tokio::sync`, and the semantic differences.

#[doc = include_str!("guide/choosing.md")]
pub mod choosing {}

#[doc = include_str!("guide/migrating_from_v05.md")]
pub mod migrating_from_v05 {}

#[doc = include_str!("guide/migrating_from_tokio.md")]
pub mod migrating_from_tokio {}
