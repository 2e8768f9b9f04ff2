//! The lagging ring behind `broadcast::lagging`: many senders, many receivers, and a full
//! buffer overwrites its oldest message instead of making senders wait. A receiver that fell
//! behind skips what was overwritten, counts it, and goes on from the oldest message still
//! buffered.
//!
//! # Layout
//!
//! Messages are numbered by sequence (`u64`, never wraps in practice); sequence `seq` lives
//! in slot `seq % capacity`, so the ring keeps exactly the last `capacity` messages. A slot
//! holds:
//!
//! - `stamp`: `seq + 1` of the message it holds, `0` before its first message;
//! - `value`: that message, shared as an `Arc<T>`;
//! - `lock`: a writer bit, a count of readers copying the `Arc` out, and `RECV_WAITS`.
//!
//! Senders claim sequences with one `fetch_add` on `tail`. Receivers hold a position of
//! their own and are counted only as handles: nothing per position, so subscribing, cloning
//! and dropping a receiver is O(1) and a slow receiver holds nothing back.
//!
//! # The slot's critical section
//!
//! A reader takes a reader count, copies the `Arc` out (one reference-count increment),
//! and leaves. A writer takes the writer bit when no reader is in, moves its message into
//! the slot's `Arc` if no reader holds a copy of it (else swaps a new `Arc` in, allocated
//! outside), stores the stamp and leaves. Neither runs user code inside: the reader clones
//! `T` after leaving, and the writer drops the message (or `Arc`) it displaced after
//! leaving. A party that finds
//! the other inside spins ([`spin_loop`]): the peer is between two atomic steps of one
//! operation, a handful of instructions with no lock, no wait and no user code in between.
//! This spin is the slow part of the ring and its only one; it is bounded by those steps.
//!
//! # Invariants
//!
//! 1. A slot's `stamp` and `value` change only under its writer bit, and the stamp only
//!    grows: a writer whose sequence is older than the slot's stamp leaves the slot as it is
//!    and drops its message (an older message never overwrites a newer one). That message
//!    counts as overwritten.
//! 2. `stamp == seq + 1` means the slot holds message `seq`: a reader at `seq` copies it;
//!    `stamp < seq + 1` means `seq` is not written yet (or was claimed by a sender that found
//!    the channel closed, which no live receiver's position can reach, see 5); `stamp > seq +
//!    1` means `seq` was overwritten. In the last case `tail > seq + capacity`, so skipping
//!    to `tail - capacity` moves the receiver forward; every sequence it passes is claimed by
//!    a message at least `capacity` newer, so it is overwritten or about to be.
//! 3. A receiver advances past a message only after cloning it (a panic in `T::clone` leaves
//!    the message unread for that receiver) or by a skip, which adds the skipped count to
//!    its `lagged`. Each position from a receiver's start is thus received or counted once.
//! 4. The last reference to a message may be moved out instead of cloned
//!    (`Arc::try_unwrap`): this happens when the message was overwritten while the reader
//!    held its copy and no other reader holds one.
//! 5. The receiver count crosses zero only under the receiver lock. The last receiver to
//!    leave notes `tail` as `cleared` and drops every buffered message below it; a receiver
//!    made later starts at or above that (it starts at `tail`), so it never meets a slot so
//!    emptied. A sender checks the count after claiming (fails if zero, writing nothing)
//!    and again after writing (takes its message back out if zero), so a message written
//!    after the last receiver left does not outlive the write. A sequence whose sender
//!    found no receiver is below every later receiver's start, so nobody waits for it;
//!    that sender moves `cleared` past it, so `len` does not count it as kept. Both hold
//!    because the leaving and the subscribing receiver read `tail` with a
//!    read-modify-write after changing the count (`tail_latest`).
//! 6. No user code runs under a lock or inside a slot's critical section: `T::clone` and
//!    `T::drop` run outside both, wakers are woken after unlocking, and wakers replaced or
//!    removed under the lock are dropped after.
//!
//! # Why no wake-up is lost
//!
//! A receiver that finds nothing at `seq` takes the receiver lock, registers, sets
//! `RECV_WAITS` in the lock word of `seq`'s slot (a read-modify-write), and only then loads
//! the slot's stamp again. A writer stores the stamp and then leaves the slot with a
//! `fetch_and` that clears the writer bit and `RECV_WAITS` and returns the word. The two
//! read-modify-writes touch one location, so one of them comes first in its modification
//! order:
//!
//! - the writer's first: the receiver's `fetch_or` reads the word the writer's release
//!   wrote (or a later one in its release sequence), so it synchronises with it and the
//!   following stamp load sees the new stamp; the receiver reads (or skips) instead of
//!   sleeping;
//! - the receiver's first: the writer's `fetch_and` returns `RECV_WAITS`, so the writer
//!   takes the receiver lock and notifies every registered receiver (the registration
//!   happened under that lock before the bit was set, so the writer finds it).
//!
//! Only a write to `seq`'s slot changes what a receiver at `seq` finds, so the bit of that
//! one slot is enough. A writer that clears the bit notifies every waiting receiver; those
//! still waiting set it again. The sender count: its last decrement is followed by taking
//! the receiver lock and notifying, and a waiting receiver registers under that lock before
//! it looks at the count; a sender's messages are all written before its count drops, since
//! a send on this ring completes on its first poll.
//!
//! `tests/loom_lagging.rs` checks the overwrite racing a read, two writers racing for one
//! slot, and this hand-off.

