//! The two buffers a broadcast channel may have behind the same handles: the lossless
//! [`SlotRing`] (a full buffer makes senders wait) and the [`LaggingRing`] (a full buffer
//! overwrites its oldest message).
//!
//! The handles call one set of methods; each forwards to the ring of the channel, and a
//! method that means nothing for one of them (waiting for room, reservations) is the trivial
//! case there: on a lagging channel a send never waits, so a permit is granted at once and
//! holds no capacity.

use std::fmt;
use std::task::{Context, Poll, Waker};

use crate::core::closing::Closing;
use crate::core::lagging::LaggingRing;
use crate::core::permit::Reservations;
use crate::core::ring::SlotRing;
use crate::core::waiters::WaitKey;
use crate::error::{SendError, TrySendError};
use crate::sink::PollSend;
use crate::stream::{PollRecv, TryRecvError};

// The buffer lives in the channel's one `Arc` and keeps its variant for life; boxing the
// larger ring would add a pointer chase to every operation of the lossless channel.
#[allow(clippy::large_enum_variant)]
pub(super) enum Buffer<T> {
    Lossless(SlotRing<T>),
    Lagging(LaggingRing<T>),
}

/// Runs `$body` with `$ring` bound to whichever ring `$buffer` holds, for the methods both
/// rings have with the same signature.
macro_rules! either {
    ($buffer:expr, $ring:ident => $body:expr) => {
        match $buffer {
            Buffer::Lossless($ring) => $body,
            Buffer::Lagging($ring) => $body,
        }
    };
}

impl<T> Buffer<T> {
    #[inline]
    pub(super) fn lossless(capacity: usize, receivers: usize) -> Self {
        Buffer::Lossless(SlotRing::with_receivers(capacity, receivers))
    }

    pub(super) fn lagging(capacity: usize, receivers: usize) -> Self {
        Buffer::Lagging(LaggingRing::with_receivers(capacity, receivers))
    }

    pub(super) fn closing(&self) -> &Closing {
        either!(self, ring => &ring.closing)
    }

    pub(super) fn capacity(&self) -> usize {
        either!(self, ring => ring.capacity())
    }

    pub(super) fn len(&self) -> usize {
        either!(self, ring => ring.len())
    }

    pub(super) fn unread(&self, pos: u64) -> usize {
        either!(self, ring => ring.unread(pos))
    }

    pub(super) fn is_closed(&self) -> bool {
        either!(self, ring => ring.is_closed())
    }

    pub(super) fn add_sender(&self) {
        either!(self, ring => ring.add_sender())
    }

    pub(super) fn revive_sender(&self) -> bool {
        either!(self, ring => ring.revive_sender())
    }

    pub(super) fn sender_count(&self) -> usize {
        either!(self, ring => ring.sender_count())
    }

    pub(super) fn receiver_count(&self) -> usize {
        either!(self, ring => ring.receiver_count())
    }

    pub(super) fn subscribe(&self) -> u64 {
        either!(self, ring => ring.subscribe())
    }

    pub(super) fn add_inactive(&self) {
        either!(self, ring => ring.add_inactive())
    }

    pub(super) fn forget_receiver(&self, key: &mut Option<WaitKey>) {
        either!(self, ring => ring.forget_receiver(key))
    }

    pub(super) fn cancel_recv(&self, key: &mut Option<WaitKey>) {
        either!(self, ring => ring.cancel_recv(key))
    }

    pub(super) fn is_terminated(&self, pos: u64) -> bool {
        either!(self, ring => ring.is_terminated(pos))
    }

