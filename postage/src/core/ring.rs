//! The lossless ring behind `broadcast`: many senders, many receivers, every receiver reads
//! every message sent after it came to exist. Messages are published and read without a
//! lock; locks guard only the waiter lists (the slow path) and the receiver count's
//! crossings of zero.
//!
//! # Layout
//!
//! Messages are numbered by sequence (`u64`, never wraps in practice). The ring has `slots`
//! slots, the smallest power of two above the capacity, and sequence `seq` uses slot
//! `seq % slots` (a mask, not a division). A slot holds a value and a state word
//! describing read position `seq`:
//!
//! - `PUBLISHED`: message `seq` is written and may be read;
//! - `HEAD`: `seq` is the head, no receiver is at a lower position;
//! - `MOVER_WAITS`: the head's last reader waits for cloners to finish;
//! - `RECV_WAITS`: a receiver waits for message `seq` to be published;
//! - *readers*: receivers whose read position is `seq` and who are not reading it now;
//! - *cloners*: receivers at `seq` cloning its message now.
//!
//! Receivers are counted only at their own position, so subscribing, cloning and dropping a
//! receiver is O(1); freeing slots is amortised over the messages. Read positions span
//! `head..=tail`, at most `capacity + 1` of them, each with a word of its own: at least one
//! slot more than the capacity gives the position at the tail its word when the buffer is
//! full. The capacity itself is exact: it is enforced by `occupied`, not by the slots.
//!
//! # Invariants
//!
//! 1. `occupied` counts claimed, not yet retired messages plus reservations (`poll_ready`,
//!    permits, and units set aside for a waiting `reserve_many`), and never exceeds the
//!    capacity: a sender takes a unit before claiming a sequence (or
//!    holds one as a reservation); retiring a message or releasing a reservation returns it.
//! 2. Positions are retired in sequence order. A position is retirable when its word is
//!    `PUBLISHED | HEAD` with no reader and no cloner. Every transition into that state is an
//!    atomic read-modify-write whose performer inspects the result, so exactly one party
//!    retires each position: it takes the value out and resets the word, advances `head`,
//!    then returns the occupancy unit and passes `HEAD` to the next word (retiring that one
//!    too if it is retirable). The head's last reader retires its own position; it arrives
//!    at the next one in the same atomic step that passes `HEAD` there.
//! 3. By 1 and 2, when sequence `p` is claimed every position up to `p - capacity` is
//!    retired, and `slots > capacity`: the words of `p` and `p + 1` are reset for this
//!    lap, so a reader arriving at `p + 1` after reading `p`, or a subscriber counting
//!    itself at the tail, lands on the word of its own position.
//! 4. Outside a read a receiver is counted as a reader of its position, during a clone as a
//!    cloner of it (as a reader, for payloads without drop glue: see below). A reader
//!    arrives at `seq + 1` before it leaves `seq`, so `HEAD` never passes a receiver. A
//!    value is cloned only by counted cloners (or readers) and taken out only by the
//!    retirer, which requires no cloner and no reader: a value is never moved or dropped
//!    while cloned.
//! 5. The last reader of the head (sole reader, no cloner) moves the value out instead of
//!    cloning it. If cloners are still at work it waits for them (`MOVER_WAITS`), so a
//!    message is cloned once per reader but one; `try_recv`, which cannot wait, clones.
//! 6. A receiver's clone happens while it is counted as a cloner; if `T::clone` panics, the
//!    receiver is counted back as a reader, so it affects only that receiver. (Without
//!    drop glue it is still counted as a reader of the same position: nothing to undo.)
//! 7. A subscriber counts itself at the tail while holding `SUBSCRIBING` on the tail word;
//!    senders cannot claim meanwhile, so that position can be neither claimed nor retired
//!    before the subscriber is counted. A sender finding the bit spins: the subscriber is
//!    between two atomic steps with no user code and no lock wait in between. This is the
//!    only spin, and it is bounded.
//! 8. The receiver count crosses zero only under the receiver lock, so closing and
//!    reopening never interleave. Sends are refused while it is zero.
//! 9. No user code runs under a lock: `T::clone` and `T::drop` run lock-free, wakers are
//!    woken after unlocking, and wakers replaced or removed under a lock are dropped after.
//!
//! # Payloads without drop glue
//!
//! The cloner count exists so that the last reader can move a message out instead of
//! cloning it, which saves a clone that may allocate or touch a reference count, and
//! costs every other reader one more read-modify-write (become a cloner, arrive at the
//! next position, stop cloning). For a `T` without drop glue (`!needs_drop::<T>()`: `u64`,
//! `[u8; 32]`, any `Copy` type) a clone owns nothing that a move would save, so a reader
//! that is not the head's sole reader clones while still counted as a reader, then
//! arrives at the next position and leaves its own: two read-modify-writes instead of
//! three. The head's sole reader still moves the message. Counted as a reader, the cloning
//! receiver keeps the position from having a sole reader (so nobody moves the message)
//! and from being retired (invariant 4); its leaving retires the position if it was the
//! last reader there, dropping the message, which for such a `T` does nothing. The one
//! difference a program can see is the number of `Clone::clone` calls when reads overlap:
//! two receivers reading one message at the same moment may both clone it, where the
//! cloner protocol would have one of them wait and move it. Reads one after another, as
//! on a single-threaded executor, clone once per reader but one either way, and no
//! receiver ever clones a message more than once.
//!
//! # Why no wake-up is lost
//!
//! Every wait is announced in the very atomic word its waker changes, so the waiter's
//! announcement and the waker's change are two read-modify-writes of one location, ordered
//! by its modification order; no fence and no separate flag is involved.
//!
//! - A receiver that finds nothing at `seq` takes the receiver lock, registers, then sets
//!   `RECV_WAITS` in the word of `seq` by a compare-and-swap that requires `PUBLISHED`
//!   clear. The publisher's `fetch_or(PUBLISHED)` returns the word: if the bit came first,
//!   the publisher sees it and takes the lock (held by the receiver while registering) to
//!   notify; if the publication came first, the compare-and-swap fails and the receiver
//!   reads the message instead of waiting.
//! - A sender that finds no room takes the sender lock, registers, then sets `SEND_WAITS`
//!   in `occupied` and tries to take a unit again. Whoever frees a unit does so with a
//!   `fetch_sub` that returns the word: if the bit came first it serves the line (notifies
//!   a sender, or sets the unit aside for a waiting reservation); otherwise the sender's
//!   second try sees the freed unit. The bit is cleared, under the lock, only when
//!   no sender is left waiting. A sender that finds it set already writes nothing: it has
//!   been set since an earlier holder of the lock wrote it, so a `fetch_sub` missing it
//!   comes before that write and the second try sees its unit.
//! - The head's last reader waiting for cloners registers, then sets `MOVER_WAITS` by a
//!   compare-and-swap that requires a cloner; the cloner whose decrement leaves none sees
//!   the bit in the same word and notifies.
//! - The sender and receiver counts: their last decrement is always followed by taking the
//!   other side's lock and notifying, and a waiter registers under that lock before it
//!   looks at the count.