use std::fmt;
use std::task::{Context, Poll, Waker};

use crate::core::closing::Closing;
use crate::core::padded::CachePadded;
use crate::core::waiters::{WaitKey, WaiterList, WakeBatch};
use crate::stream::{PollRecv, TryRecvError};
use crate::sync::{spin_loop, Arc, AtomicU64, AtomicUsize, Mutex, Ordering, UnsafeCell};

/// The slot's lock word: a writer is inside.
const WRITER: usize = 1;
/// The slot's lock word: a receiver waits for a write to this slot.
const RECV_WAITS: usize = 1 << 1;
/// The slot's lock word: one reader copying the `Arc` out.
const READER: usize = 1 << 2;
/// The slot's lock word: the reader count.
const READERS: usize = !(WRITER | RECV_WAITS);

/// The most receivers a channel may have.
const MAX_RECEIVERS: usize = usize::MAX >> 3;

struct Slot<T> {
    /// `seq + 1` of the message held, `0` before the first one (invariant 1).
    stamp: AtomicU64,
    /// [`WRITER`], [`RECV_WAITS`] and the reader count.
    lock: AtomicUsize,
    value: UnsafeCell<Option<Arc<T>>>,
}

pub(crate) struct LaggingRing<T> {
    slots: Box<[Slot<T>]>,
    /// `capacity - 1` when the capacity is a power of two (a mask replaces the division).
    mask: Option<u64>,
    /// The next sequence to claim.
    tail: CachePadded<AtomicU64>,
    /// Messages below it were dropped when the last receiver left (invariant 5), or never
    /// written: claimed by a send that found no receiver.
    cleared: AtomicU64,
    senders: AtomicUsize,
    receivers: AtomicUsize,
    recv_waiters: Mutex<WaiterList>,
    pub(crate) closing: Closing,
}

// SAFETY: values move into the ring and out of it (or are dropped) on any thread holding a
// handle, which needs `T: Send`; every access to a slot's value is made inside the slot's
// critical section (invariant 1). Reading a value through `&T` (to clone it) is done only by
// `broadcast::Receiver`, which is `Send`/`Sync` only when `T: Send + Sync`, so for a `!Sync`
// payload every reader stays on one thread.
unsafe impl<T: Send> Send for LaggingRing<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for LaggingRing<T> {}

