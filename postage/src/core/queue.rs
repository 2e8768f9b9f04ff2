//! The FIFO queue behind `mpsc` and `dispatch`: many senders, one or many receivers, each
//! message taken by exactly one receiver.
//!
//! Messages go through a [`Buffer`] without a lock: a bounded [`SlotArray`], or an unbounded
//! [`List`] (always room; the protocol below holds with nobody ever waiting for room). A
//! lock guards only the slow path: the lists of waiting senders and receivers, closing, and
//! the receiver count. The single receiver of an mpsc pops with plain stores; dispatch
//! receivers pop with a compare-and-swap (on the list, of the turn at the head).
//!
//! # Invariants
//!
//! - The `signal` word has `RECV_WAITING` set while the receiver list has a waiting entry
//!   and `SEND_WAITING` while the sender list has one (set by the registering operation,
//!   cleared under the lock when the list is found empty), and `DRAIN` from the moment
//!   the last receiver goes until a receiver subscribes again. All three change under the
//!   lock.
//!   For an mpsc, `RECV_WAITING` and `DRAIN` live in a second word on the same cache line,
//!   the state of the receiver's [`WakerCell`] (below), and `RECV_WAITING` changes without
//!   the lock there.
//! - Capacity is the array's: buffered messages plus `poll_ready` reservations never exceed
//!   it.
//! - Sending is refused once the array is marked: the last receiver went (the buffer is then
//!   drained at once) or the receiver called `close`.
//! - Receiving reports closed only when no sender is left or the receiver closed the
//!   channel, and the array is empty; nothing can be claimed any more then, so the report is
//!   final.
//! - Every push that sees `RECV_WAITING` notifies one waiting receiver; every pop or released
//!   reservation that sees `SEND_WAITING` serves the waiting senders ([`Queue::serve_senders`]:
//!   one send notified, or room set aside for a reservation). A notified operation that is
//!   abandoned passes its wake-up on.
//! - No user code runs under the lock: values are moved, never dropped, there; wakers are
//!   woken, and replaced or removed wakers dropped, after unlocking.
//!
//! # Why no wake-up is lost
//!
//! A receiver that finds nothing registers under the lock, sets `RECV_WAITING` (a
//! read-modify-write), issues `fence(SeqCst)`, and only then looks at the head slot again
//! (when the bit is set already, the write and the fence of the registration that set it
//! serve: [`Queue::announce`]).
//! A sender publishes the slot's stamp, issues `fence(SeqCst)`, and only then loads
//! `signal`. The two fences are ordered one way or the other in the single total order of
//! `SeqCst` operations:
//!
//! - the sender's fence first: the receiver's later look sees the published stamp (a load
//!   sequenced after a `SeqCst` fence sees every store sequenced before an earlier one), so
//!   it takes the message instead of sleeping;
//! - the receiver's fence first: the sender's load sees `RECV_WAITING`, so it takes the
//!   lock and notifies the registered receiver (the registration happened under the lock
//!   before the bit was set, so the sender finds it).
//!
//! The same argument, with the roles swapped, covers a sender waiting for room (`has_room`
//! after `SEND_WAITING` and a fence; a pop or a released reservation frees the slot, fences,
//! then loads `signal`), and the drain of a gone receiver (`DRAIN` and a fence before the
//! drain looks at the slots; a producer still writing a claimed slot publishes, fences, sees
//! `DRAIN` and drains itself). The tail is moved with `SeqCst` compare-and-swaps, so a look
//! after the fence also sees every claim ordered before it. Closing (no sender left,
//! `close`, the last receiver gone) changes state before taking the lock and notifies every
//! waiter under it; a registration checks the closed state under the lock, so it either sees
//! the change or is notified.
//!
//! The single receiver of an mpsc does not use the lock at all: its waker lives in a
//! [`WakerCell`], whose state word also holds `RECV_WAITING` (the cell's `REGISTERED`) and
//! `DRAIN`, the two bits a sender loads after its push (`Queue::recv_signal`). The cell has
//! a word of its own rather than sharing `SEND_WAITING`'s, so that senders setting and
//! clearing `SEND_WAITING` never make its compare-and-swaps retry (under loom each retry
//! multiplied the interleavings to explore). Registering stores the waker and sets the bit
//! (a read-modify-write), then comes the same `fence(SeqCst)` and the same second look; a
//! sender that sees the bit after its fence calls [`WakerCell::notify_seen`], which wakes
//! the waker published with the bit. So the argument above holds word for word, with
//! "registers under the lock" replaced by "stores its waker before setting the bit". The
//! receiver clears the bit when a wait ends with a message or the closing; a notifier
//! clears it when it wakes, and an abandoned receive clears it as well (`Queue::cancel_recv`
//! says why). A pending receive polled again with the same waker writes nothing and needs
//! no fence of its own: the fence after the write that set the bit serves it
//! (`core/waker_cell.rs`, "A registration left in place"). The receiver's wait key records that it registered ([`WaitKey::outside`]), so a receive
//! that never waited ends without touching the word.
//!
//! One more hand-off closes the argument: an operation that registered and then succeeded
//! on its retry is still linked as waiting until it unregisters, so a notification meant
//! for the next waiter can reach it in between. It passes such a notification on when it
//! unregisters, if room (or a message) is still there for someone else
//! (`stop_send_wait`, `stop_recv_wait`), as an abandoned operation does.
//!
//! # Abandoned waits
//!
//! An abandoned operation (a `send` or dispatch `recv` future dropped while pending, as in
//! a `select!` loop or under a timeout) clears its list's bit when it was the last waiter,
//! under the lock it takes to unlink itself. Leaving the bit set for the next wait was
//! tried: it saves the write, fence and clear when the same operation waits again first
//! (`op/send_full` mpsc 29.5 -> 27.3 ns), but when a message or freed slot comes first, the
//! pusher or popper then takes the lock just to clear it, and that pattern measured
//! 17-22 % slower (dispatch: receive abandoned, then a send and a receive, 24.3 -> 28.6 ns;
//! mpsc: send abandoned on a full channel, then a pop and a push, 37.4 -> 45.7 ns). The
//! cost would land on the side that does not wait, often the busier one, so the canceller
//! pays. A dispatch receiver whose key is parked ([`WaitKey::is_parked`]) ends a later
//! receive without looking at the bit at all.
//!
//! `tests/loom_mpsc.rs` and `tests/loom_dispatch.rs` check these hand-offs, and
//! `tests/loom_permits.rs` the reservations.
//!
//! # Permits: who gets freed room
//!
//! A permit (`reserve`, `reserve_many`) is a reservation in the array: capacity, not a
//! position. Waiting senders and reservations share one FIFO line (the `send` list). When
//! room is freed and the first in line is a reservation, the room is *set aside* for it
//! under the lock (reserved in the array and counted in its node), until it holds all it
//! asked for; only then is it woken, and the next in line is served. A waiting send first
//! in line is notified and retries, as before. Room set aside is invisible to everybody
//! else, so a reservation of `n` slots waiting first in line is never overtaken by a later
//! waiter, and it completes after at most `n` slots were freed after it came first.
//!
//! The exact limit of that guarantee: an operation that does not wait (`try_send`,
//! `try_reserve`, and the first attempt of a `send` or `reserve`) takes free room without
//! looking at the line. It can take a slot only in the instant between the slot's release
//! (a pop, a dropped permit) and the set-aside under the lock by whoever released it, and
//! once it finds the channel full it queues behind the reservation. So a stream of sends
//! does not starve a big reservation: every send that has to wait once waits behind it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use crate::core::array::{Pop, Refused, SlotArray};
use crate::core::buffer::Buffer;
use crate::core::closing::Closing;
use crate::core::list::List;
use crate::core::padded::CachePadded;
use crate::core::waiters::{Room, WaitKey, WaiterList, WakeBatch};
use crate::core::waker_cell::{WakerCell, CELL_BITS, REGISTERED};
use crate::error::{SendError, TrySendError};
use crate::sink::PollSend;
use crate::stream::{PollRecv, TryRecvError};
use crate::sync::{fence, Arc, AtomicUsize, Mutex, MutexGuard, Ordering};