use std::fmt;
use std::mem::{needs_drop, MaybeUninit};
use std::task::{Context, Poll, Waker};

use crate::core::closing::Closing;
use crate::core::padded::CachePadded;
use crate::core::waiters::{Room, WaitKey, WaiterList, WakeBatch};
use crate::error::{SendError, TrySendError};
use crate::sink::PollSend;
use crate::stream::{PollRecv, TryRecvError};
use crate::sync::{spin_loop, AtomicU64, AtomicUsize, Mutex, Ordering, UnsafeCell};

const PUBLISHED: u64 = 1 << 63;
const HEAD: u64 = 1 << 62;
const MOVER_WAITS: u64 = 1 << 61;
const RECV_WAITS: u64 = 1 << 60;
const READER: u64 = 1;
const READERS: u64 = (1 << 31) - 1;
const CLONER: u64 = 1 << 31;
const CLONERS: u64 = ((1 << 29) - 1) << 31;

const _: () = assert!(
    READERS & CLONERS == 0
        && (READERS | CLONERS) & (RECV_WAITS | MOVER_WAITS | HEAD | PUBLISHED) == 0,
    "the fields of a slot's state word are disjoint"
);

/// The flag of `occupied`: a sender is registered as waiting for room.
const SEND_WAITS: usize = 1 << (usize::BITS - 1);

/// The most receivers a channel may have, so that the counts fit their fields.
const MAX_RECEIVERS: usize = (1 << 29) - 1;

/// The tail word's flag: a subscriber is counting itself at the tail (invariant 7).
const SUBSCRIBING: u64 = 1;
/// The tail word holds the tail sequence shifted past [`SUBSCRIBING`].
const TAIL_ONE: u64 = 2;

fn readers(state: u64) -> u64 {
    state & READERS
}

fn cloners(state: u64) -> u64 {
    (state & CLONERS) >> 31
}

fn retirable(state: u64) -> bool {
    state & (PUBLISHED | HEAD | READERS | CLONERS) == PUBLISHED | HEAD
}

/// Announces a receiver waiting for the message of `state`'s position; `false` if it is
/// published already.
fn mark_recv_waits(state: &AtomicU64) -> bool {
    let mut current = state.load(Ordering::SeqCst);
    while current & PUBLISHED == 0 {
        match state.compare_exchange_weak(
            current,
            current | RECV_WAITS,
            Ordering::SeqCst,
            Ordering::SeqCst,
        ) {
            Ok(_) => return true,
            Err(actual) => current = actual,
        }
    }
    false
}

struct Slot<T> {
    state: AtomicU64,
    value: UnsafeCell<MaybeUninit<T>>,
}

pub(crate) struct SlotRing<T> {
    slots: Box<[Slot<T>]>,
    capacity: usize,
    /// `tail * TAIL_ONE`, plus [`SUBSCRIBING`] while a subscriber counts itself.
    tail: CachePadded<AtomicU64>,
    /// The lowest unretired sequence (for `len`; the `HEAD` bit is what readers use).
    head: CachePadded<AtomicU64>,
    /// Occupancy (invariant 1) plus [`SEND_WAITS`].
    occupied: CachePadded<AtomicUsize>,
    senders: AtomicUsize,
    receivers: AtomicUsize,
    send_waiters: Mutex<WaiterList>,
    recv_waiters: Mutex<WaiterList>,
    pub(crate) closing: Closing,
}

// SAFETY: values move into the ring and out of it (or are dropped) on any thread holding a
// handle or a send future, which needs `T: Send`; every access to a slot's value is ordered
// by its state word (invariants 2-4). Reading a value through `&T` (to clone it) is done
// only by `broadcast::Receiver`, which is `Send`/`Sync` only when `T: Send + Sync`, so for
// a `!Sync` payload every reader stays on one thread.
unsafe impl<T: Send> Send for SlotRing<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for SlotRing<T> {}

/// What a receiver found at its position.
enum Read<T> {
    Value(T),
    /// Nothing published there yet.
    Empty,
    /// The receiver is the head's last reader and cloners are still at work.
    ClonersBusy,
}

/// Finishes a retirement chain if dropping a retired value panics.
struct ContinueRetiring<'a, T> {
    ring: &'a SlotRing<T>,
    seq: u64,
}

impl<T> Drop for ContinueRetiring<'_, T> {
    fn drop(&mut self) {
        self.ring.retire_chain(self.seq);
    }
}

/// Counts a cloner back as a reader if `T::clone` panics (invariant 6).
struct CloneGuard<'a, T> {
    ring: &'a SlotRing<T>,
    seq: u64,
}

impl<T> Drop for CloneGuard<'_, T> {
    fn drop(&mut self) {
        self.ring.cloner_leaves(self.seq, READER);
    }
}

impl<T> SlotRing<T> {
    /// A ring with one sender and one receiver, the receiver at position 0.
    ///
    /// # Panics
    ///
    /// Panics with "capacity must be at least 1" when `capacity` is 0.
    #[cfg(test)]
    pub(crate) fn new(capacity: usize) -> Self {
        Self::with_receivers(capacity, 1)
    }