impl<T> LaggingRing<T> {
    /// A ring with one sender and `receivers` receivers at position 0 (0 or 1).
    ///
    /// # Panics
    ///
    /// Panics with "capacity must be at least 1" when `capacity` is 0.
    pub(crate) fn with_receivers(capacity: usize, receivers: usize) -> Self {
        assert!(capacity >= 1, "capacity must be at least 1");
        let slots = (0..capacity)
            .map(|_| Slot {
                stamp: AtomicU64::new(0),
                lock: AtomicUsize::new(0),
                value: UnsafeCell::new(None),
            })
            .collect();
        LaggingRing {
            slots,
            mask: capacity.is_power_of_two().then_some(capacity as u64 - 1),
            tail: CachePadded::new(AtomicU64::new(0)),
            cleared: AtomicU64::new(0),
            senders: AtomicUsize::new(1),
            receivers: AtomicUsize::new(receivers),
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
        let index = match self.mask {
            Some(mask) => seq & mask,
            None => seq % self.slots.len() as u64,
        };
        &self.slots[index as usize]
    }

    fn tail(&self) -> u64 {
        self.tail.load(Ordering::SeqCst)
    }

    /// The tail read by a read-modify-write, which reads the latest claim: for the receiver
    /// count's crossings of zero (invariant 5). A sender claims (a read-modify-write of
    /// `tail`) and then loads the count; either this read comes first in `tail`'s
    /// modification order, and the claim synchronises with it and so sees the changed
    /// count, or the claim comes first and this read sees it. A plain load could return an
    /// older tail while the sender saw the old count.
    fn tail_latest(&self) -> u64 {
        self.tail.fetch_add(0, Ordering::SeqCst)
    }

    pub(crate) fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Messages still buffered: the last `capacity` sent, fewer before that many were sent
    /// or after the last receiver left.
    pub(crate) fn len(&self) -> usize {
        let tail = self.tail();
        let oldest = self.oldest(tail).max(self.cleared.load(Ordering::SeqCst));
        tail.saturating_sub(oldest) as usize
    }

    /// Messages the receiver at `pos` can still read.
    pub(crate) fn unread(&self, pos: u64) -> usize {
        let tail = self.tail();
        tail.saturating_sub(pos.max(self.oldest(tail))) as usize
    }

    /// The oldest sequence a slot can still hold when `tail` is the next one.
    fn oldest(&self, tail: u64) -> u64 {
        tail.saturating_sub(self.capacity() as u64)
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
            match self.senders.compare_exchange(
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

    /// Drops a sender handle; the last one ends the channel for its receivers.
    pub(crate) fn drop_sender(&self) {
        if self.senders.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.notify_receivers();
        }
    }

    /// Counts one more receiver handle; reopens the channel if there was none.
    /// Call with the receiver lock held (invariant 5).
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
        self.tail_latest()
    }

    /// Adds a receiver beside an existing one (which keeps the channel open meanwhile).
    pub(crate) fn clone_receiver(&self) {
        let before = self.receivers.fetch_add(1, Ordering::SeqCst);
        assert!(before < MAX_RECEIVERS, "too many broadcast receivers");
    }

    /// Counts an inactive receiver: it keeps the channel open. Reopens the channel if there
    /// was no receiver.
    pub(crate) fn add_inactive(&self) {
        let _receivers = self.recv_waiters.lock();
        self.add_receiver_locked();
    }

    /// Uncounts a receiver handle (active or inactive) and drops its registration; the last
    /// one closes the channel and drops what is buffered.
    pub(crate) fn forget_receiver(&self, key: &mut Option<WaitKey>) {
        let mut batch = WakeBatch::new();
        let (waker, cleared) = {
            let mut waiters = self.recv_waiters.lock();
            let (_, waker) = waiters.remove_returning(key);
            let cleared = if self.receivers.fetch_sub(1, Ordering::SeqCst) == 1 {
                self.closing.close(&mut batch);
                let tail = self.tail_latest();
                self.cleared.fetch_max(tail, Ordering::SeqCst);
                Some(tail)
            } else {
                None
            };
            (waker, cleared)
        };
        drop(waker);
        batch.wake();
        if let Some(bound) = cleared {
            for index in 0..self.slots.len() {
                self.take_below(&self.slots[index], bound + 1);
            }
        }
    }

    /// Takes the writer bit of `slot`. A writer (or a reader) inside is between two atomic
    /// steps of one operation, with no user code in between: the spin is bounded by them.
    fn enter_writer(slot: &Slot<T>) {
        let mut current = slot.lock.load(Ordering::SeqCst);
        loop {
            if current & (WRITER | READERS) != 0 {
                spin_loop();
                current = slot.lock.load(Ordering::SeqCst);
                continue;
            }
            match slot.lock.compare_exchange(
                current,
                current | WRITER,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return,
                Err(actual) => current = actual,
            }
        }
    }

    /// Leaves the slot's critical section as its writer, notifying the waiting receivers if
    /// one announced itself on this slot.
    fn leave_writer(&self, slot: &Slot<T>) {
        let before = slot
            .lock
            .fetch_and(!(WRITER | RECV_WAITS), Ordering::SeqCst);
        if before & RECV_WAITS != 0 {
            self.notify_receivers();
        }
    }

    /// Takes the message out of `slot` if its stamp is below `stamp_bound` (invariant 5);
    /// drops it after leaving the slot.
    fn take_below(&self, slot: &Slot<T>, stamp_bound: u64) {
        Self::enter_writer(slot);
        let stamp = slot.stamp.load(Ordering::SeqCst);
        let taken = if stamp < stamp_bound {
            // SAFETY: this thread holds the slot's writer bit, which excludes every other
            // access to the value (invariant 1).
            slot.value.with_mut(|cell| unsafe { (*cell).take() })
        } else {
            None
        };
        self.leave_writer(slot);
        drop(taken);
    }

    /// Claims the next sequence and writes `value` there, overwriting the oldest message.
    /// Fails with the value when every receiver is gone.
    pub(crate) fn send(&self, value: T) -> Result<(), T> {
        let seq = self.tail.fetch_add(1, Ordering::SeqCst);
        if self.receivers_gone() {
            // No receiver can reach `seq`: any made later starts above it (invariant 5).
            // Nothing is written there, so `len` must not count it either.
            self.cleared.fetch_max(seq + 1, Ordering::SeqCst);
            return Err(value);
        }
        self.write(seq, value);
        if self.receivers_gone() {
            self.take_below(self.slot(seq), seq + 2);
        }
        Ok(())
    }

    /// Writes the claimed sequence `seq` unless its slot holds a newer message already
    /// (invariant 1), and wakes the receivers waiting on the slot.
    ///
    /// The message moves into the `Arc` the slot holds when no reader holds a copy of it
    /// (the common case: a reader's copy lives only while it clones), so a send in the
    /// steady state allocates nothing; otherwise it goes into a new `Arc`, allocated
    /// outside the critical section.
    fn write(&self, seq: u64, value: T) {
        let slot = self.slot(seq);
        Self::enter_writer(slot);
        if slot.stamp.load(Ordering::Acquire) > seq {
            // A newer message got here first: this one counts as overwritten.
            self.leave_writer(slot);
            drop(value);
            return;
        }
        // SAFETY: this thread holds the slot's writer bit, which excludes every other
        // access to the value (invariant 1).
        let moved_in =
            slot.value.with_mut(
                |cell| match unsafe { (*cell).as_mut() }.and_then(Arc::get_mut) {
                    Some(unshared) => Ok(std::mem::replace(unshared, value)),
                    None => Err(value),
                },
            );
        let value = match moved_in {
            Ok(replaced) => {
                slot.stamp.store(seq + 1, Ordering::Release);
                self.leave_writer(slot);
                // User code (`T::drop`), run outside the slot's critical section.
                drop(replaced);
                return;
            }
            Err(value) => value,
        };
        self.leave_writer(slot);
        let shared = Arc::new(value);
        Self::enter_writer(slot);
        let displaced = if slot.stamp.load(Ordering::Acquire) > seq {
            Some(shared)
        } else {
            slot.stamp.store(seq + 1, Ordering::Release);
            // SAFETY: as above, the writer bit is held.
            slot.value
                .with_mut(|cell| unsafe { (*cell).replace(shared) })
        };
        self.leave_writer(slot);
        // The displaced message's last reference may drop `T` here: user code, run outside
        // the slot's critical section.
        drop(displaced);
    }

    fn notify_receivers(&self) {
        let mut batch = WakeBatch::new();
        {
            let mut waiters = self.recv_waiters.lock();
            waiters.notify_all(&mut batch);
        }
        batch.wake();
    }

    /// Moves `pos` past what was overwritten, to the oldest message still buffered, counting
    /// the skipped messages into `lagged` (invariant 2).
    fn skip(&self, pos: &mut u64, lagged: &mut u64) {
        let oldest = self.oldest(self.tail());
        debug_assert!(oldest > *pos, "an overwritten position is below the oldest");
        let next = oldest.max(*pos + 1);
        *lagged += next - *pos;
        *pos = next;
    }

    /// Copies out the message at `pos` (shared with the slot and other readers) if it is
    /// written, skipping what was overwritten first; `None` if nothing is written there yet.
    /// Leaves `pos` at the message: the caller advances it once it has its own value.
    fn read(&self, pos: &mut u64, lagged: &mut u64) -> Option<Arc<T>> {
        loop {
            let seq = *pos;
            let slot = self.slot(seq);
            let stamp = slot.stamp.load(Ordering::SeqCst);
            if stamp <= seq {
                return None;
            }
            if stamp > seq + 1 {
                self.skip(pos, lagged);
                continue;
            }
            if slot.lock.fetch_add(READER, Ordering::SeqCst) & WRITER != 0 {
                // A writer is between taking the slot and leaving it (no user code in
                // between): step back and look again.
                slot.lock.fetch_sub(READER, Ordering::SeqCst);
                spin_loop();
                continue;
            }
            let shared = if slot.stamp.load(Ordering::SeqCst) == seq + 1 {
                // SAFETY: this reader is counted in the slot's lock word, which keeps
                // writers out (invariant 1); cloning an `Arc` runs no user code.
                slot.value.with(|cell| unsafe { (*cell).clone() })
            } else {
                None
            };
            slot.lock.fetch_sub(READER, Ordering::SeqCst);
            if shared.is_some() {
                return shared;
            }
        }
    }

    /// An abandoned pending receive. Every waiting receiver is woken for every write to its
    /// slot, so there is no wake-up to pass on. The key belongs to the receiver handle, which
    /// usually waits again with the same waker: its node is parked rather than freed.
    pub(crate) fn cancel_recv(&self, key: &mut Option<WaitKey>) {
        if key.is_some() {
            let mut waiters = self.recv_waiters.lock();
            waiters.park(key);
        }
    }

    /// Whether receiving has ended for the receiver at `pos`: no sender left, all read.
    pub(crate) fn is_terminated(&self, pos: u64) -> bool {
        self.senders.load(Ordering::SeqCst) == 0 && pos >= self.tail()
    }

    /// The slow path of a receive: registers `waker`, then looks again (see "Why no
    /// wake-up is lost"). `Ready(true)`: closed and drained; `Ready(false)`: read again.
    fn wait(&self, pos: u64, key: &mut Option<WaitKey>, waker: &Waker) -> Poll<bool> {
        let slot = self.slot(pos);
        let written = || slot.stamp.load(Ordering::SeqCst) > pos;
        let (replaced, removed, outcome) = {
            let mut waiters = self.recv_waiters.lock();
            let replaced = waiters.register_returning(key, waker);
            slot.lock.fetch_or(RECV_WAITS, Ordering::SeqCst);
            let outcome = if written() {
                Poll::Ready(false)
            } else if self.senders.load(Ordering::SeqCst) == 0 {
                // A sender's messages are written before its count drops.
                Poll::Ready(!written())
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

    pub(crate) fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        f.field("len", &self.len())
            .field("capacity", &self.capacity())
            .field("lagging", &true)
            .field("senders", &self.senders.load(Ordering::Relaxed))
            .field("receivers", &self.receivers.load(Ordering::Relaxed))
            .field("closed", &self.is_closed());
    }
}

impl<T: Clone> LaggingRing<T> {
    /// Receives the message at `pos` if one is written, advancing `pos` past it (and past
    /// what was overwritten before it, counted into `lagged`).
    fn take(&self, pos: &mut u64, lagged: &mut u64) -> Option<T> {
        let shared = self.read(pos, lagged)?;
        // Outside every critical section: `T::clone` is user code and may send on this very
        // channel. A panic leaves the message unread (invariant 3).
        let value = Arc::try_unwrap(shared).unwrap_or_else(|shared| T::clone(&shared));
        *pos += 1;
        Some(value)
    }

    /// Receives for one receiver at `pos` with its skipped count `lagged`.
    pub(crate) fn poll_recv(
        &self,
        pos: &mut u64,
        lagged: &mut u64,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
    ) -> PollRecv<T> {
        if cx.waker().will_wake(Waker::noop()) {
            // Polled by a `try_*` method: no registration.
            return match self.try_recv(pos, lagged) {
                Ok(value) => PollRecv::Ready(value),
                Err(TryRecvError::Empty) => PollRecv::Pending,
                Err(TryRecvError::Closed) => PollRecv::Closed,
            };
        }
        loop {
            if let Some(value) = self.take(pos, lagged) {
                return PollRecv::Ready(value);
            }
            match self.wait(*pos, key, cx.waker()) {
                Poll::Pending => return PollRecv::Pending,
                Poll::Ready(true) => return PollRecv::Closed,
                Poll::Ready(false) => {}
            }
        }
    }

    pub(crate) fn try_recv(&self, pos: &mut u64, lagged: &mut u64) -> Result<T, TryRecvError> {
        if let Some(value) = self.take(pos, lagged) {
            return Ok(value);
        }
        if self.senders.load(Ordering::SeqCst) == 0 {
            // A sender's messages are written before its count drops.
            self.take(pos, lagged).ok_or(TryRecvError::Closed)
        } else {
            Err(TryRecvError::Empty)
        }
    }
}

#[cfg(test)]
mod tests;
