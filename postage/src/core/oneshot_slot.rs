//! The one allocation behind a oneshot channel: the value, the receiver's waker, the
//! sender's `closed()` waker and one atomic state word. No lock, no reference count beside
//! the state word: for a `u64` payload the allocation is 48 bytes.
//!
//! State bits (all transitions are single atomic read-modify-writes on `state`):
//! - `VALUE`: the sender published a value in `value`.
//! - `TX_DONE`: the sender sent or is gone; no value can arrive after this.
//! - `RX_GONE`: the receiver is gone; sends fail and `closed()` resolves.
//! - `RX_TASK` / `TX_TASK`: the receiver's / sender's waker cell holds a waker that the other
//!   side may wake.
//! - `TX_HANDLE` / `RX_HANDLE`: the sender / receiver still uses the allocation. Whoever
//!   clears the last of the two frees it; `RX_HANDLE` is never cleared before `RX_GONE` is set.
//!
//! Invariants (who may touch which cell):
//! - `value`: the sender writes it only before setting `VALUE`. The receiver reads it only
//!   after seeing `VALUE`, at most once (`RxSlot::taken`). Who owns a published value is
//!   decided by the order of the two operations that set `VALUE` and `RX_GONE`: if `VALUE`
//!   came first the receiver owns (and, when leaving, drops) it; otherwise the sender takes it
//!   back and hands it to the caller. Freeing the allocation never drops the value.
//! - A waker cell is written only by its owner (`rx_waker`: the receiver, `tx_waker`: the
//!   sender) while its `*_TASK` bit is clear and the other side has not completed (`TX_DONE`
//!   for the receiver, `RX_GONE` for the sender). The other side reads it (`wake_by_ref`)
//!   only after completing while the `*_TASK` bit was set; from then on the owner never writes
//!   it again. Freeing the allocation drops the wakers.

use std::mem::MaybeUninit;
use std::ptr::{self, NonNull};
use std::task::{Context, Poll, Waker};

use crate::core::closing::CloseSignal;
use crate::core::waiters::WaitKey;
use crate::stream::PollRecv;
use crate::sync::{AtomicUsize, Ordering, UnsafeCell};

const VALUE: usize = 1;
const TX_DONE: usize = 1 << 1;
const RX_GONE: usize = 1 << 2;
const RX_TASK: usize = 1 << 3;
const TX_TASK: usize = 1 << 4;
const TX_HANDLE: usize = 1 << 5;
const RX_HANDLE: usize = 1 << 6;

struct Inner<T> {
    signals: Signals,
    value: UnsafeCell<MaybeUninit<T>>,
    rx_waker: UnsafeCell<Option<Waker>>,
}

/// The part of the allocation that holds no `T`: what a sender's `closed()` future uses.
pub(crate) struct Signals {
    state: AtomicUsize,
    tx_waker: UnsafeCell<Option<Waker>>,
}

// SAFETY: `Signals` holds no `T`; its waker cell is only accessed under the waker protocol
// of the module invariants.
unsafe impl Sync for Signals {}

/// A new channel's two halves.
pub(crate) fn slots<T>() -> (TxSlot<T>, RxSlot<T>) {
    // Written field by field into the allocation: built whole, `Inner` was assembled on
    // the stack and copied over, and the copy's wide loads of narrow stores stalled.
    let mut inner = Box::<Inner<T>>::new_uninit();
    let fields = inner.as_mut_ptr();
    // SAFETY: `fields` points to the new allocation, and every field is written before
    // `assume_init`.
    let inner = unsafe {
        ptr::addr_of_mut!((*fields).signals).write(Signals {
            state: AtomicUsize::new(TX_HANDLE | RX_HANDLE),
            tx_waker: UnsafeCell::new(None),
        });
        ptr::addr_of_mut!((*fields).value).write(UnsafeCell::new(MaybeUninit::uninit()));
        ptr::addr_of_mut!((*fields).rx_waker).write(UnsafeCell::new(None));
        inner.assume_init()
    };
    let inner = NonNull::from(Box::leak(inner));
    (
        TxSlot {
            inner,
            released: false,
        },
        RxSlot {
            inner,
            taken: false,
        },
    )
}