    /// A ring with one sender and `receivers` receivers at position 0 (0 or 1).
    #[inline]
    pub(crate) fn with_receivers(capacity: usize, receivers: usize) -> Self {
        assert!(capacity >= 1, "capacity must be at least 1");
        let mut slots: Box<[Slot<T>]> = (0..(capacity + 1).next_power_of_two())
            .map(|_| Slot {
                state: AtomicU64::new(0),
                value: UnsafeCell::new(MaybeUninit::uninit()),
            })
            .collect();
        // Sequence 0 is the head, read by the first `receivers` receivers. Set after the
        // loop so that the loop is a plain fill.
        slots[0].state = AtomicU64::new(HEAD | (receivers as u64 * READER));
        SlotRing {
            slots,
            capacity,
            tail: CachePadded::new(AtomicU64::new(0)),
            head: CachePadded::new(AtomicU64::new(0)),
            occupied: CachePadded::new(AtomicUsize::new(0)),
            senders: AtomicUsize::new(1),
            receivers: AtomicUsize::new(receivers),
            send_waiters: Mutex::new(WaiterList::new()),
            recv_waiters: Mutex::new(WaiterList::new()),
            closing: {
                let closing = Closing::new();
                if receivers == 0 {
                    closing.close(&mut WakeBatch::new());
                }
                closing
            },
        }
    }

    fn slot(&self, seq: u64) -> &Slot<T> {
        // `slots.len()` is a power of two.
        &self.slots[(seq & (self.slots.len() as u64 - 1)) as usize]
    }

    fn tail(&self) -> u64 {
        self.tail.load(Ordering::SeqCst) / TAIL_ONE
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Messages sent and not yet read by every receiver.
    pub(crate) fn len(&self) -> usize {
        let head = self.head.load(Ordering::SeqCst);
        self.tail().saturating_sub(head) as usize
    }

    /// Messages the receiver at `pos` has not read yet.
    pub(crate) fn unread(&self, pos: u64) -> usize {
        self.tail().saturating_sub(pos) as usize
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closing.is_closed()
    }

    fn receivers_gone(&self) -> bool {
        self.receivers.load(Ordering::SeqCst) == 0
    }

    pub(crate) fn add_sender(&self) {
        self.senders.fetch_add(1, Ordering::Relaxed);
    }

    /// Adds a sender unless none is left (a weak sender's upgrade): a channel whose senders
    /// are all gone stays ended.
    pub(crate) fn revive_sender(&self) -> bool {
        let mut senders = self.senders.load(Ordering::SeqCst);
        while senders > 0 {
            match self.senders.compare_exchange_weak(
                senders,
                senders + 1,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return true,
                Err(actual) => senders = actual,
            }
        }
        false
    }

    /// Sender handles counting as senders.
    pub(crate) fn sender_count(&self) -> usize {
        self.senders.load(Ordering::SeqCst)
    }

    /// Receiver handles, inactive ones included.
    pub(crate) fn receiver_count(&self) -> usize {
        self.receivers.load(Ordering::SeqCst)
    }

    /// Counts one more receiver handle; reopens the channel if there was none.
    /// Call with the receiver lock held (invariant 8).
    fn add_receiver_locked(&self) {
        let before = self.receivers.fetch_add(1, Ordering::SeqCst);
        assert!(before < MAX_RECEIVERS, "too many broadcast receivers");
        if before == 0 {
            self.closing.reopen();
        }
    }

    /// Adds a receiver that will see only messages sent from now on; returns its position.
    /// Reopens the channel if every receiver had gone.
    pub(crate) fn subscribe(&self) -> u64 {
        let _receivers = self.recv_waiters.lock();
        self.add_receiver_locked();
        // Subscribers hold the receiver lock, so only senders compete for the tail word.
        let tail = self.tail.fetch_or(SUBSCRIBING, Ordering::SeqCst);
        let seq = tail / TAIL_ONE;
        self.slot(seq).state.fetch_add(READER, Ordering::SeqCst);
        self.tail.store(tail, Ordering::SeqCst);
        seq
    }

    /// Adds a receiver at the same position as an existing one, which keeps the channel
    /// open and its position's word live while this runs.
    pub(crate) fn clone_receiver(&self, pos: u64) {
        let before = self.receivers.fetch_add(1, Ordering::SeqCst);
        assert!(before < MAX_RECEIVERS, "too many broadcast receivers");
        self.slot(pos).state.fetch_add(READER, Ordering::SeqCst);
    }

    /// Drops the receiver at `pos`: its unread messages are released, and the last receiver
    /// closes the channel.
    pub(crate) fn drop_receiver(&self, pos: u64, key: &mut Option<WaitKey>) {
        // Uncounted first: dropping a released message may panic, and the channel must
        // still close.
        self.forget_receiver(key);
        self.leave(pos);
    }

    /// Counts an inactive receiver: it holds no position, so it keeps the channel open
    /// without holding any message. Reopens the channel if there was no receiver.
    pub(crate) fn add_inactive(&self) {
        let _receivers = self.recv_waiters.lock();
        self.add_receiver_locked();
    }

    /// Uncounts the receiver at `pos`, releasing what only it still had to read.
    fn leave(&self, pos: u64) {
        let left = self.slot(pos).state.fetch_sub(READER, Ordering::SeqCst) - READER;
        if retirable(left) {
            self.retire_chain(pos);
        }
    }

    /// Uncounts a receiver handle (active or inactive) and drops its registration; the last
    /// one closes the channel and fails every waiting sender.
    pub(crate) fn forget_receiver(&self, key: &mut Option<WaitKey>) {
        let mut batch = WakeBatch::new();
        let (waker, last) = {
            let mut waiters = self.recv_waiters.lock();
            let (_, waker) = waiters.remove_returning(key);
            let last = self.receivers.fetch_sub(1, Ordering::SeqCst) == 1;
            if last {
                self.closing.close(&mut batch);
            }
            (waker, last)
        };
        drop(waker);
        if last {
            let mut waiters = self.send_waiters.lock();
            waiters.notify_all(&mut batch);
            self.sync_send_waits(&waiters);
        }
        batch.wake();
    }

    /// Drops a sender handle along with its registration and reservation.
    pub(crate) fn drop_sender(&self, key: &mut Option<WaitKey>, permit: &mut bool) {
        self.release_sender(key, permit);
        if self.senders.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.notify_receivers();
        }
    }