    pub(super) fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        either!(self, ring => ring.debug_fields(f))
    }

    /// Adds a receiver at the same position as an existing one.
    pub(super) fn clone_receiver(&self, pos: u64) {
        match self {
            Buffer::Lossless(ring) => ring.clone_receiver(pos),
            Buffer::Lagging(ring) => ring.clone_receiver(),
        }
    }

    /// Drops the receiver at `pos` and its registration.
    pub(super) fn drop_receiver(&self, pos: u64, key: &mut Option<WaitKey>) {
        match self {
            Buffer::Lossless(ring) => ring.drop_receiver(pos, key),
            Buffer::Lagging(ring) => ring.forget_receiver(key),
        }
    }

    /// Drops a sender handle along with its registration and reservation.
    pub(super) fn drop_sender(&self, key: &mut Option<WaitKey>, permit: &mut bool) {
        match self {
            Buffer::Lossless(ring) => ring.drop_sender(key, permit),
            Buffer::Lagging(ring) => ring.drop_sender(),
        }
    }

    pub(super) fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        match self {
            Buffer::Lossless(ring) => ring.try_send(value),
            Buffer::Lagging(ring) => ring.send(value).map_err(TrySendError::Closed),
        }
    }

    pub(super) fn poll_send(
        &self,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
        value: T,
    ) -> PollSend<T> {
        match self {
            Buffer::Lossless(ring) => ring.poll_send(key, cx, value),
            Buffer::Lagging(ring) => match ring.send(value) {
                Ok(()) => PollSend::Ready,
                Err(value) => PollSend::Rejected(value),
            },
        }
    }

    /// An abandoned pending send (a lagging send is never pending).
    pub(super) fn cancel_send(&self, key: &mut Option<WaitKey>) {
        if let Buffer::Lossless(ring) = self {
            ring.cancel_send(key);
        }
    }

    /// `futures_sink::Sink::poll_ready`. A lagging channel is always ready and reserves
    /// nothing.
    pub(super) fn poll_reserve(
        &self,
        key: &mut Option<WaitKey>,
        permit: &mut bool,
        cx: &mut Context<'_>,
    ) -> Poll<()> {
        match self {
            Buffer::Lossless(ring) => ring.poll_reserve(key, permit, cx),
            Buffer::Lagging(_) => Poll::Ready(()),
        }
    }

    /// `futures_sink::Sink::start_send`.
    pub(super) fn send_reserved(&self, permit: &mut bool, value: T) -> Result<(), SendError<T>> {
        match self {
            Buffer::Lossless(ring) => ring.send_reserved(permit, value),
            Buffer::Lagging(ring) => ring.send(value).map_err(SendError),
        }
    }
}

/// Permits: a lossless channel reserves ring slots; a lagging one grants every permit at
/// once while a receiver exists, holds no capacity for it, and has no size limit for
/// `reserve_many`.
impl<T> Reservations for Buffer<T> {
    type Item = T;

    fn capacity(&self) -> usize {
        match self {
            Buffer::Lossless(ring) => ring.capacity(),
            Buffer::Lagging(_) => usize::MAX,
        }
    }

    fn try_reserve_slots(&self, n: usize) -> Result<(), TrySendError<()>> {
        match self {
            Buffer::Lossless(ring) => ring.try_reserve_slots(n),
            Buffer::Lagging(ring) if ring.receiver_count() == 0 => Err(TrySendError::Closed(())),
            Buffer::Lagging(_) => Ok(()),
        }
    }

    fn poll_reserve_slots(&self, key: &mut Option<WaitKey>, n: usize, waker: &Waker) -> Poll<bool> {
        match self {
            Buffer::Lossless(ring) => ring.poll_reserve_slots(key, n, waker),
            Buffer::Lagging(ring) => Poll::Ready(ring.receiver_count() > 0),
        }
    }

    fn cancel_reserve_slots(&self, key: &mut Option<WaitKey>) {
        if let Buffer::Lossless(ring) = self {
            ring.cancel_reserve_slots(key);
        }
    }

    fn send_reserved_slot(&self, value: T) {
        match self {
            Buffer::Lossless(ring) => ring.send_reserved_slot(value),
            Buffer::Lagging(ring) => drop(ring.send(value)),
        }
    }

    fn release_slots(&self, n: usize) {
        if let Buffer::Lossless(ring) = self {
            ring.release_slots(n);
        }
    }
}

impl<T: Clone> Buffer<T> {
    /// Receives for the receiver at `pos`; a lagging channel counts what it skips into
    /// `lagged`.
    pub(super) fn poll_recv(
        &self,
        pos: &mut u64,
        lagged: &mut u64,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
    ) -> PollRecv<T> {
        match self {
            Buffer::Lossless(ring) => ring.poll_recv(pos, key, cx),
            Buffer::Lagging(ring) => ring.poll_recv(pos, lagged, key, cx),
        }
    }

    pub(super) fn try_recv(&self, pos: &mut u64, lagged: &mut u64) -> Result<T, TryRecvError> {
        match self {
            Buffer::Lossless(ring) => ring.try_recv(pos),
            Buffer::Lagging(ring) => ring.try_recv(pos, lagged),
        }
    }
}