/// Frees the allocation.
///
/// # Safety
///
/// The caller cleared the last handle bit: no other handle uses `inner` any more.
unsafe fn free<T>(inner: NonNull<Inner<T>>) {
    // SAFETY: `inner` came from `Box::leak` in `slots` and, by the caller's guarantee, nobody
    // else refers to it. Dropping the box drops the waker cells; the value cell is a
    // `MaybeUninit`, whose owner (see the module invariants) has already moved it out.
    drop(unsafe { Box::from_raw(inner.as_ptr()) });
}

/// Registers `waker` in `cell` following the module's waker protocol: `task` is the owner's
/// `*_TASK` bit, `done` the other side's completion bit. Returns the state word seen once
/// the other side completed, or `None` while the registration stands.
fn register(
    state: &AtomicUsize,
    cell: &UnsafeCell<Option<Waker>>,
    task: usize,
    done: usize,
    waker: &Waker,
) -> Option<usize> {
    let current = state.load(Ordering::Acquire);
    if current & done != 0 {
        return Some(current);
    }
    if current & task != 0 {
        let same = cell.with(|slot| {
            // SAFETY: the caller owns this waker cell, and only its owner ever writes it (the
            // waker-cell invariant in the module docs); the other side at most reads it, so a
            // shared read here races with nothing.
            unsafe { &*slot }
                .as_ref()
                .is_some_and(|w| w.will_wake(waker))
        });
        if same {
            return None;
        }
        let prev = state.fetch_and(!task, Ordering::AcqRel);
        if prev & done != 0 {
            // The other side completed while the bit was set and may be reading the cell.
            return Some(prev);
        }
    }
    // SAFETY: the task bit is clear and the other side has not completed, so it does not
    // read the cell; only the owner (the caller) writes it.
    cell.with_mut(|slot| unsafe { *slot = Some(waker.clone()) });
    let prev = state.fetch_or(task, Ordering::AcqRel);
    (prev & done != 0).then_some(prev)
}

/// Wakes the waker in `cell` if `prev` (the state before the caller completed) shows it was
/// registered.
fn wake_registered(prev: usize, task: usize, cell: &UnsafeCell<Option<Waker>>) {
    if prev & task != 0 {
        cell.with(|slot| {
            // SAFETY: the caller completed (set its completion bit) while `task` was set, so by
            // the waker-cell invariant in the module docs the owner never writes the cell
            // again; the caller's handle bit keeps the allocation alive.
            if let Some(waker) = unsafe { &*slot } {
                waker.wake_by_ref();
            }
        });
    }
}

/// The sender's hold on the allocation.
pub(crate) struct TxSlot<T> {
    inner: NonNull<Inner<T>>,
    /// The handle bit was already cleared (by `send_and_release`).
    released: bool,
}

// SAFETY: the slot moves a `T` to the receiver's thread; every shared access goes through the
// state word and the cell protocol of the module invariants.
unsafe impl<T: Send> Send for TxSlot<T> {}
// SAFETY: through `&TxSlot` only the `Signals` (no `T`) are used.
unsafe impl<T: Send> Sync for TxSlot<T> {}

impl<T> TxSlot<T> {
    fn inner(&self) -> &Inner<T> {
        // SAFETY: `TX_HANDLE` is set while this slot exists and has not released it, and the
        // allocation is only freed once both handle bits are clear.
        unsafe { self.inner.as_ref() }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.signals().is_closed()
    }

    /// What the sender's `closed()` future waits on.
    pub(crate) fn signals(&self) -> &Signals {
        &self.inner().signals
    }

    /// Publishes `value` and wakes the receiver; `Err(value)` when the receiver is gone. The
    /// caller sends at most once.
    pub(crate) fn send(&mut self, value: T) -> Result<(), T> {
        let inner = self.inner();
        if inner.signals.state.load(Ordering::Acquire) & RX_GONE != 0 {
            return Err(value);
        }
        self.write(value);
        let prev = inner
            .signals
            .state
            .fetch_or(VALUE | TX_DONE, Ordering::AcqRel);
        if prev & RX_GONE != 0 {
            return Err(self.take_back());
        }
        wake_registered(prev, RX_TASK, &inner.rx_waker);
        Ok(())
    }