    /// Drops a sender's registration and returns its reservation. Each carries a wake-up
    /// to one waiting sender: the notification it held (the slot it was woken for may still
    /// be free) and the returned slot. One wake-up for both could leave a sender waiting
    /// while a slot is free, since a send that completes does not pass its wake-up on.
    fn release_sender(&self, key: &mut Option<WaitKey>, permit: &mut bool) {
        if key.is_none() && !*permit {
            return;
        }
        let mut batch = WakeBatch::new();
        let waker = {
            let mut waiters = self.send_waiters.lock();
            let (notified, waker) = waiters.remove_returning(key);
            let released = std::mem::take(permit);
            if released {
                self.occupied.fetch_sub(1, Ordering::SeqCst);
            }
            let wakes = usize::from(notified) + usize::from(released);
            if wakes > 0 {
                self.serve_senders(&mut waiters, &mut batch, wakes);
            }
            self.sync_send_waits(&waiters);
            waker
        };
        drop(waker);
        batch.wake();
    }

    /// Takes a unit of occupancy if the buffer (with its reservations) has room.
    fn try_occupy(&self) -> bool {
        self.try_occupy_many(1)
    }

    /// Takes `n` units of occupancy at once if the buffer (with its reservations) has room.
    fn try_occupy_many(&self, n: usize) -> bool {
        let mut occupied = self.occupied.load(Ordering::SeqCst);
        while (occupied & !SEND_WAITS) + n <= self.capacity {
            match self.occupied.compare_exchange_weak(
                occupied,
                occupied + n,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return true,
                Err(current) => occupied = current,
            }
        }
        false
    }

    /// Takes a unit of occupancy for a send: `Some(true)` taken, `Some(false)` full, `None`
    /// closed. The receiver count is read after the claim: a leaving receiver frees its
    /// messages only after it is uncounted, so a unit it freed comes with the count.
    pub(crate) fn occupy_for_send(&self) -> Option<bool> {
        let taken = self.try_occupy();
        if self.receivers_gone() {
            if taken {
                self.free_slot();
            }
            return None;
        }
        Some(taken)
    }

    /// Returns a unit of occupancy and serves the waiting senders.
    pub(crate) fn free_slot(&self) {
        self.free_slots(1);
    }

    /// Returns `n` units of occupancy and serves the waiting senders.
    fn free_slots(&self, n: usize) {
        if self.occupied.fetch_sub(n, Ordering::SeqCst) & SEND_WAITS != 0 {
            let mut batch = WakeBatch::new();
            {
                let mut waiters = self.send_waiters.lock();
                self.serve_senders(&mut waiters, &mut batch, n);
                self.sync_send_waits(&waiters);
            }
            batch.wake();
        }
    }

    /// Hands room to the waiting senders in arrival order, as the queue does (see
    /// `core/queue.rs`, "Permits: who gets freed room"): up to `wakes` waiting sends first in
    /// line are notified; a reservation first in line gets every free unit set aside for it
    /// and is notified once it holds all it needs. Called under the sender lock.
    fn serve_senders(&self, waiters: &mut WaiterList, batch: &mut WakeBatch, wakes: usize) {
        waiters.serve_line(batch, wakes, self);
    }

    /// Makes `SEND_WAITS` say whether a sender is registered; call with the sender lock.
    ///
    /// The bit changes only under the sender lock, so the load sees its current value, and
    /// a bit already right is not written: a set bit has been in the word since an earlier
    /// holder of the lock set it, so every `fetch_sub` that misses it comes before that set
    /// in the word's modification order and its freed unit is seen by the caller's next
    /// look, which happens after the set.
    fn sync_send_waits(&self, waiters: &WaiterList) {
        let set = self.occupied.load(Ordering::SeqCst) & SEND_WAITS != 0;
        if waiters.is_empty() {
            if set {
                self.occupied.fetch_and(!SEND_WAITS, Ordering::SeqCst);
            }
        } else if !set {
            self.occupied.fetch_or(SEND_WAITS, Ordering::SeqCst);
        }
    }

    /// Claims the next sequence (the caller holds a unit of occupancy).
    fn claim(&self) -> u64 {
        let mut tail = self.tail.load(Ordering::SeqCst);
        loop {
            if tail & SUBSCRIBING != 0 {
                // A subscriber is between two atomic steps (invariant 7).
                spin_loop();
                tail = self.tail.load(Ordering::SeqCst);
                continue;
            }
            match self.tail.compare_exchange_weak(
                tail,
                tail + TAIL_ONE,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return tail / TAIL_ONE,
                Err(current) => tail = current,
            }
        }
    }

    /// Writes `value` as the next message (the caller holds a unit of occupancy) and wakes
    /// every waiting receiver.
    pub(crate) fn publish(&self, value: T) {
        let seq = self.claim();
        let slot = self.slot(seq);
        // SAFETY: the claim makes this sender the only writer of `seq`'s slot, whose last
        // message was retired (invariant 3); no reader touches it before `PUBLISHED`.
        slot.value.with_mut(|cell| unsafe { (*cell).write(value) });
        let before = slot.state.fetch_or(PUBLISHED, Ordering::SeqCst);
        if retirable(before | PUBLISHED) {
            // No receiver will read it (none was at or below `seq`).
            self.retire_chain(seq);
        }
        if before & RECV_WAITS != 0 {
            self.notify_receivers();
        }
    }

    fn notify_receivers(&self) {
        let mut batch = WakeBatch::new();
        {
            let mut waiters = self.recv_waiters.lock();
            waiters.notify_all(&mut batch);
        }
        batch.wake();
    }

    /// Retires `seq` (retirable, and now owned by the caller by invariant 2) and every
    /// following position that becomes retirable on getting the head.
    fn retire_chain(&self, mut seq: u64) {
        loop {
            // SAFETY: `seq` is published and retirable, and only its retirer gets here
            // (invariant 2): no reader or cloner touches the value any more.
            let value = self
                .slot(seq)
                .value
                .with(|cell| unsafe { (*cell).assume_init_read() });
            let next = self.advance_head(seq);
            match next {
                None => {
                    drop(value);
                    return;
                }
                Some(next) => {
                    let rest = ContinueRetiring {
                        ring: self,
                        seq: next,
                    };
                    drop(value);
                    std::mem::forget(rest);
                    seq = next;
                }
            }
        }
    }

    /// The value of retired `seq` has been taken out: resets its word, moves the head on,
    /// frees its slot and passes `HEAD` on. Returns the next position if it is retirable.
    fn advance_head(&self, seq: u64) -> Option<u64> {
        self.slot(seq).state.store(0, Ordering::Release);
        self.head.store(seq + 1, Ordering::Release);
        self.free_slot();
        let before = self.slot(seq + 1).state.fetch_or(HEAD, Ordering::SeqCst);
        retirable(before | HEAD).then_some(seq + 1)
    }