/// A receiver is registered and waits for a message: for an mpsc, the bit of its
/// [`WakerCell`], whose other bits live in the same word.
const RECV_WAITING: usize = REGISTERED;
/// A sender is registered and waits for room.
const SEND_WAITING: usize = 1 << 1;
/// Every receiver is gone: whoever publishes a message drops the buffer.
const DRAIN: usize = 1 << 2;

const _: () = assert!(DRAIN & CELL_BITS == 0);

pub(crate) struct Queue<T> {
    array: Buffer<T>,
    /// Loaded after every push and pop; alone on its cache line so that the lock word and
    /// the handle counts, written on the slow path, do not evict it.
    signal: CachePadded<Signal>,
    senders: AtomicUsize,
    /// Changed only under the lock.
    receivers: AtomicUsize,
    single_consumer: bool,
    /// The waker of the single receiver (mpsc); dispatch receivers wait in `Waiting::recv`.
    recv_cell: WakerCell,
    waiting: Mutex<Waiting>,
    pub(crate) closing: Closing,
}

/// The words a push or a pop looks at after its fence.
struct Signal {
    /// `SEND_WAITING`; for dispatch also `RECV_WAITING` and `DRAIN`.
    word: AtomicUsize,
    /// For mpsc: the receiver's [`WakerCell`] state, with `RECV_WAITING` (its `REGISTERED`)
    /// and `DRAIN`. A word of its own, so that senders announcing and settling
    /// `SEND_WAITING` never make the cell's compare-and-swaps fail.
    recv: AtomicUsize,
}

struct Waiting {
    recv: WaiterList,
    send: WaiterList,
    closed_by_receiver: bool,
}

/// What a receive found.
enum Take<T> {
    Value(T),
    Closed,
    NotReady,
}

impl<T> Queue<T> {
    /// A queue of exactly `capacity` slots with one sender and one receiver;
    /// `single_consumer` when no second receiver can ever exist (mpsc).
    ///
    /// # Panics
    ///
    /// Panics with "capacity must be at least 1" when `capacity` is 0, and when it is above
    /// [`MAX_CAPACITY`](crate::core::array::MAX_CAPACITY).
    pub(crate) fn new(capacity: usize, single_consumer: bool) -> Self {
        Self::with_buffer(Buffer::Bounded(SlotArray::new(capacity)), single_consumer)
    }

    /// An unbounded queue (a [`List`]) with one sender and one receiver.
    pub(crate) fn unbounded(single_consumer: bool) -> Self {
        Self::with_buffer(Buffer::Unbounded(List::new()), single_consumer)
    }

    fn with_buffer(array: Buffer<T>, single_consumer: bool) -> Self {
        Queue {
            array,
            signal: CachePadded::new(Signal {
                word: AtomicUsize::new(0),
                recv: AtomicUsize::new(0),
            }),
            senders: AtomicUsize::new(1),
            receivers: AtomicUsize::new(1),
            single_consumer,
            recv_cell: WakerCell::new(),
            waiting: Mutex::new(Waiting {
                recv: WaiterList::new(),
                send: WaiterList::new(),
                closed_by_receiver: false,
            }),
            closing: Closing::new(),
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.array.capacity()
    }

    pub(crate) fn len(&self) -> usize {
        self.array.len()
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closing.is_closed()
    }

    pub(crate) fn add_sender(&self) {
        self.senders.fetch_add(1, Ordering::Relaxed);
    }

    /// Adds a sender unless none is left (a weak sender's `upgrade`): a channel whose last
    /// sender went stays closed for its receivers.
    pub(crate) fn try_add_sender(&self) -> bool {
        let mut senders = self.senders.load(Ordering::Relaxed);
        loop {
            if senders == 0 {
                return false;
            }
            match self.senders.compare_exchange_weak(
                senders,
                senders + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(current) => senders = current,
            }
        }
    }

    pub(crate) fn sender_count(&self) -> usize {
        self.senders.load(Ordering::Relaxed)
    }

    pub(crate) fn receiver_count(&self) -> usize {
        self.receivers.load(Ordering::Relaxed)
    }

    /// Adds a receiver; reopens the channel if every receiver had gone.
    pub(crate) fn add_receiver(&self) {
        let waiting = self.waiting.lock();
        if self.receivers.fetch_add(1, Ordering::Relaxed) == 0 && !waiting.closed_by_receiver {
            self.recv_signal().fetch_and(!DRAIN, Ordering::Relaxed);
            self.array.unmark();
            self.closing.reopen();
        }
    }

    /// Clears the waiting bits of lists that emptied. Called under the lock. The single
    /// receiver's bit belongs to its cell and is left alone.
    fn settle(&self, waiting: &Waiting) {
        let mut idle = 0;
        if waiting.recv.is_empty() && !self.single_consumer {
            idle |= RECV_WAITING;
        }
        if waiting.send.is_empty() {
            idle |= SEND_WAITING;
        }
        if self.signal.word.load(Ordering::Relaxed) & idle != 0 {
            self.signal.word.fetch_and(!idle, Ordering::Relaxed);
        }
    }

    fn lock(&self) -> MutexGuard<'_, Waiting> {
        self.waiting.lock()
    }