    /// [`send`](Self::send) for a sender that is done with the channel: when no receiver
    /// waker needs waking, publishing and releasing the allocation are one atomic operation.
    pub(crate) fn send_and_release(mut self, value: T) -> Result<(), T> {
        // The value is the sender's until `VALUE` is published, so it can be written before
        // the state is even read; the first exchange guesses the usual state (both handles,
        // nothing else) and learns the real one if the guess is wrong.
        self.write(value);
        let inner = self.inner();
        let mut prev = TX_HANDLE | RX_HANDLE;
        while prev & (RX_TASK | RX_GONE) == 0 {
            let next = (prev | VALUE | TX_DONE) & !TX_HANDLE;
            match inner.signals.state.compare_exchange(
                prev,
                next,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    // `RX_GONE` was clear, so `RX_HANDLE` is set: the receiver frees.
                    self.released = true;
                    return Ok(());
                }
                Err(actual) => prev = actual,
            }
        }
        if prev & RX_GONE != 0 {
            // Nothing was published: the value is still the sender's.
            return Err(self.take_back());
        }
        let prev = inner
            .signals
            .state
            .fetch_or(VALUE | TX_DONE, Ordering::AcqRel);
        if prev & RX_GONE != 0 {
            return Err(self.take_back());
        }
        wake_registered(prev, RX_TASK, &inner.rx_waker);
        Ok(())
    }

    /// Marks the sender done without a value and wakes the receiver. When no receiver waker
    /// needs waking, this also releases the allocation, in the same atomic operation (the
    /// slot's `Drop` then has nothing left to do).
    pub(crate) fn close(&mut self) {
        let inner = self.inner();
        // The usual state when a sender goes: both handles, nothing else.
        let quiet = TX_HANDLE | RX_HANDLE;
        if inner
            .signals
            .state
            .compare_exchange(
                quiet,
                RX_HANDLE | TX_DONE,
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
        {
            // `RX_GONE` was clear, so `RX_HANDLE` is set: the receiver frees.
            self.released = true;
            return;
        }
        let prev = inner.signals.state.fetch_or(TX_DONE, Ordering::AcqRel);
        if prev & RX_GONE == 0 {
            wake_registered(prev, RX_TASK, &inner.rx_waker);
        }
    }

    fn write(&self, value: T) {
        // SAFETY: `VALUE` is not set yet, so the receiver does not read the cell, and only
        // this (single) sender writes it.
        self.inner()
            .value
            .with_mut(|cell| unsafe { (*cell).write(value) });
    }

    fn take_back(&self) -> T {
        // SAFETY: the sender wrote the value just before, and `RX_GONE` was set before any
        // `VALUE` of the sender's: the receiver never reads it.
        self.inner()
            .value
            .with(|cell| unsafe { (*cell).assume_init_read() })
    }
}

impl CloseSignal for Signals {
    fn is_closed(&self) -> bool {
        self.state.load(Ordering::Acquire) & RX_GONE != 0
    }

    fn poll_closed(&self, _: &mut Option<WaitKey>, cx: &mut Context<'_>) -> Poll<()> {
        match register(&self.state, &self.tx_waker, TX_TASK, RX_GONE, cx.waker()) {
            Some(_) => Poll::Ready(()),
            None => Poll::Pending,
        }
    }

    /// The waker stays registered: only the sender registers, and a receiver leaving later
    /// merely wakes it once for nothing.
    fn forget(&self, _: &mut Option<WaitKey>) {}
}

impl<T> Drop for TxSlot<T> {
    fn drop(&mut self) {
        if self.released {
            return;
        }
        let prev = self
            .inner()
            .signals
            .state
            .fetch_and(!TX_HANDLE, Ordering::AcqRel);
        if prev & RX_HANDLE == 0 {
            // SAFETY: both handle bits are now clear.
            unsafe { free(self.inner) };
        }
    }
}

/// Moves the published value out for the receiver.
///
/// The caller saw `VALUE` (with acquire ordering, after the sender's write) and `taken` is
/// clear: the value is initialised, owned by the receiver, and read this once.
fn take_value<T>(inner: &Inner<T>, taken: &mut bool) -> T {
    debug_assert!(!*taken);
    *taken = true;
    // SAFETY: see above.
    inner
        .value
        .with(|cell| unsafe { (*cell).assume_init_read() })
}

/// The receiver's hold on the allocation.
pub(crate) struct RxSlot<T> {
    inner: NonNull<Inner<T>>,
    /// The value was moved out.
    taken: bool,
}