    /// A cloner of `seq` stops cloning, counted back at `seq` with `back` (a reader whose
    /// clone panicked) or not at all (`0`, it arrived at `seq + 1`).
    fn cloner_leaves(&self, seq: u64, back: u64) {
        let state = &self.slot(seq).state;
        let mut current = state.load(Ordering::SeqCst);
        loop {
            let mut next = current - CLONER + back;
            let wake = cloners(next) == 0 && next & MOVER_WAITS != 0;
            if wake {
                next &= !MOVER_WAITS;
            }
            match state.compare_exchange_weak(current, next, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) => {
                    if wake {
                        self.notify_receivers();
                    }
                    if retirable(next) {
                        self.retire_chain(seq);
                    }
                    return;
                }
                Err(actual) => current = actual,
            }
        }
    }

    pub(crate) fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        match self.occupy_for_send() {
            None => Err(TrySendError::Closed(value)),
            Some(false) => Err(TrySendError::Full(value)),
            Some(true) => {
                self.publish(value);
                Ok(())
            }
        }
    }

    /// Drops the registration behind `key` (the operation is over), dropping its waker
    /// after unlocking.
    fn forget_send(&self, key: &mut Option<WaitKey>) {
        if key.is_some() {
            let waker = {
                let mut waiters = self.send_waiters.lock();
                let (_, waker) = waiters.remove_returning(key);
                self.sync_send_waits(&waiters);
                waker
            };
            drop(waker);
        }
    }

    /// Takes a unit of occupancy for the operation owning `key`, or registers `waker`.
    /// `Ready(false)`: closed; `Ready(true)`: a unit is taken.
    pub(crate) fn poll_occupy(&self, key: &mut Option<WaitKey>, waker: &Waker) -> Poll<bool> {
        let fast = match self.occupy_for_send() {
            None => Some(false),
            Some(true) => Some(true),
            Some(false) => None,
        };
        if let Some(outcome) = fast {
            self.forget_send(key);
            return Poll::Ready(outcome);
        }
        let (replaced, outcome) = {
            let mut waiters = self.send_waiters.lock();
            let replaced = waiters.register_returning(key, waker);
            self.sync_send_waits(&waiters);
            // `occupy_for_send` without `free_slot`, whose lock is held here: a closing
            // channel notifies every waiting sender anyway.
            let taken = self.try_occupy();
            let outcome = if self.receivers_gone() {
                if taken {
                    self.occupied.fetch_sub(1, Ordering::SeqCst);
                }
                Some(false)
            } else {
                taken.then_some(true)
            };
            let removed = if outcome.is_some() {
                let (_, waker) = waiters.remove_returning(key);
                self.sync_send_waits(&waiters);
                waker
            } else {
                None
            };
            ((replaced, removed), outcome)
        };
        drop(replaced);
        match outcome {
            Some(outcome) => Poll::Ready(outcome),
            None => Poll::Pending,
        }
    }

    pub(crate) fn poll_send(
        &self,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
        value: T,
    ) -> PollSend<T> {
        match self.poll_occupy(key, cx.waker()) {
            Poll::Ready(true) => {
                self.publish(value);
                PollSend::Ready
            }
            Poll::Ready(false) => PollSend::Rejected(value),
            Poll::Pending => PollSend::Pending(value),
        }
    }

    /// An abandoned pending send: pass a wake-up it received to the next sender.
    pub(crate) fn cancel_send(&self, key: &mut Option<WaitKey>) {
        self.release_sender(key, &mut false);
    }

    /// `futures_sink::Sink::poll_ready`: reserves a slot into `permit`. Resolves without a
    /// permit when the channel is closed; `send_reserved` then hands the value back.
    pub(crate) fn poll_reserve(
        &self,
        key: &mut Option<WaitKey>,
        permit: &mut bool,
        cx: &mut Context<'_>,
    ) -> Poll<()> {
        if *permit {
            return Poll::Ready(());
        }
        self.poll_occupy(key, cx.waker())
            .map(|taken| *permit = taken)
    }

    /// `futures_sink::Sink::start_send`: fills the slot reserved by `poll_reserve`.
    ///
    /// Without a permit it sends only if there is room now.
    pub(crate) fn send_reserved(&self, permit: &mut bool, value: T) -> Result<(), SendError<T>> {
        let had_permit = std::mem::take(permit);
        if self.receivers_gone() {
            if had_permit {
                self.free_slot();
            }
            return Err(SendError(value));
        }
        if had_permit || self.occupy_for_send() == Some(true) {
            self.publish(value);
            Ok(())
        } else {
            Err(SendError(value))
        }
    }

    /// An abandoned pending receive. Every waiting receiver is woken for every message, so
    /// there is no wake-up to pass on. The key belongs to the receiver handle, which usually
    /// waits again with the same waker: its node is parked rather than freed.
    pub(crate) fn cancel_recv(&self, key: &mut Option<WaitKey>) {
        if key.is_some() {
            let mut waiters = self.recv_waiters.lock();
            waiters.park(key);
        }
    }

    // Permits (`reserve`, `try_reserve`, `reserve_many`): units of occupancy taken ahead of
    // the message, set aside for waiting reservations in arrival order.

    /// Reserves `n` (1 to the capacity) units now, or fails without waiting.
    pub(crate) fn try_reserve_slots(&self, n: usize) -> Result<(), TrySendError<()>> {
        let taken = self.try_occupy_many(n);
        if self.receivers_gone() {
            if taken {
                self.free_slots(n);
            }
            return Err(TrySendError::Closed(()));
        }
        if taken {
            Ok(())
        } else {
            Err(TrySendError::Full(()))
        }
    }

    /// Polls a reservation of `n` (1 to the capacity) units: `Ready(true)` once the caller
    /// holds them, `Ready(false)` when every receiver is gone (holding nothing). While
    /// pending the reservation waits in line under `key`.
    pub(crate) fn poll_reserve_slots(
        &self,
        key: &mut Option<WaitKey>,
        n: usize,
        waker: &Waker,
    ) -> Poll<bool> {
        if key.is_none() {
            match self.try_reserve_slots(n) {
                Ok(()) => return Poll::Ready(true),
                Err(TrySendError::Closed(())) => return Poll::Ready(false),
                Err(TrySendError::Full(())) => {}
            }
            if waker.will_wake(Waker::noop()) {
                return Poll::Pending;
            }
        }
        let mut batch = WakeBatch::new();
        let (dropped, outcome) = {
            let mut waiters = self.send_waiters.lock();
            let (outcome, dropped) = waiters.reserve_waiting(&mut batch, key, waker, n, self);
            self.sync_send_waits(&waiters);
            (dropped, outcome)
        };
        batch.wake();
        drop(dropped);
        match outcome {
            Some(reserved) => Poll::Ready(reserved),
            None => Poll::Pending,
        }
    }

    /// A reservation abandoned while it waited: the units set aside for it go to the next
    /// in line.
    pub(crate) fn cancel_reserve_slots(&self, key: &mut Option<WaitKey>) {
        if key.is_none() {
            return;
        }
        let mut batch = WakeBatch::new();
        let removed = {
            let mut waiters = self.send_waiters.lock();
            let removed = waiters.cancel_reservation(&mut batch, key, self);
            self.sync_send_waits(&waiters);
            removed
        };
        drop(removed);
        batch.wake();
    }

    /// Sends `value` in a reserved unit. If every receiver is gone it is retired (dropped)
    /// at once, as nobody is at its position.
    pub(crate) fn send_reserved_slot(&self, value: T) {
        self.publish(value);
    }

    /// Gives back `n` reserved units unused and serves the waiting senders.
    pub(crate) fn release_slots(&self, n: usize) {
        self.free_slots(n);
    }

    /// Whether receiving has ended for the receiver at `pos`: no sender left, all read.
    pub(crate) fn is_terminated(&self, pos: u64) -> bool {
        self.senders.load(Ordering::SeqCst) == 0 && pos == self.tail()
    }

    pub(crate) fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        f.field("len", &self.len())
            .field("capacity", &self.capacity)
            .field("senders", &self.senders.load(Ordering::Relaxed))
            .field("receivers", &self.receivers.load(Ordering::Relaxed))
            .field("closed", &self.is_closed());
    }
}