    /// The word with `RECV_WAITING` and `DRAIN`: the receiver cell's for mpsc, the shared
    /// one for dispatch.
    #[inline]
    fn recv_signal(&self) -> &AtomicUsize {
        if self.single_consumer {
            &self.signal.recv
        } else {
            &self.signal.word
        }
    }

    /// Announces a registration just made (`bit`: `RECV_WAITING` or `SEND_WAITING`): sets
    /// the bit and issues the registration's `fence(SeqCst)`. Called under the lock.
    ///
    /// A bit already set is neither written again nor fenced again: the registration that
    /// set it did both under the lock, and the bit has stayed set since (it is cleared only
    /// under the lock), so that fence happens before this registration's second look. The
    /// module doc's argument then holds with that fence in place of this one: a freer whose
    /// load after its own fence misses the bit read a value coherence-ordered before the
    /// set, so its fence precedes the setter's in the `SeqCst` order (C++20
    /// \[atomics.order\] 4.4, both ways round: the set happens before the setter's fence,
    /// and the freer's fence before its load); and then the second look, which the setter's
    /// fence happens before, cannot miss the slot freed before the freer's fence, by the
    /// same rule. Skipping the write also keeps the word's cache line shared with the cores
    /// that load it after every push or pop.
    fn announce(&self, bit: usize) {
        if self.signal.word.load(Ordering::Relaxed) & bit == 0 {
            self.signal.word.fetch_or(bit, Ordering::SeqCst);
            fence(Ordering::SeqCst);
        }
    }

    /// Whether the handle owning `queue` is the last handle of any kind (sender, weak
    /// sender, owned permit or receiver) and nothing is buffered: its drop then has nobody
    /// to tell and nothing to drain, and dropping the queue frees the rest (registrations
    /// and their wakers included, outside any lock). A buffered message goes the usual way,
    /// so that a panicking drop among several still lets the others be dropped.
    pub(crate) fn is_last_and_empty(queue: &mut Arc<Self>) -> bool {
        crate::sync::only_handle(queue).is_some_and(|queue| queue.array.is_empty())
    }

    /// Drops a sender handle along with its registration and reservation.
    pub(crate) fn drop_sender(&self, key: &mut Option<WaitKey>, permit: &mut bool) {
        if std::mem::take(permit) {
            self.array.release(1);
            self.freed();
        }
        self.cancel_send(key);
        if self.senders.fetch_sub(1, Ordering::AcqRel) == 1 {
            // The last sender: waiting receivers learn the channel closed. The hand-off of
            // the module doc, with "no sender left" as the published state: a receiver that
            // registers after this fence sees the count at 0 in `wait_for_message`, one that
            // registered before has set `RECV_WAITING`, seen here.
            fence(Ordering::SeqCst);
            let signal = self.recv_signal().load(Ordering::Relaxed);
            if signal & RECV_WAITING == 0 {
                return;
            }
            if self.single_consumer {
                self.recv_cell.notify_seen(&self.signal.recv, signal);
                return;
            }
            let mut batch = WakeBatch::new();
            {
                let mut waiting = self.lock();
                waiting.recv.notify_all(&mut batch);
                self.settle(&waiting);
            }
            batch.wake();
        }
    }

    /// Drops a receiver handle; the last one closes the channel and drops the buffer.
    pub(crate) fn drop_receiver(&self, key: &mut Option<WaitKey>) {
        if self.single_consumer {
            // The cell's mark names no node; `release` below takes the waker back.
            *key = None;
        }
        let mut batch = WakeBatch::new();
        let (removed, last) = {
            let mut waiting = self.lock();
            let (notified, removed) = waiting.recv.remove_returning(key);
            let last = self.receivers.fetch_sub(1, Ordering::Relaxed) == 1;
            if !last {
                if notified {
                    batch.push_opt(waiting.recv.notify_one());
                }
            } else {
                self.array.mark();
                self.recv_signal().fetch_or(DRAIN, Ordering::SeqCst);
                waiting.send.notify_all(&mut batch);
                self.closing.close(&mut batch);
            }
            self.settle(&waiting);
            (removed, last)
        };
        batch.wake();
        drop(removed);
        if self.single_consumer {
            // SAFETY: the single receiver's methods are its owner's calls (`&mut` of its
            // handle), and this is its last.
            drop(unsafe { self.recv_cell.release(&self.signal.recv) });
        }
        if last {
            self.drain();
        }
    }

    /// Drops every message buffered while no receiver exists, one at a time, each outside
    /// the lock. Stops at a slot still being written: its producer drains after publishing.
    /// A panicking drop still lets the rest be dropped (as a `Vec` does) before it unwinds.
    fn drain(&self) {
        struct DrainOnUnwind<'a, T>(&'a Queue<T>);