// SAFETY: as for `TxSlot`: a `T` moves between threads, shared state goes through the
// state word and the cell protocol.
unsafe impl<T: Send> Send for RxSlot<T> {}
// SAFETY: through `&RxSlot` only the state word is read.
unsafe impl<T: Send> Sync for RxSlot<T> {}

impl<T> RxSlot<T> {
    fn inner(&self) -> &Inner<T> {
        // SAFETY: `RX_HANDLE` is set while this slot exists; see `TxSlot::inner`.
        unsafe { self.inner.as_ref() }
    }

    /// The value if the sender published it (in `state`) and it was not taken yet, else
    /// closed.
    fn complete(&mut self, state: usize) -> PollRecv<T> {
        if state & VALUE != 0 && !self.taken {
            PollRecv::Ready(self.take())
        } else {
            PollRecv::Closed
        }
    }

    fn take(&mut self) -> T {
        let ptr = self.inner;
        // SAFETY: `RX_HANDLE` is set while this slot exists (see `inner`).
        take_value(unsafe { ptr.as_ref() }, &mut self.taken)
    }

    pub(crate) fn poll_recv(&mut self, cx: &Context<'_>) -> PollRecv<T> {
        if self.taken {
            return PollRecv::Closed;
        }
        let state = self.inner().signals.state.load(Ordering::Acquire);
        if state & (VALUE | TX_DONE) != 0 {
            return self.complete(state);
        }
        if cx.waker().will_wake(Waker::noop()) {
            return PollRecv::Pending;
        }
        let inner = self.inner();
        match register(
            &inner.signals.state,
            &inner.rx_waker,
            RX_TASK,
            TX_DONE,
            cx.waker(),
        ) {
            Some(state) => self.complete(state),
            None => PollRecv::Pending,
        }
    }

    /// Whether no value can arrive any more: it was taken, or the sender is done without one.
    pub(crate) fn is_closed(&self) -> bool {
        let state = self.inner().signals.state.load(Ordering::Acquire);
        self.taken || (state & VALUE == 0 && state & TX_DONE != 0)
    }

    /// Whether a receive left a waker for the sender to wake.
    #[cfg(test)]
    pub(crate) fn has_registered_waker(&self) -> bool {
        self.inner().signals.state.load(Ordering::Acquire) & RX_TASK != 0
    }

    /// Whether a value waits to be received.
    pub(crate) fn is_ready(&self) -> bool {
        !self.taken && self.inner().signals.state.load(Ordering::Acquire) & VALUE != 0
    }
}

impl<T> Drop for RxSlot<T> {
    fn drop(&mut self) {
        let ptr = self.inner;
        // SAFETY: `RX_HANDLE` is set until the release below; nothing reads `inner` after it.
        let inner = unsafe { ptr.as_ref() };
        let mut unreceived = None;
        let mut prev = inner.signals.state.load(Ordering::Acquire);
        if prev & TX_HANDLE == 0 {
            // The sender has let go of the allocation for good (its release synchronises
            // with this load): the receiver is its only user and needs no atomic exchange.
            if prev & VALUE != 0 && !self.taken {
                unreceived = Some(take_value(inner, &mut self.taken));
            }
            // SAFETY: the sender's handle bit is clear and this is the receiver's last use.
            unsafe { free(ptr) };
            drop(unreceived);
            return;
        }
        loop {
            if prev & VALUE != 0 && !self.taken {
                // Ours: published before `RX_GONE`. Move it out while the allocation is
                // certainly alive; it is dropped after the handle is released.
                unreceived = Some(take_value(inner, &mut self.taken));
            }
            if prev & TX_TASK != 0 && prev & TX_HANDLE != 0 {
                break;
            }
            let next = (prev | RX_GONE) & !RX_HANDLE;
            match inner.signals.state.compare_exchange_weak(
                prev,
                next,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    if prev & TX_HANDLE == 0 {
                        // SAFETY: both handle bits are now clear.
                        unsafe { free(ptr) };
                    }
                    drop(unreceived);
                    return;
                }
                Err(actual) => prev = actual,
            }
        }
        // A `closed()` waiter is registered: wake it before letting go of the allocation.
        let prev = inner.signals.state.fetch_or(RX_GONE, Ordering::AcqRel);
        if prev & VALUE != 0 && !self.taken {
            unreceived = Some(take_value(inner, &mut self.taken));
        }
        wake_registered(prev, TX_TASK, &inner.signals.tx_waker);
        let prev = inner.signals.state.fetch_and(!RX_HANDLE, Ordering::AcqRel);
        if prev & TX_HANDLE == 0 {
            // SAFETY: both handle bits are now clear.
            unsafe { free(ptr) };
        }
        drop(unreceived);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::closing::ClosedFuture;
    use crate::test_util::{CountingWaker, DropCounter};

