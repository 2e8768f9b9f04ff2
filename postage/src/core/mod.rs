//! The algorithms behind the channels, apart from their public handles.
//!
//! Each file here is one self-contained core with its invariants written at its top; the
//! channel modules (`mpsc`, `broadcast`, …) hold the public API and semantics and reach the
//! cores only through `pub(crate)` items.
//!
//! - [`queue`]: the FIFO behind `mpsc` and `dispatch`, over a [`buffer`]: [`array`](mod@array), the
//!   bounded lock-free slots, or [`list`], the unbounded lock-free blocks.
//! - [`ring`]: the lossless broadcast ring.
//! - [`lagging`]: the broadcast ring that overwrites its oldest message when full.
//! - [`versioned`]: the versioned value cell behind `watch`.
//! - [`oneshot_slot`]: the single-allocation atomic slot behind `oneshot`.
//! - [`permit`]: the permits of every bounded channel, written once.
//! - [`waiters`]: waker lists and the batch that wakes them outside a lock.
//! - [`waker_cell`]: the lock-free waker of the one receiver of an mpsc.
//! - [`padded`]: a value alone on its cache line.
//! - [`closing`]: the "no receiver left" signal behind `closed()`.

pub(crate) mod array;
pub(crate) mod buffer;
pub(crate) mod closing;
pub(crate) mod lagging;
pub(crate) mod list;
pub(crate) mod oneshot_slot;
pub(crate) mod padded;
pub(crate) mod permit;
pub(crate) mod queue;
pub(crate) mod ring;
pub(crate) mod versioned;
pub(crate) mod waiters;
pub(crate) mod waker_cell;