        impl<T> Drop for DrainOnUnwind<'_, T> {
            fn drop(&mut self) {
                self.0.drain();
            }
        }

        fence(Ordering::SeqCst);
        while let Some(value) = self.drain_one() {
            let rest = DrainOnUnwind(self);
            drop(value);
            std::mem::forget(rest);
        }
    }

    fn drain_one(&self) -> Option<T> {
        let _waiting = self.lock();
        if self.recv_signal().load(Ordering::Relaxed) & DRAIN == 0 {
            return None;
        }
        // No receiver exists and drains hold the lock: this is the only consumer.
        match self.array.pop_single() {
            Pop::Value(value) => Some(value),
            Pop::Empty | Pop::Busy => None,
        }
    }

    /// The receiver closes the channel: no more sends, the buffer drains.
    pub(crate) fn close(&self) {
        let mut batch = WakeBatch::new();
        {
            let mut waiting = self.lock();
            waiting.closed_by_receiver = true;
            self.array.mark();
            waiting.send.notify_all(&mut batch);
            waiting.recv.notify_all(&mut batch);
            self.closing.close(&mut batch);
            self.settle(&waiting);
        }
        batch.wake();
        if self.single_consumer {
            // A receive the handle left pending through `Stream::poll_recv` learns of it.
            self.recv_cell.notify(&self.signal.recv);
        }
    }

    /// After a push: notify a waiting receiver, or drain for receivers that are gone.
    #[inline]
    fn pushed(&self) {
        fence(Ordering::SeqCst);
        let signal = self.recv_signal().load(Ordering::Relaxed);
        if signal & (RECV_WAITING | DRAIN) != 0 {
            self.pushed_slow(signal);
        }
    }

    #[cold]
    fn pushed_slow(&self, signal: usize) {
        if signal & DRAIN != 0 {
            self.drain();
            return;
        }
        if self.single_consumer {
            self.recv_cell.notify_seen(&self.signal.recv, signal);
            return;
        }
        let waker = {
            let mut waiting = self.lock();
            let waker = waiting.recv.notify_one();
            self.settle(&waiting);
            waker
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// After a slot or a reservation was freed: notify a waiting sender.
    #[inline]
    fn freed(&self) {
        fence(Ordering::SeqCst);
        if self.signal.word.load(Ordering::Relaxed) & SEND_WAITING != 0 {
            self.freed_slow();
        }
    }

    #[cold]
    fn freed_slow(&self) {
        let mut batch = WakeBatch::new();
        {
            let mut waiting = self.lock();
            self.serve_senders(&mut waiting, &mut batch, 1);
            self.settle(&waiting);
        }
        batch.wake();
    }

    #[inline]
    pub(crate) fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        match self.array.try_push(value) {
            Ok(()) => {
                self.pushed();
                Ok(())
            }
            Err(Refused::Full(value)) => Err(TrySendError::Full(value)),
            Err(Refused::Closed(value)) => Err(TrySendError::Closed(value)),
        }
    }

    /// Registers a sender waiting for room; returns whether room (or closing) appeared
    /// meanwhile, in which case the caller tries again.
    fn wait_for_room(&self, key: &mut Option<WaitKey>, waker: &Waker) -> bool {
        let (replaced, ready) = {
            let mut waiting = self.lock();
            let replaced = waiting.send.register_returning(key, waker);
            self.announce(SEND_WAITING);
            (replaced, self.array.has_room())
        };
        drop(replaced);
        ready
    }

    /// Ends the wait of a send (or reservation) that completed.
    ///
    /// Until this runs, the operation is still linked as waiting and a slot freed meanwhile
    /// may have notified it instead of a sender that still waits. So a notification it
    /// holds is passed on while there is room: the slot it took was not that one.
    fn stop_send_wait(&self, key: &mut Option<WaitKey>) {
        if key.is_none() {
            return;
        }
        let mut batch = WakeBatch::new();
        let removed = {
            let mut waiting = self.lock();
            let (notified, removed) = waiting.send.remove_returning(key);
            if notified && self.array.has_room() {
                self.serve_senders(&mut waiting, &mut batch, 1);
            }
            self.settle(&waiting);
            removed
        };
        drop(removed);
        batch.wake();
    }

    #[inline]
    pub(crate) fn poll_send(
        &self,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
        mut value: T,
    ) -> PollSend<T> {
        loop {
            match self.array.try_push(value) {
                Ok(()) => {
                    self.pushed();
                    self.stop_send_wait(key);
                    return PollSend::Ready;
                }
                Err(Refused::Closed(value)) => {
                    self.stop_send_wait(key);
                    return PollSend::Rejected(value);
                }
                Err(Refused::Full(returned)) => value = returned,
            }
            if cx.waker().will_wake(Waker::noop()) || !self.wait_for_room(key, cx.waker()) {
                return PollSend::Pending(value);
            }
        }
    }

    /// An abandoned pending send: pass a wake-up it received to the next sender.
    pub(crate) fn cancel_send(&self, key: &mut Option<WaitKey>) {
        if key.is_none() {
            return;
        }
        let mut batch = WakeBatch::new();
        let removed = {
            let mut waiting = self.lock();
            let (notified, removed) = waiting.send.remove_returning(key);
            if notified {
                self.serve_senders(&mut waiting, &mut batch, 1);
            }
            self.settle(&waiting);
            removed
        };
        drop(removed);
        batch.wake();
    }

    /// `futures_sink::Sink::poll_ready`: reserves a slot into `permit`.
    ///
    /// Resolves without a permit when the channel is closed; [`send_reserved`](Self::send_reserved)
    /// then refuses the value, so the caller hands it back in its error.
    pub(crate) fn poll_reserve(
        &self,
        key: &mut Option<WaitKey>,
        permit: &mut bool,
        cx: &mut Context<'_>,
    ) -> Poll<()> {
        if *permit {
            return Poll::Ready(());
        }
        loop {
            match self.array.try_reserve(1) {
                Ok(()) => {
                    *permit = true;
                    self.stop_send_wait(key);
                    return Poll::Ready(());
                }
                Err(Refused::Closed(())) => {
                    self.stop_send_wait(key);
                    return Poll::Ready(());
                }
                Err(Refused::Full(())) => {}
            }
            if cx.waker().will_wake(Waker::noop()) || !self.wait_for_room(key, cx.waker()) {
                return Poll::Pending;
            }
        }
    }

    /// `futures_sink::Sink::start_send`: fills the slot reserved by `poll_reserve`.
    ///
    /// Without a permit it sends only if there is room now.
    pub(crate) fn send_reserved(&self, permit: &mut bool, value: T) -> Result<(), SendError<T>> {
        let sent = if std::mem::take(permit) {
            self.array.push_reserved(value)
        } else {
            self.array.try_push(value).map_err(|refused| match refused {
                Refused::Full(value) | Refused::Closed(value) => value,
            })
        };
        match sent {
            Ok(()) => {
                self.pushed();
                Ok(())
            }
            Err(value) => Err(SendError(value)),
        }
    }

    #[inline]
    fn recv_closed(&self) -> bool {
        self.senders.load(Ordering::Acquire) == 0 || self.array.is_marked()
    }

    #[inline(always)]
    fn pop(&self) -> Pop<T> {
        if self.single_consumer {
            self.array.pop_single()
        } else {
            self.array.pop_shared()
        }
    }

    #[inline]
    fn take(&self) -> Take<T> {
        let popped = match self.pop() {
            Pop::Empty if self.recv_closed() => {
                // Every message sent before the closing is visible now: take the last ones.
                match self.pop() {
                    Pop::Empty => return Take::Closed,
                    popped => popped,
                }
            }
            popped => popped,
        };
        match popped {
            Pop::Value(value) => {
                self.freed();
                Take::Value(value)
            }
            Pop::Empty | Pop::Busy => Take::NotReady,
        }
    }

    #[inline]
    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        match self.take() {
            Take::Value(value) => Ok(value),
            Take::Closed => Err(TryRecvError::Closed),
            Take::NotReady => Err(TryRecvError::Empty),
        }
    }

    /// Registers a receiver waiting for a message; returns whether a message (or the
    /// closing) appeared meanwhile, in which case the caller tries again.
    fn wait_for_message(&self, key: &mut Option<WaitKey>, waker: &Waker) -> bool {
        if self.single_consumer {
            // SAFETY: the single receiver's methods are its owner's calls, one at a time
            // (`&mut` of its handle).
            let registration = unsafe { self.recv_cell.register(&self.signal.recv, waker) };
            *key = Some(WaitKey::outside());
            if registration.announced {
                fence(Ordering::SeqCst);
            }
            drop(registration.replaced);
            return self.array.has_message() || (self.recv_closed() && self.array.is_empty());
        }
        let (replaced, ready) = {
            let mut waiting = self.lock();
            let replaced = waiting.recv.register_returning(key, waker);
            self.announce(RECV_WAITING);
            let ready = self.array.has_message() || (self.recv_closed() && self.array.is_empty());
            (replaced, ready)
        };
        drop(replaced);
        ready
    }

    /// The mpsc receiver's wait ends (taken, closed or abandoned): clears its registration
    /// in the cell, if the key shows one since the last wait ended.
    fn end_cell_wait(&self, key: &mut Option<WaitKey>) {
        if key.take().is_some() {
            WakerCell::unregister(&self.signal.recv);
        }
    }

    /// Ends the wait of a receive that completed; the node stays parked with its waker for
    /// the handle's next wait.
    ///
    /// Until this runs, the receive is still linked as waiting and a message published
    /// meanwhile may have notified it instead of a receiver that still waits. So a
    /// notification it holds is passed on while a message is ready. It cannot tell whether
    /// the message it took is the one it was notified for, so the next receiver may wake
    /// for nothing: a spurious wake-up, never a lost one.
    ///
    /// Without `RECV_WAITING` no receiver waits (only a registration sets the bit, and it
    /// is cleared only when the list is empty): the key's node is parked already, or notified with
    /// nobody to pass the notification to, and the next registration re-links it as it would
    /// a parked node. So the lock is skipped, which keeps a receiver that once waited on the
    /// lock-free path; the key records that a notification its node still shows was used.
    fn stop_recv_wait(&self, key: &mut Option<WaitKey>) {
        if self.single_consumer {
            self.end_cell_wait(key);
            return;
        }
        if key.is_none() || WaitKey::is_parked(key) {
            // Parked by the last abandoned receive and not registered since: nothing can
            // have notified it.
            return;
        }
        if self.signal.word.load(Ordering::Relaxed) & RECV_WAITING == 0 {
            WaitKey::consumed(key);
            return;
        }
        let next = {
            let mut waiting = self.lock();
            let next = if waiting.recv.park(key) && self.array.has_message() {
                waiting.recv.notify_one()
            } else {
                None
            };
            self.settle(&waiting);
            next
        };
        if let Some(waker) = next {
            waker.wake();
        }
    }

    #[inline]
    pub(crate) fn poll_recv(&self, key: &mut Option<WaitKey>, cx: &mut Context<'_>) -> PollRecv<T> {
        loop {
            match self.take() {
                Take::Value(value) => {
                    self.stop_recv_wait(key);
                    return PollRecv::Ready(value);
                }
                Take::Closed => {
                    self.stop_recv_wait(key);
                    return PollRecv::Closed;
                }
                Take::NotReady => {}
            }
            if cx.waker().will_wake(Waker::noop()) || !self.wait_for_message(key, cx.waker()) {
                return PollRecv::Pending;
            }
        }
    }

    /// Pops up to `limit` (at least 1) ready messages into `buffer`.
    fn take_many(&self, buffer: &mut Vec<T>, limit: usize) -> Take<usize> {
        let pop_many = |buffer: &mut Vec<T>| {
            if self.single_consumer {
                self.array.pop_many_single(buffer, limit)
            } else {
                self.array.pop_many_shared(buffer, limit)
            }
        };
        let popped = match pop_many(buffer) {
            Err(Pop::Empty) if self.recv_closed() => match pop_many(buffer) {
                Err(Pop::Empty) => return Take::Closed,
                popped => popped,
            },
            popped => popped,
        };
        match popped {
            Ok(taken) => {
                self.freed_many(taken);
                Take::Value(taken)
            }
            Err(_) => Take::NotReady,
        }
    }

    /// After `n` slots were freed at once: notify up to `n` waiting senders.
    fn freed_many(&self, n: usize) {
        fence(Ordering::SeqCst);
        if self.signal.word.load(Ordering::Relaxed) & SEND_WAITING == 0 {
            return;
        }
        let mut batch = WakeBatch::new();
        {
            let mut waiting = self.lock();
            self.serve_senders(&mut waiting, &mut batch, n);
            self.settle(&waiting);
        }
        batch.wake();
    }

    /// `recv_many`: waits for at least one message, then appends every ready one up to
    /// `limit`; `Ready(0)` when `limit` is 0 or the channel is closed and drained.
    pub(crate) fn poll_recv_many(
        &self,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
        buffer: &mut Vec<T>,
        limit: usize,
    ) -> Poll<usize> {
        if limit == 0 {
            return Poll::Ready(0);
        }
        loop {
            match self.take_many(buffer, limit) {
                Take::Value(taken) => {
                    self.stop_recv_wait(key);
                    return Poll::Ready(taken);
                }
                Take::Closed => {
                    self.stop_recv_wait(key);
                    return Poll::Ready(0);
                }
                Take::NotReady => {}
            }
            if cx.waker().will_wake(Waker::noop()) || !self.wait_for_message(key, cx.waker()) {
                return Poll::Pending;
            }
        }
    }

    /// An abandoned pending receive: pass a wake-up it received to the next receiver.
    ///
    /// The key belongs to the receiver handle, which usually waits again soon with the same
    /// waker: the node is parked rather than freed, so that wait clones no waker.
    ///
    /// The mpsc receiver clears its registration in the cell (its waker stays in the cell,
    /// so the next wait with the same waker clones nothing). It used to leave the
    /// registration standing, so that the next wait needed no read-modify-write and no
    /// fence; but then the next message woke the task, which no longer waited, for nothing:
    /// a wake-up for the sender to pay, and in an executor a spurious poll of the task.
    /// Measured with the binaries of both variants interleaved (3 rounds, medians): a
    /// receive polled once and dropped, then `try_send` + `try_recv` (`op/abandoned`
    /// recv/mpsc), 23.1 ns left in place, 18.6 ns cleared (1.25×); a receive polled once
    /// and dropped with no message (`op/recv_empty` mpsc), 7.2 ns against 8.3 ns (0.87×).
    pub(crate) fn cancel_recv(&self, key: &mut Option<WaitKey>) {
        if self.single_consumer {
            self.end_cell_wait(key);
            return;
        }
        if key.is_none() {
            return;
        }
        let next = {
            let mut waiting = self.lock();
            let next = if waiting.recv.park(key) {
                waiting.recv.notify_one()
            } else {
                None
            };
            self.settle(&waiting);
            next
        };
        if let Some(waker) = next {
            waker.wake();
        }
    }

    /// Whether receiving has ended for good: closed and drained.
    pub(crate) fn is_terminated(&self) -> bool {
        self.recv_closed() && self.array.is_empty()
    }

    /// The `RECV_WAITING` and `SEND_WAITING` bits of the shared word.
    #[cfg(test)]
    pub(crate) fn waiting_bits(&self) -> (bool, bool) {
        let word = self.signal.word.load(Ordering::Relaxed);
        (word & RECV_WAITING != 0, word & SEND_WAITING != 0)
    }

    #[cfg(test)]
    pub(crate) fn waiting_senders(&self) -> usize {
        self.lock().send.len()
    }

    #[cfg(test)]
    pub(crate) fn waiting_receivers(&self) -> usize {
        if self.single_consumer {
            return usize::from(self.signal.recv.load(Ordering::Relaxed) & RECV_WAITING != 0);
        }
        self.lock().recv.len()
    }

    // Permits (`reserve`, `try_reserve`, `reserve_many`): reservations of capacity ahead of
    // the message, set aside for waiting reservations in arrival order (see the module doc).

    /// Hands room to the waiting senders in arrival order. Up to `wakes` waiting sends first
    /// in line are notified (one for each slot the caller freed); a reservation first in line
    /// gets every free slot set aside for it, and is notified once it holds all it needs,
    /// after which the next in line is served. Called under the lock.
    fn serve_senders(&self, waiting: &mut Waiting, batch: &mut WakeBatch, wakes: usize) {
        // A send woken here retries on its own; the room it was woken for is not set
        // aside behind its back, and it passes the wake-up on if it leaves room
        // (`stop_send_wait`).
        waiting.send.serve_line(batch, wakes, self);
    }

    /// Reserves `n` (1 to the capacity) slots now, or fails without waiting.
    pub(crate) fn try_reserve_slots(&self, n: usize) -> Result<(), TrySendError<()>> {
        match self.array.try_reserve(n as u64) {
            Ok(()) => Ok(()),
            Err(Refused::Full(())) => Err(TrySendError::Full(())),
            Err(Refused::Closed(())) => Err(TrySendError::Closed(())),
        }
    }

    /// Polls a reservation of `n` (1 to the capacity) slots: `Ready(true)` once the caller
    /// holds them, `Ready(false)` when the channel is closed (holding nothing). While
    /// pending the reservation waits in line under `key`.
    pub(crate) fn poll_reserve_slots(
        &self,
        key: &mut Option<WaitKey>,
        n: usize,
        waker: &Waker,
    ) -> Poll<bool> {
        if key.is_none() {
            match self.array.try_reserve(n as u64) {
                Ok(()) => return Poll::Ready(true),
                Err(Refused::Closed(())) => return Poll::Ready(false),
                Err(Refused::Full(())) => {}
            }
            if waker.will_wake(Waker::noop()) {
                return Poll::Pending;
            }
        }
        let mut batch = WakeBatch::new();
        let (dropped, outcome) = {
            let mut waiting = self.lock();
            let (outcome, dropped) = waiting
                .send
                .reserve_waiting(&mut batch, key, waker, n, self);
            self.settle(&waiting);
            (dropped, outcome)
        };
        batch.wake();
        drop(dropped);
        match outcome {
            Some(reserved) => Poll::Ready(reserved),
            None => Poll::Pending,
        }
    }

    /// A reservation abandoned while it waited: the room set aside for it (all of it, if it
    /// was notified) goes to the next in line.
    pub(crate) fn cancel_reserve_slots(&self, key: &mut Option<WaitKey>) {
        if key.is_none() {
            return;
        }
        let mut batch = WakeBatch::new();
        let removed = {
            let mut waiting = self.lock();
            let removed = waiting.send.cancel_reservation(&mut batch, key, self);
            self.settle(&waiting);
            removed
        };
        drop(removed);
        batch.wake();
    }

    /// Sends `value` in a reserved slot; drops it if every receiver is gone (or the channel
    /// was closed), the reservation then being given back.
    pub(crate) fn send_reserved_slot(&self, value: T) {
        match self.array.push_reserved(value) {
            Ok(()) => self.pushed(),
            Err(value) => drop(value),
        }
    }

    /// Gives back `n` reserved slots unused and serves the waiting senders.
    pub(crate) fn release_slots(&self, n: usize) {
        self.array.release(n as u64);
        self.freed_many(n);
    }

    #[cfg(test)]
    pub(crate) fn retained_segments(&self) -> usize {
        self.array.retained_segments()
    }

    pub(crate) fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        f.field("len", &self.array.len())
            .field("capacity", &self.array.capacity())
            .field("senders", &self.senders.load(Ordering::Relaxed))
            .field("receivers", &self.receivers.load(Ordering::Relaxed))
            .field("closed", &self.array.is_marked());
    }
}