    fn cx(waker: &Waker) -> Context<'_> {
        Context::from_waker(waker)
    }

    #[test]
    fn a_u64_channel_is_one_allocation_of_48_bytes() {
        assert_eq!(std::mem::size_of::<Inner<u64>>(), 48);
    }

    #[test]
    fn a_value_the_receiver_never_took_is_dropped_once_by_the_receiver() {
        let counter = DropCounter::new();
        let (mut tx, rx) = slots();
        tx.send(counter.track(1)).unwrap();
        drop(tx);
        assert_eq!(counter.alive(), 1);
        drop(rx);
        assert_eq!(counter.alive(), 0);
    }

    #[test]
    fn a_send_after_the_receiver_left_hands_the_value_back_without_dropping_it() {
        let counter = DropCounter::new();
        let (tx, rx) = slots();
        drop(rx);
        let value = tx.send_and_release(counter.track(2)).unwrap_err();
        assert_eq!((value.id, counter.alive()), (2, 1));
    }

    #[test]
    fn the_receiver_leaving_wakes_a_registered_closed_waiter_and_drops_the_value() {
        let counter = DropCounter::new();
        let waker = CountingWaker::new();
        let (mut tx, rx) = slots();
        let mut closed = ClosedFuture::new(tx.signals());
        assert!(waker.poll(&mut closed).is_pending());
        drop(closed);
        tx.send(counter.track(3)).unwrap();
        drop(rx);
        assert_eq!((waker.count(), counter.alive()), (1, 0));
        assert!(tx.is_closed());
    }

    #[test]
    fn a_closing_sender_wakes_the_waiting_receiver_once_with_closed() {
        let waker = CountingWaker::new();
        let (mut tx, mut rx) = slots::<u8>();
        assert_eq!(rx.poll_recv(&cx(&waker.waker())), PollRecv::Pending);
        assert_eq!(rx.poll_recv(&cx(&waker.waker())), PollRecv::Pending);
        tx.close();
        drop(tx);
        assert_eq!(waker.count(), 1);
        assert_eq!(rx.poll_recv(&cx(&waker.waker())), PollRecv::Closed);
    }

    #[test]
    fn a_sender_closing_quietly_releases_the_allocation_in_the_same_step() {
        let (mut tx, mut rx) = slots::<u8>();
        tx.close();
        assert!(tx.released);
        let state = rx.inner().signals.state.load(Ordering::SeqCst);
        assert_eq!(state, RX_HANDLE | TX_DONE);
        drop(tx);
        assert!(rx.is_closed());
        assert_eq!(rx.poll_recv(&cx(Waker::noop())), PollRecv::Closed);
    }

    #[test]
    fn a_send_to_a_waiting_receiver_takes_the_waking_path_and_delivers() {
        let waker = CountingWaker::new();
        let (tx, mut rx) = slots();
        assert_eq!(rx.poll_recv(&cx(&waker.waker())), PollRecv::Pending);
        assert!(rx.has_registered_waker());
        tx.send_and_release(5).unwrap();
        assert_eq!(waker.count(), 1);
        assert_eq!(rx.poll_recv(&cx(&waker.waker())), PollRecv::Ready(5));
        assert_eq!(rx.poll_recv(&cx(&waker.waker())), PollRecv::Closed);
    }

    #[test]
    fn a_receiver_moving_to_a_new_waker_is_woken_there_only() {
        let (old, new) = (CountingWaker::new(), CountingWaker::new());
        let (tx, mut rx) = slots();
        assert_eq!(rx.poll_recv(&cx(&old.waker())), PollRecv::Pending);
        assert_eq!(rx.poll_recv(&cx(&new.waker())), PollRecv::Pending);
        tx.send_and_release(6).unwrap();
        assert_eq!((old.count(), new.count()), (0, 1));
        assert_eq!(rx.poll_recv(&cx(&new.waker())), PollRecv::Ready(6));
    }
}