/// The ring's room for its line of senders: units of occupancy.
impl<T> Room for SlotRing<T> {
    fn refuses(&self) -> bool {
        self.receivers_gone()
    }

    fn take_unit(&self) -> bool {
        self.try_occupy()
    }

    fn give_back(&self, n: usize) {
        self.occupied.fetch_sub(n, Ordering::SeqCst);
    }

    /// Sets `SEND_WAITS` in `occupied`, where every freer's `fetch_sub` sees it.
    fn announce(&self, line: &WaiterList) {
        self.sync_send_waits(line);
    }
}

impl<T: Clone> SlotRing<T> {
    /// Reads the message at `pos` if it is published, advancing `pos`. With `may_wait`,
    /// the head's last reader reports [`Read::ClonersBusy`] instead of cloning.
    fn read(&self, pos: &mut u64, may_wait: bool) -> Read<T> {
        let seq = *pos;
        let slot = self.slot(seq);
        let mut state = slot.state.load(Ordering::SeqCst);
        loop {
            if state & PUBLISHED == 0 {
                return Read::Empty;
            }
            let last = state & HEAD != 0 && readers(state) == 1;
            if last && cloners(state) == 0 {
                // Leaving makes the position retirable by this reader alone (invariant 2),
                // so it takes the value without cloning. Its compare-and-swap leaves and
                // resets the word in one step.
                if let Err(actual) =
                    slot.state
                        .compare_exchange_weak(state, 0, Ordering::SeqCst, Ordering::SeqCst)
                {
                    state = actual;
                    continue;
                }
                // SAFETY: the position is retirable and this reader made it so (invariant
                // 2); its slot stays out of senders' reach until `free_slot` below.
                let value = slot
                    .value
                    .with(|cell| unsafe { (*cell).assume_init_read() });
                self.head.store(seq + 1, Ordering::Release);
                // Arriving at the next position and giving it the head in one step: the
                // head cannot pass this reader, which counts there before it is the head.
                self.slot(seq + 1)
                    .state
                    .fetch_add(READER | HEAD, Ordering::SeqCst);
                *pos = seq + 1;
                self.free_slot();
                return Read::Value(value);
            }
            if !needs_drop::<T>() {
                // Not the last reader: clone while still counted as a reader (see
                // "Payloads without drop glue" above), then arrive at the next position and
                // leave this one, retiring it if this receiver was the last one there.
                // SAFETY: this receiver is counted as a reader of a published message, so
                // the message is neither moved (its mover is the position's sole reader)
                // nor retired (that needs no reader) before `leave` below (invariant 4).
                let value = slot
                    .value
                    .with(|cell| unsafe { (*cell).assume_init_ref() }.clone());
                self.slot(seq + 1).state.fetch_add(READER, Ordering::SeqCst);
                *pos = seq + 1;
                self.leave(seq);
                return Read::Value(value);
            }
            if last && may_wait {
                return Read::ClonersBusy;
            }
            let cloning = state - READER + CLONER;
            if let Err(actual) =
                slot.state
                    .compare_exchange_weak(state, cloning, Ordering::SeqCst, Ordering::SeqCst)
            {
                state = actual;
                continue;
            }
            let guard = CloneGuard { ring: self, seq };
            // SAFETY: this receiver is counted as a cloner of a published message, which is
            // neither moved nor dropped while a cloner is counted (invariant 4).
            let value = slot
                .value
                .with(|cell| unsafe { (*cell).assume_init_ref() }.clone());
            std::mem::forget(guard);
            self.slot(seq + 1).state.fetch_add(READER, Ordering::SeqCst);
            *pos = seq + 1;
            self.cloner_leaves(seq, 0);
            return Read::Value(value);
        }
    }

    /// Reads the message at `pos` for one receiver, advancing `pos`.
    pub(crate) fn poll_recv(
        &self,
        pos: &mut u64,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
    ) -> PollRecv<T> {
        if cx.waker().will_wake(Waker::noop()) {
            // Polled by a `try_*` method: no waiting, not even for a cloner.
            return match self.try_recv(pos) {
                Ok(value) => PollRecv::Ready(value),
                Err(TryRecvError::Empty) => PollRecv::Pending,
                Err(TryRecvError::Closed) => PollRecv::Closed,
            };
        }
        loop {
            let busy = match self.read(pos, true) {
                Read::Value(value) => return PollRecv::Ready(value),
                Read::Empty => false,
                Read::ClonersBusy => true,
            };
            match self.wait(*pos, key, cx.waker(), busy) {
                Poll::Pending => return PollRecv::Pending,
                Poll::Ready(true) => return PollRecv::Closed,
                Poll::Ready(false) => {}
            }
        }
    }