/// The future of a sender's `send`: waits for room, then sends.
///
/// Cancel safety: dropping it before it completes drops the value, which was not and will
/// not be delivered; a wake-up it had received passes to the next waiting sender.
#[must_use = "futures do nothing unless polled"]
pub struct SendFuture<'a, T> {
    queue: &'a Queue<T>,
    value: Option<T>,
    key: Option<WaitKey>,
    /// Sent through a released handle: refuse at once.
    refused: bool,
}

/// The queue's room for its line of senders: slots of the array, reserved one at a time.
impl<T> Room for Queue<T> {
    fn refuses(&self) -> bool {
        self.array.is_marked()
    }

    fn take_unit(&self) -> bool {
        self.array.try_reserve(1).is_ok()
    }

    fn give_back(&self, n: usize) {
        self.array.release(n as u64);
    }

    /// `SEND_WAITING` and the registration's fence ([`Queue::announce`]).
    fn announce(&self, _line: &WaiterList) {
        Queue::announce(self, SEND_WAITING);
    }
}

impl<'a, T> SendFuture<'a, T> {
    pub(crate) fn new(queue: &'a Queue<T>, value: T, refused: bool) -> Self {
        SendFuture {
            queue,
            value: Some(value),
            key: None,
            refused,
        }
    }
}

