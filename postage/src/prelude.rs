//! The two traits, for `use postage::prelude::*;`.
//!
//! ```
//! use postage::prelude::*;
//!
//! let (mut tx, mut rx) = postage::mpsc::channel(1);
//! Sink::try_send(&mut tx, 1).unwrap();
//! assert_eq!(Stream::try_recv(&mut rx), Ok(1));
//! ```

pub use crate::sink::Sink;
pub use crate::stream::Stream;