    /// The slow path of a receive: registers `waker`, then looks again (see "Why no
    /// wake-up is lost"). `Ready(true)`: closed and drained; `Ready(false)`: read again.
    fn wait(&self, pos: u64, key: &mut Option<WaitKey>, waker: &Waker, busy: bool) -> Poll<bool> {
        let state = &self.slot(pos).state;
        let (replaced, removed, outcome) = {
            let mut waiters = self.recv_waiters.lock();
            let replaced = waiters.register_returning(key, waker);
            let outcome = if busy {
                self.mark_mover_waits(state)
            } else if !mark_recv_waits(state) {
                Poll::Ready(false)
            } else if self.senders.load(Ordering::SeqCst) == 0 {
                // A sender's last message is published before its count drops.
                Poll::Ready(state.load(Ordering::SeqCst) & PUBLISHED == 0)
            } else {
                Poll::Pending
            };
            let removed = if outcome.is_ready() {
                waiters.remove_returning(key).1
            } else {
                None
            };
            (replaced, removed, outcome)
        };
        drop((replaced, removed));
        outcome
    }

    /// The head's last reader waits for the cloners: sets `MOVER_WAITS` while one is at
    /// work (`Pending`), or finds none left (`Ready(false)`: read again).
    fn mark_mover_waits(&self, state: &AtomicU64) -> Poll<bool> {
        let mut current = state.load(Ordering::SeqCst);
        while cloners(current) > 0 {
            match state.compare_exchange_weak(
                current,
                current | MOVER_WAITS,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return Poll::Pending,
                Err(actual) => current = actual,
            }
        }
        Poll::Ready(false)
    }

    pub(crate) fn try_recv(&self, pos: &mut u64) -> Result<T, TryRecvError> {
        match self.read(pos, false) {
            Read::Value(value) => Ok(value),
            Read::ClonersBusy => unreachable!("try_recv clones rather than wait"),
            Read::Empty => {
                if self.senders.load(Ordering::SeqCst) == 0 {
                    // A sender's last message is published before its count drops.
                    match self.read(pos, false) {
                        Read::Value(value) => Ok(value),
                        _ => Err(TryRecvError::Closed),
                    }
                } else {
                    Err(TryRecvError::Empty)
                }
            }
        }
    }
}