impl<T> Unpin for SendFuture<'_, T> {}

impl<T> Future for SendFuture<'_, T> {
    type Output = Result<(), SendError<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let value = this
            .value
            .take()
            .expect("send future polled after completion");
        if this.refused {
            return Poll::Ready(Err(SendError(value)));
        }
        match this.queue.poll_send(&mut this.key, cx, value) {
            PollSend::Ready => Poll::Ready(Ok(())),
            PollSend::Pending(value) => {
                this.value = Some(value);
                Poll::Pending
            }
            PollSend::Rejected(value) => Poll::Ready(Err(SendError(value))),
        }
    }
}

impl<T> Drop for SendFuture<'_, T> {
    #[inline]
    fn drop(&mut self) {
        if self.key.is_some() {
            self.queue.cancel_send(&mut self.key);
        }
    }
}

/// Terminated once it resolved: its value is then gone, sent or handed back.
impl<T> futures_core::FusedFuture for SendFuture<'_, T> {
    fn is_terminated(&self) -> bool {
        self.value.is_none()
    }
}

#[cfg(feature = "blocking")]
impl<T> crate::blocking::PendingSend for SendFuture<'_, T> {
    type Value = T;

    fn take_value(&mut self) -> Option<T> {
        self.value.take()
    }
}

impl<T> fmt::Debug for SendFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture")
            .field("done", &self.value.is_none())
            .finish_non_exhaustive()
    }
}

/// The future of a receiver's `recv_many`: waits for at least one message, then appends
/// every ready one up to the limit.
///
/// Cancel safety: dropping it consumes nothing, and a wake-up it received passes to another
/// waiting receiver.
pub(crate) struct RecvMany<'a, T> {
    queue: &'a Queue<T>,
    key: &'a mut Option<WaitKey>,
    buffer: &'a mut Vec<T>,
    limit: usize,
    pending: bool,
}

impl<'a, T> RecvMany<'a, T> {
    pub(crate) fn new(
        queue: &'a Queue<T>,
        key: &'a mut Option<WaitKey>,
        buffer: &'a mut Vec<T>,
        limit: usize,
    ) -> Self {
        RecvMany {
            queue,
            key,
            buffer,
            limit,
            pending: false,
        }
    }
}

impl<T> Future for RecvMany<'_, T> {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let this = &mut *self;
        let polled = this
            .queue
            .poll_recv_many(this.key, cx, this.buffer, this.limit);
        this.pending = polled.is_pending();
        polled
    }
}

impl<T> Drop for RecvMany<'_, T> {
    fn drop(&mut self) {
        if self.pending {
            self.queue.cancel_recv(self.key);
        }
    }
}

/// Implements the `Sink`/`Stream` traits (postage's and the `futures` ones), `Drop` and
/// `Debug` for the handles of a channel built on [`Queue`].
macro_rules! impl_queue_handles {
    ($kind:literal) => {
        /// The sender and receiver of a new channel around the queue `make` builds (in
        /// its allocation, see [`arc_with`](crate::sync::arc_with)).
        fn handles<T>(make: impl FnOnce() -> Queue<T>) -> (Sender<T>, Receiver<T>) {
            let queue = $crate::sync::arc_with(make);
            let sender = Sender {
                queue: queue.clone(),
                key: None,
                permit: false,
                released: false,
            };
            let receiver = Receiver { queue, key: None };
            (sender, receiver)
        }

        impl<T> $crate::sink::Sink for Sender<T> {
            type Item = T;

            fn poll_send(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                value: T,
            ) -> $crate::sink::PollSend<T> {
                let this = &mut *self;
                if this.released {
                    return $crate::sink::PollSend::Rejected(value);
                }
                this.queue.poll_send(&mut this.key, cx, value)
            }

            fn cancel_send(mut self: Pin<&mut Self>) {
                let this = &mut *self;
                this.queue.cancel_send(&mut this.key);
            }
        }

        impl<T> futures_sink::Sink<T> for Sender<T> {
            type Error = $crate::sink::SendError<T>;

            fn poll_ready(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
            ) -> Poll<Result<(), Self::Error>> {
                let this = &mut *self;
                if this.released {
                    // `start_send` then hands the item back.
                    return Poll::Ready(Ok(()));
                }
                this.queue
                    .poll_reserve(&mut this.key, &mut this.permit, cx)
                    .map(Ok)
            }

            fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), Self::Error> {
                let this = &mut *self;
                if this.released {
                    return Err($crate::sink::SendError(item));
                }
                this.queue.send_reserved(&mut this.permit, item)
            }

            fn poll_flush(
                self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Result<(), Self::Error>> {
                Poll::Ready(Ok(()))
            }

            /// Releases this handle: it no longer counts as a sender (the channel closes
            /// for the receivers if it was the last one), and every later send through it
            /// (`start_send`, `send`, `try_send`) fails and hands the item back.
            fn poll_close(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Result<(), Self::Error>> {
                let this = &mut *self;
                if !std::mem::replace(&mut this.released, true) {
                    this.queue.drop_sender(&mut this.key, &mut this.permit);
                }
                Poll::Ready(Ok(()))
            }
        }

        impl<T> Sender<T> {
            /// A weak handle: it does not keep the channel open, and
            /// [`WeakSender::upgrade`] turns it back into a sender while any sender is
            /// left.
            ///
            /// ```
            #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// let weak = tx.downgrade();
            /// assert_eq!(tx.sender_count(), 1);
            /// let again = weak.upgrade().unwrap();
            /// assert_eq!(tx.sender_count(), 2);
            /// drop((tx, again));
            /// assert!(weak.upgrade().is_none());
            /// assert_eq!(rx.try_recv(), Err(postage::TryRecvError::Closed));
            /// ```
            pub fn downgrade(&self) -> WeakSender<T> {
                WeakSender {
                    queue: self.queue.clone(),
                }
            }

            /// How many senders (not counting weak ones) the channel has.
            ///
            /// ```
            #[doc = concat!("let (tx, _rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// let tx2 = tx.clone();
            /// assert_eq!(tx.sender_count(), 2);
            /// drop(tx2);
            /// assert_eq!(tx.sender_count(), 1);
            /// ```
            pub fn sender_count(&self) -> usize {
                self.queue.sender_count()
            }

            /// How many receivers the channel has.
            ///
            /// ```
            #[doc = concat!("let (tx, rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// assert_eq!(tx.receiver_count(), 1);
            /// drop(rx);
            /// assert_eq!(tx.receiver_count(), 0);
            /// ```
            pub fn receiver_count(&self) -> usize {
                self.queue.receiver_count()
            }

            /// Whether `other` sends on the same channel.
            ///
            /// ```
            #[doc = concat!("let (tx, _rx) = postage::", $kind, "::channel::<u8>(1);")]
            #[doc = concat!("let (other, _other_rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// assert!(tx.same_channel(&tx.clone()));
            /// assert!(!tx.same_channel(&other));
            /// ```
            pub fn same_channel(&self, other: &Self) -> bool {
                $crate::sync::Arc::ptr_eq(&self.queue, &other.queue)
            }
        }

        /// A sender that does not keep the channel open; see [`Sender::downgrade`].
        pub struct WeakSender<T> {
            queue: $crate::sync::Arc<$crate::core::queue::Queue<T>>,
        }

        impl<T> WeakSender<T> {
            /// A sender for the channel, or `None` once no (strong) sender is left.
            ///
            /// ```
            #[doc = concat!("let (tx, _rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// let weak = tx.downgrade();
            /// assert!(weak.upgrade().is_some());
            /// drop(tx);
            /// assert!(weak.upgrade().is_none());
            /// ```
            pub fn upgrade(&self) -> Option<Sender<T>> {
                if !self.queue.try_add_sender() {
                    return None;
                }
                Some(Sender {
                    queue: self.queue.clone(),
                    key: None,
                    permit: false,
                    released: false,
                })
            }
        }

        impl<T> Clone for WeakSender<T> {
            fn clone(&self) -> Self {
                WeakSender {
                    queue: self.queue.clone(),
                }
            }
        }

        impl<T> fmt::Debug for WeakSender<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut s = f.debug_struct(concat!($kind, "::WeakSender"));
                self.queue.debug_fields(&mut s);
                s.finish()
            }
        }

        impl<T> Receiver<T> {
            /// How many senders (not counting weak ones) the channel has.
            ///
            /// ```
            #[doc = concat!("let (tx, rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// assert_eq!(rx.sender_count(), 1);
            /// drop(tx);
            /// assert_eq!(rx.sender_count(), 0);
            /// ```
            pub fn sender_count(&self) -> usize {
                self.queue.sender_count()
            }

            /// How many receivers the channel has.
            ///
            /// ```
            #[doc = concat!("let (_tx, rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// assert_eq!(rx.receiver_count(), 1);
            /// ```
            pub fn receiver_count(&self) -> usize {
                self.queue.receiver_count()
            }
        }

        impl<T> Drop for Sender<T> {
            fn drop(&mut self) {
                if !self.released && !$crate::core::queue::Queue::is_last_and_empty(&mut self.queue)
                {
                    self.queue.drop_sender(&mut self.key, &mut self.permit);
                }
            }
        }

        impl<T> fmt::Debug for Sender<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut s = f.debug_struct(concat!($kind, "::Sender"));
                self.queue.debug_fields(&mut s);
                s.finish()
            }
        }

        impl<T> $crate::stream::Stream for Receiver<T> {
            type Item = T;

            fn poll_recv(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
            ) -> $crate::stream::PollRecv<T> {
                let this = &mut *self;
                this.queue.poll_recv(&mut this.key, cx)
            }

            fn cancel_recv(mut self: Pin<&mut Self>) {
                let this = &mut *self;
                this.queue.cancel_recv(&mut this.key);
            }
        }

        impl<T> futures_core::Stream for Receiver<T> {
            type Item = T;

            fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
                let this = &mut *self;
                match this.queue.poll_recv(&mut this.key, cx) {
                    $crate::stream::PollRecv::Ready(value) => Poll::Ready(Some(value)),
                    $crate::stream::PollRecv::Pending => Poll::Pending,
                    $crate::stream::PollRecv::Closed => Poll::Ready(None),
                }
            }
        }

        impl<T> futures_core::FusedStream for Receiver<T> {
            fn is_terminated(&self) -> bool {
                self.queue.is_terminated()
            }
        }

        impl<T> Receiver<T> {
            /// Waits until at least one message is ready, then appends to `buffer`, in
            /// order, every message ready at that moment, up to `limit`; returns how many.
            ///
            /// Returns 0 only when `limit` is 0 (at once, without waiting) or when the
            /// channel is closed and drained. The batch moves the queue's head once, not
            /// once per message.
            ///
            /// Cancel safe: dropping the future consumes nothing, and a wake-up it received
            /// passes to another waiting receiver.
            ///
            /// ```
            /// # futures::executor::block_on(async {
            #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(8);")]
            /// for i in 0..5 {
            ///     tx.try_send(i).unwrap();
            /// }
            /// let mut buffer = Vec::new();
            /// assert_eq!(rx.recv_many(&mut buffer, 3).await, 3);
            /// assert_eq!(rx.recv_many(&mut buffer, 10).await, 2);
            /// assert_eq!(buffer, [0, 1, 2, 3, 4]);
            /// drop(tx);
            /// assert_eq!(rx.recv_many(&mut buffer, 10).await, 0);
            /// # });
            /// ```
            pub fn recv_many<'a>(
                &'a mut self,
                buffer: &'a mut Vec<T>,
                limit: usize,
            ) -> impl std::future::Future<Output = usize> + 'a {
                $crate::core::queue::RecvMany::new(&self.queue, &mut self.key, buffer, limit)
            }

            /// The messages ready now, in order; the iterator ends at the first moment none
            /// is ready. It never waits and registers no waker.
            ///
            /// ```
            #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(4);")]
            /// tx.try_send(1).unwrap();
            /// tx.try_send(2).unwrap();
            /// assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2]);
            /// assert_eq!(rx.try_iter().next(), None);
            /// ```
            pub fn try_iter(&mut self) -> impl Iterator<Item = T> + '_ {
                std::iter::from_fn(move || self.queue.try_recv().ok())
            }
        }

        impl<T> Drop for Receiver<T> {
            fn drop(&mut self) {
                if !$crate::core::queue::Queue::is_last_and_empty(&mut self.queue) {
                    self.queue.drop_receiver(&mut self.key);
                }
            }
        }

        impl<T> fmt::Debug for Receiver<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut s = f.debug_struct(concat!($kind, "::Receiver"));
                self.queue.debug_fields(&mut s);
                s.finish()
            }
        }
    };
}

pub(crate) use impl_queue_handles;