impl<T> Drop for SlotRing<T> {
    fn drop(&mut self) {
        for slot in self.slots.iter_mut() {
            if slot.state.load(Ordering::Relaxed) & PUBLISHED != 0 {
                // SAFETY: a published word that was never reset holds an initialised value,
                // and no handle is left to read it.
                slot.value
                    .with_mut(|cell| unsafe { (*cell).assume_init_drop() });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CountingWaker;

    /// The reader count of each position from the head, the tail's included.
    fn readers_by_position<T>(ring: &SlotRing<T>) -> Vec<u64> {
        let (head, tail) = (ring.head.load(Ordering::SeqCst), ring.tail());
        (head..=tail)
            .map(|seq| readers(ring.slot(seq).state.load(Ordering::SeqCst)))
            .collect()
    }

    #[test]
    fn subscribing_and_cloning_only_count_readers_at_one_position() {
        let ring = SlotRing::new(4);
        ring.try_send(1).unwrap();
        ring.try_send(2).unwrap();
        assert_eq!(readers_by_position(&ring), vec![1, 0, 0]);
        let tail = ring.subscribe();
        assert_eq!(tail, 2);
        assert_eq!(readers_by_position(&ring), vec![1, 0, 1]);
        ring.clone_receiver(0);
        assert_eq!(readers_by_position(&ring), vec![2, 0, 1]);
        ring.drop_receiver(0, &mut None);
        ring.drop_receiver(2, &mut None);
        assert_eq!(readers_by_position(&ring), vec![1, 0, 0]);
        assert_eq!(ring.len(), 2);
    }

    #[test]
    fn a_reader_moves_its_count_to_the_next_position() {
        let ring = SlotRing::new(3);
        ring.try_send(1).unwrap();
        ring.try_send(2).unwrap();
        ring.clone_receiver(0);
        let mut pos = 0;
        assert_eq!(ring.try_recv(&mut pos), Ok(1));
        assert_eq!(readers_by_position(&ring), vec![1, 1, 0]);
        assert_eq!(ring.try_recv(&mut pos), Ok(2));
        assert_eq!(readers_by_position(&ring), vec![1, 0, 1]);
        assert_eq!(ring.len(), 2);
    }

    #[test]
    fn the_head_advances_when_its_last_reader_leaves() {
        let ring = SlotRing::new(3);
        ring.try_send(1).unwrap();
        ring.try_send(2).unwrap();
        let mut pos = 0;
        assert_eq!(ring.try_recv(&mut pos), Ok(1));
        assert_eq!(ring.len(), 1);
        assert_eq!((ring.head.load(Ordering::SeqCst), ring.tail()), (1, 2));
        assert_eq!(ring.slot(0).state.load(Ordering::SeqCst), 0, "slot 0 reset");
        assert_ne!(ring.slot(1).state.load(Ordering::SeqCst) & HEAD, 0);
    }

    #[test]
    fn try_operations_register_no_waker() {
        let ring = SlotRing::new(1);
        let mut pos = 0;
        assert_eq!(ring.try_recv(&mut pos), Err(TryRecvError::Empty));
        ring.try_send(1).unwrap();
        assert!(ring.try_send(2).is_err());
        assert!(ring.recv_waiters.lock().is_empty());
        assert!(ring.send_waiters.lock().is_empty());
        assert_eq!(ring.slot(1).state.load(Ordering::SeqCst) & RECV_WAITS, 0);
        assert_eq!(ring.occupied.load(Ordering::SeqCst) & SEND_WAITS, 0);
    }

    #[test]
    fn a_released_reservation_wakes_one_sender() {
        let ring = SlotRing::new(1);
        let (reserver, waiter) = (CountingWaker::new(), CountingWaker::new());
        let (mut permit, mut key) = (false, None);
        let reserved = ring.poll_reserve(
            &mut None,
            &mut permit,
            &mut Context::from_waker(&reserver.waker()),
        );
        assert!(reserved.is_ready() && permit);
        let pending = ring.poll_send(&mut key, &mut Context::from_waker(&waiter.waker()), 7);
        assert_eq!(pending, PollSend::Pending(7));
        ring.add_sender();
        ring.drop_sender(&mut None, &mut permit);
        assert_eq!(waiter.count(), 1);
        let ready = ring.poll_send(&mut key, &mut Context::from_waker(&waiter.waker()), 7);
        assert_eq!(ready, PollSend::Ready);
    }

    std::thread_local! {
        static CLONES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// A payload without drop glue that counts its clones (on this thread).
    #[derive(Debug, PartialEq)]
    struct CountedCopy(u32);

    const _: () = assert!(!needs_drop::<CountedCopy>());

    impl Clone for CountedCopy {
        fn clone(&self) -> Self {
            CLONES.with(|clones| clones.set(clones.get() + 1));
            CountedCopy(self.0)
        }
    }

    #[test]
    fn without_drop_glue_every_reader_but_the_head_s_last_clones_and_the_last_moves() {
        let ring = SlotRing::new(4);
        ring.clone_receiver(0);
        ring.clone_receiver(0);
        ring.try_send(CountedCopy(1)).unwrap();
        ring.try_send(CountedCopy(2)).unwrap();
        let mut positions = [0, 0, 0];
        // The first receiver reads both messages while the others still have to.
        for expected in [1, 2] {
            assert_eq!(ring.try_recv(&mut positions[0]), Ok(CountedCopy(expected)));
        }
        assert_eq!(CLONES.with(|clones| clones.get()), 2);
        assert_eq!(readers_by_position(&ring), vec![2, 0, 1]);
        // The second reads one: still not the last reader of the head.
        assert_eq!(ring.try_recv(&mut positions[1]), Ok(CountedCopy(1)));
        assert_eq!(CLONES.with(|clones| clones.get()), 3);
        assert_eq!(ring.len(), 2, "the third receiver has not read message 1");
        // The third is the head's sole reader: it moves message 1 out, no clone.
        let mut key = None;
        let waker = CountingWaker::new();
        let polled = ring.poll_recv(
            &mut positions[2],
            &mut key,
            &mut Context::from_waker(&waker.waker()),
        );
        assert_eq!(polled, PollRecv::Ready(CountedCopy(1)));
        assert_eq!(CLONES.with(|clones| clones.get()), 3);
        assert_eq!(ring.len(), 1);
        assert_eq!(readers_by_position(&ring), vec![2, 1]);
        // Message 2: the second reader clones, the third then moves it.
        assert_eq!(ring.try_recv(&mut positions[1]), Ok(CountedCopy(2)));
        assert_eq!(ring.try_recv(&mut positions[2]), Ok(CountedCopy(2)));
        assert_eq!(CLONES.with(|clones| clones.get()), 4, "6 reads, 2 moves");
        assert_eq!((ring.len(), positions), (0, [2, 2, 2]));
        assert_eq!(readers_by_position(&ring), vec![3]);
    }

    #[test]
    fn without_drop_glue_a_position_left_with_no_reader_is_retired_when_the_head_reaches_it() {
        let ring = SlotRing::new(4);
        ring.clone_receiver(0);
        ring.try_send(CountedCopy(1)).unwrap();
        ring.try_send(CountedCopy(2)).unwrap();
        let mut fast = 0;
        assert_eq!(ring.try_recv(&mut fast), Ok(CountedCopy(1)));
        // Position 1 is not the head: `fast` clones message 2 and leaves it with no reader.
        assert_eq!(ring.try_recv(&mut fast), Ok(CountedCopy(2)));
        assert_eq!(readers_by_position(&ring), vec![1, 0, 1]);
        assert_eq!(ring.len(), 2, "the other receiver has read neither");
        let mut slow = 0;
        assert_eq!(ring.try_recv(&mut slow), Ok(CountedCopy(1)));
        assert_eq!(ring.len(), 1);
        ring.drop_receiver(slow, &mut None);
        assert_eq!(
            ring.len(),
            0,
            "message 2 had no reader once the head reached it"
        );
        assert_eq!(readers_by_position(&ring), vec![1]);
    }

    #[test]
    fn the_last_reader_waits_for_a_cloner_and_then_moves_the_value() {
        // A payload with drop glue: only such payloads use the cloner protocol.
        let ring = SlotRing::new(2);
        ring.clone_receiver(0);
        ring.try_send(Box::new(5)).unwrap();
        // One receiver is cloning message 0 (as `read` leaves it mid-clone).
        let state = &ring.slot(0).state;
        state.fetch_add(CLONER - READER, Ordering::SeqCst);
        let waker = CountingWaker::new();
        let mut pos = 0;
        let mut key = None;
        let polled = ring.poll_recv(&mut pos, &mut key, &mut Context::from_waker(&waker.waker()));
        assert_eq!(polled, PollRecv::Pending);
        assert_ne!(state.load(Ordering::SeqCst) & MOVER_WAITS, 0);
        // The cloner finishes: it arrives at 1 and leaves 0, waking the waiting reader.
        ring.slot(1).state.fetch_add(READER, Ordering::SeqCst);
        ring.cloner_leaves(0, 0);
        assert_eq!(waker.count(), 1);
        let polled = ring.poll_recv(&mut pos, &mut key, &mut Context::from_waker(&waker.waker()));
        assert_eq!(polled, PollRecv::Ready(Box::new(5)));
        assert_eq!((ring.len(), pos), (0, 1));
    }

    #[test]
    fn try_recv_clones_instead_of_waiting_for_a_cloner() {
        // A payload with drop glue: only such payloads use the cloner protocol.
        let ring = SlotRing::new(2);
        ring.clone_receiver(0);
        ring.try_send(Box::new(5)).unwrap();
        ring.slot(0)
            .state
            .fetch_add(CLONER - READER, Ordering::SeqCst);
        let mut pos = 0;
        assert_eq!(ring.try_recv(&mut pos), Ok(Box::new(5)));
        assert_eq!(ring.len(), 1, "the cloner still holds the message");
        ring.slot(1).state.fetch_add(READER, Ordering::SeqCst);
        ring.cloner_leaves(0, 0);
        assert_eq!(ring.len(), 0, "the last cloner to leave frees it");
    }
}
