//! The bounded array of stamped slots under the mpsc and dispatch queue: pushing and popping
//! take no lock (the Vyukov bounded queue, in the form of crossbeam's `ArrayQueue`).
//!
//! # Positions and stamps
//!
//! A *position* names one slot in one lap: `lap | index`, with `index < capacity` in the low
//! bits and the lap counted in multiples of `one_lap`, the power of two above `2 * capacity`.
//! The bit between them (`mark_bit`) is unused in positions and, in the tail word, means
//! "closed". Capacity stays exact: the index runs to `capacity - 1`, then the next position
//! is index 0 of the next lap. Positions wrap at [`POSITION_BITS`] (2^40, so a thread would
//! have to stall while about 2^39 messages pass to mistake one lap for another).
//!
//! Each slot carries a stamp: `p` while it is free for position `p`, `p + 1` once the
//! message of position `p` is written. Popping position `p` sets the stamp to the same
//! index one lap on.
//!
//! # Words
//!
//! - `head`: the position of the oldest message. Moved by the consumer: a plain store for
//!   the single consumer of an mpsc (after freeing the slot), a compare-and-swap among the
//!   consumers of a dispatch (before reading the slot).
//! - `tail`: the next position to write, the mark bit, and above [`RESERVED_SHIFT`] the
//!   number of slots reserved by permits. Every producer step is one compare-and-swap of
//!   this word, so claiming a slot, reserving and closing are ordered with each other.
//!
//! # Invariants
//!
//! 1. With `t` the tail position and `r` the reserved count, the `r` positions from `t` on
//!    are free (stamped free for their lap): a push claims `t` only when position `t + r` is
//!    free too, a reservation only when its last reserved position is free. So a permit's
//!    send always finds `t` free, and `r <= capacity`.
//! 2. Once the mark bit is set no position is claimed and no slot reserved; positions
//!    claimed before are still written (their producer is between two steps).
//! 3. A slot's stamp only moves forward: free for `p`, written at `p`, free for `p` one lap
//!    on. The value is initialised exactly while the stamp says written.
//! 4. A producer is between two steps from its claim (the tail CAS) to its stamp store; a
//!    dispatch consumer from its head CAS to its stamp store. Only these windows are waited
//!    for, by a bounded spin ([`SPIN_LIMIT`]); past it the caller treats the slot as not
//!    ready, and the queue's wake-up protocol (`core/queue.rs`) wakes it when the peer
//!    finishes.
//!
//! A compare-and-swap of the head or tail that loses to another thread is retried after a
//! short pause ([`back_off`]: at most 64 spin hints, growing with each loss), which keeps
//! contending producers (or dispatch consumers) from stealing the word's cache line from
//! each other at every step. The pause waits for nothing; each loss is another thread's
//! success.

use std::mem::MaybeUninit;

use crate::core::padded::CachePadded;
use crate::sync::{back_off, spin_loop, AtomicU64, Ordering, UnsafeCell};

/// The reserved count lives above this bit of the tail word.
const RESERVED_SHIFT: u32 = 40;
/// One reserved slot in the tail word.
const RESERVED_ONE: u64 = 1 << RESERVED_SHIFT;
/// Positions (and the mark bit) live below this mask.
const POSITION_BITS: u64 = RESERVED_ONE - 1;

/// The largest capacity: reservations count up to the capacity in the 24 bits above the
/// positions.
pub(crate) const MAX_CAPACITY: usize = (1 << 24) - 1;

/// How often to re-check a slot whose peer is between two atomic steps before giving up.
#[cfg(not(postage_loom))]
const SPIN_LIMIT: u32 = 64;
#[cfg(postage_loom)]
const SPIN_LIMIT: u32 = 1;

struct Slot<T> {
    stamp: AtomicU64,
    value: UnsafeCell<MaybeUninit<T>>,
}

/// What a pop found.
pub(crate) enum Pop<T> {
    Value(T),
    /// No position is claimed beyond the head.
    Empty,
    /// The head position is claimed but its producer has not finished writing it.
    Busy,
}

/// Why a push or reservation did not happen.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused<T> {
    Full(T),
    Closed(T),
}

pub(crate) struct SlotArray<T> {
    head: CachePadded<AtomicU64>,
    tail: CachePadded<AtomicU64>,
    slots: Box<[Slot<T>]>,
    capacity: u64,
    mark_bit: u64,
    one_lap: u64,
}

// SAFETY: values move between threads through the slots (so `T: Send`), and a slot's value
// is accessed only by the one thread that claimed its position (invariant 3).
unsafe impl<T: Send> Send for SlotArray<T> {}
// SAFETY: as above; no `&T` is ever handed out, so `T: Sync` is not needed.
unsafe impl<T: Send> Sync for SlotArray<T> {}

impl<T> SlotArray<T> {
    /// An array of exactly `capacity` slots.
    ///
    /// # Panics
    ///
    /// Panics when `capacity` is 0 or above [`MAX_CAPACITY`].
    pub(crate) fn new(capacity: usize) -> Self {
        assert!(capacity >= 1, "capacity must be at least 1");
        assert!(
            capacity <= MAX_CAPACITY,
            "capacity must be at most {MAX_CAPACITY}"
        );
        let capacity = capacity as u64;
        let mark_bit = (capacity + 1).next_power_of_two();
        let slots = (0..capacity)
            .map(|index| Slot {
                stamp: AtomicU64::new(index),
                value: UnsafeCell::new(MaybeUninit::uninit()),
            })
            .collect();
        SlotArray {
            head: CachePadded::new(AtomicU64::new(0)),
            tail: CachePadded::new(AtomicU64::new(0)),
            slots,
            capacity,
            mark_bit,
            one_lap: mark_bit * 2,
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity as usize
    }

    #[inline]
    fn slot(&self, position: u64) -> &Slot<T> {
        &self.slots[(position & (self.mark_bit - 1)) as usize]
    }

    /// The tail word's position, without the mark and the reserved count.
    #[inline]
    fn position(&self, word: u64) -> u64 {
        word & POSITION_BITS & !self.mark_bit
    }

    /// The same index one lap on.
    #[inline]
    fn next_lap(&self, position: u64) -> u64 {
        (position + self.one_lap) & POSITION_BITS
    }

    /// The position `n <= capacity` places after `position`.
    #[inline]
    fn ahead(&self, position: u64, n: u64) -> u64 {
        let index = position & (self.mark_bit - 1);
        if index + n < self.capacity {
            position + n
        } else {
            let lap = position & !(self.one_lap - 1);
            ((lap + self.one_lap) & POSITION_BITS) + (index + n - self.capacity)
        }
    }

    /// Whether `stamp` says the slot of `position` still serves the lap before (written
    /// there and not yet popped, or claimed there and not yet written).
    #[inline]
    fn lap_behind(&self, stamp: u64, position: u64) -> bool {
        let previous = position.wrapping_sub(self.one_lap) & POSITION_BITS;
        stamp == previous || stamp == previous + 1
    }

    /// Pushes `value` into a free, unreserved slot.
    ///
    /// The common case (not marked, nothing reserved, the tail slot free, no other producer
    /// in between) is written out here so that it inlines into the caller; everything else
    /// goes through [`claim`](Self::claim), which makes the same steps in general.
    #[inline(always)]
    pub(crate) fn try_push(&self, value: T) -> Result<(), Refused<T>> {
        let word = self.tail.load(Ordering::Acquire);
        // With no reservation and no mark, the word is the tail position itself.
        if word & (self.mark_bit | !POSITION_BITS) == 0
            && self.slot(word).stamp.load(Ordering::Acquire) == word
            && self
                .tail
                .compare_exchange_weak(
                    word,
                    self.advance(word),
                    Ordering::SeqCst,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            self.write(word, value);
            return Ok(());
        }
        self.try_push_slow(value)
    }

    #[inline(never)]
    fn try_push_slow(&self, value: T) -> Result<(), Refused<T>> {
        match self.claim(0) {
            Ok(position) => {
                self.write(position, value);
                Ok(())
            }
            Err(Refused::Full(())) => Err(Refused::Full(value)),
            Err(Refused::Closed(())) => Err(Refused::Closed(value)),
        }
    }

    /// Reserves `n` free slots for later [`push_reserved`](Self::push_reserved) calls (or
    /// [`release`](Self::release)). `n` must be at least 1.
    pub(crate) fn try_reserve(&self, n: u64) -> Result<(), Refused<()>> {
        self.claim(n).map(drop)
    }

    /// Claims the tail position (`reserve == 0`) or reserves `reserve` slots; returns the
    /// claimed position.
    fn claim(&self, reserve: u64) -> Result<u64, Refused<()>> {
        let mut word = self.tail.load(Ordering::Acquire);
        let mut spins = 0;
        let mut lost = 0;
        loop {
            if word & self.mark_bit != 0 {
                return Err(Refused::Closed(()));
            }
            let position = word & POSITION_BITS;
            let reserved = word >> RESERVED_SHIFT;
            // The last position this step needs free (invariant 1).
            let needed = reserved + reserve.max(1);
            if needed > self.capacity {
                return Err(Refused::Full(()));
            }
            let edge = self.ahead(position, needed - 1);
            let stamp = self.slot(edge).stamp.load(Ordering::Acquire);
            if stamp == edge {
                let new = if reserve == 0 {
                    (word & !POSITION_BITS) | self.advance(position)
                } else {
                    word + reserve * RESERVED_ONE
                };
                match self.tail.compare_exchange_weak(
                    word,
                    new,
                    Ordering::SeqCst,
                    Ordering::Acquire,
                ) {
                    Ok(_) => return Ok(position),
                    Err(current) => {
                        word = current;
                        back_off(&mut lost);
                    }
                }
            } else if self.lap_behind(stamp, edge) {
                // The edge slot still holds the lap before. Full, unless the head has moved
                // past it: then a consumer is between moving the head and freeing the slot.
                let head = self.head.load(Ordering::Relaxed);
                if self.next_lap(head) == edge || spins >= SPIN_LIMIT {
                    return Err(Refused::Full(()));
                }
                spins += 1;
                spin_loop();
                word = self.tail.load(Ordering::Acquire);
            } else {
                // The slot is ahead of our tail word: other producers moved the tail. The
                // tail is loaded with `Acquire` so that the stamps read after it are no
                // older than those its last claimer saw: each retry makes progress.
                word = self.tail.load(Ordering::Acquire);
            }
        }
    }

    /// The position after `position`.
    #[inline]
    fn advance(&self, position: u64) -> u64 {
        self.ahead(position, 1)
    }

    /// Writes `value` at the claimed `position` and publishes it.
    #[inline]
    fn write(&self, position: u64, value: T) {
        let slot = self.slot(position);
        // SAFETY: the caller claimed `position` by moving the tail past it, so no other
        // thread touches this slot until the stamp below publishes it (invariant 3), and
        // the slot was free for `position`, so it holds no value to overwrite.
        slot.value.with_mut(|cell| unsafe { (*cell).write(value) });
        slot.stamp.store(position + 1, Ordering::Release);
    }

    /// Pushes `value` into a slot reserved by [`try_reserve`](Self::try_reserve), using up
    /// the reservation. On a closed array the reservation is released and `value` handed
    /// back.
    pub(crate) fn push_reserved(&self, value: T) -> Result<(), T> {
        let mut word = self.tail.load(Ordering::Acquire);
        loop {
            debug_assert!(word >> RESERVED_SHIFT > 0, "no reservation to use");
            let closed = word & self.mark_bit != 0;
            let position = word & POSITION_BITS;
            let new = if closed {
                word - RESERVED_ONE
            } else {
                ((word - RESERVED_ONE) & !POSITION_BITS) | self.advance(position)
            };
            match self
                .tail
                .compare_exchange_weak(word, new, Ordering::SeqCst, Ordering::Acquire)
            {
                Ok(_) if closed => return Err(value),
                Ok(_) => {
                    debug_assert_eq!(self.slot(position).stamp.load(Ordering::Relaxed), position);
                    self.write(position, value);
                    return Ok(());
                }
                Err(current) => word = current,
            }
        }
    }

    /// Gives back `n` reserved slots unused.
    pub(crate) fn release(&self, n: u64) {
        let old = self.tail.fetch_sub(n * RESERVED_ONE, Ordering::SeqCst);
        debug_assert!(old >> RESERVED_SHIFT >= n, "released more than reserved");
    }

    /// Sets the mark: every later push and reservation is refused.
    pub(crate) fn mark(&self) {
        self.tail.fetch_or(self.mark_bit, Ordering::SeqCst);
    }

    /// Clears the mark (a receiver subscribed after every receiver had gone).
    pub(crate) fn unmark(&self) {
        self.tail.fetch_and(!self.mark_bit, Ordering::SeqCst);
    }

    pub(crate) fn is_marked(&self) -> bool {
        self.tail.load(Ordering::SeqCst) & self.mark_bit != 0
    }

    /// Pops the oldest message. Only one thread may pop at a time: the single consumer of an
    /// mpsc, or a drain that holds the queue's lock while no consumer exists.
    ///
    /// A written head slot (or an empty array) is answered here, inline in the caller;
    /// waiting for a producer still writing the head slot is left to
    /// [`pop_single_slow`](Self::pop_single_slow).
    #[inline(always)]
    pub(crate) fn pop_single(&self) -> Pop<T> {
        let head = self.head.load(Ordering::Relaxed);
        match self.pop_head(head) {
            Some(popped) => popped,
            None => self.pop_single_slow(head),
        }
    }

    /// One look at the `head` slot for the single consumer: its message, `Empty`, or `None`
    /// while a producer that claimed it is still writing (invariant 4).
    #[inline(always)]
    fn pop_head(&self, head: u64) -> Option<Pop<T>> {
        let slot = self.slot(head);
        if slot.stamp.load(Ordering::Acquire) == head + 1 {
            let value = self.read(head);
            slot.stamp.store(self.next_lap(head), Ordering::Release);
            self.head.store(self.advance(head), Ordering::Release);
            return Some(Pop::Value(value));
        }
        if self.position(self.tail.load(Ordering::Relaxed)) == head {
            return Some(Pop::Empty);
        }
        None
    }

    /// Waits a bounded spin for the producer writing the `head` slot, which
    /// [`pop_head`](Self::pop_head) just found claimed and unwritten.
    #[inline(never)]
    fn pop_single_slow(&self, head: u64) -> Pop<T> {
        for _ in 0..SPIN_LIMIT {
            spin_loop();
            if let Some(popped) = self.pop_head(head) {
                return popped;
            }
        }
        Pop::Busy
    }

    /// Pops the oldest message; any number of threads may pop at once.
    ///
    /// A written head slot taken on the first try (or an empty array) is answered here,
    /// inline in the caller; the rest goes through [`pop_shared_slow`](Self::pop_shared_slow).
    #[inline(always)]
    pub(crate) fn pop_shared(&self) -> Pop<T> {
        let head = self.head.load(Ordering::Acquire);
        let slot = self.slot(head);
        let stamp = slot.stamp.load(Ordering::Acquire);
        if stamp == head + 1 {
            if self
                .head
                .compare_exchange_weak(
                    head,
                    self.advance(head),
                    Ordering::SeqCst,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                let value = self.read(head);
                slot.stamp.store(self.next_lap(head), Ordering::Release);
                return Pop::Value(value);
            }
        } else if stamp == head && self.position(self.tail.load(Ordering::Relaxed)) == head {
            return Pop::Empty;
        }
        self.pop_shared_slow()
    }

    #[inline(never)]
    fn pop_shared_slow(&self) -> Pop<T> {
        let mut head = self.head.load(Ordering::Acquire);
        let mut spins = 0;
        let mut lost = 0;
        loop {
            let slot = self.slot(head);
            let stamp = slot.stamp.load(Ordering::Acquire);
            if stamp == head + 1 {
                match self.head.compare_exchange_weak(
                    head,
                    self.advance(head),
                    Ordering::SeqCst,
                    Ordering::Acquire,
                ) {
                    Ok(_) => {
                        let value = self.read(head);
                        slot.stamp.store(self.next_lap(head), Ordering::Release);
                        return Pop::Value(value);
                    }
                    Err(current) => {
                        head = current;
                        back_off(&mut lost);
                    }
                }
            } else if stamp == head || self.lap_behind(stamp, head) {
                // Not written yet; a slot still serving the lap before (its consumer is
                // between moving the head and freeing it) cannot have been claimed either.
                if self.position(self.tail.load(Ordering::Relaxed)) == head {
                    return Pop::Empty;
                }
                // A producer claimed the head position and is writing it (invariant 4).
                if spins >= SPIN_LIMIT {
                    return Pop::Busy;
                }
                spins += 1;
                spin_loop();
                head = self.head.load(Ordering::Acquire);
            } else {
                // Another consumer took the head position; its stamp store (read with
                // `Acquire`) comes after its head CAS, so this load sees the new head.
                head = self.head.load(Ordering::Acquire);
            }
        }
    }

    /// Pops up to `limit` ready messages into `buffer`, reading the head once and moving it
    /// once; returns how many, or why none.
    pub(crate) fn pop_many_single(
        &self,
        buffer: &mut Vec<T>,
        limit: usize,
    ) -> Result<usize, Pop<T>> {
        let head = self.head.load(Ordering::Relaxed);
        let mut position = head;
        let mut taken = 0;
        while taken < limit {
            let slot = self.slot(position);
            if slot.stamp.load(Ordering::Acquire) != position + 1 {
                break;
            }
            buffer.push(self.read(position));
            slot.stamp.store(self.next_lap(position), Ordering::Release);
            position = self.advance(position);
            taken += 1;
        }
        if taken > 0 {
            self.head.store(position, Ordering::Release);
            return Ok(taken);
        }
        match self.pop_single() {
            Pop::Value(value) => {
                buffer.push(value);
                Ok(1)
            }
            why => Err(why),
        }
    }

    /// Pops up to `limit` ready messages into `buffer` with one compare-and-swap of the head
    /// for the whole run; returns how many, or why none.
    pub(crate) fn pop_many_shared(
        &self,
        buffer: &mut Vec<T>,
        limit: usize,
    ) -> Result<usize, Pop<T>> {
        let mut head = self.head.load(Ordering::Acquire);
        let mut lost = 0;
        loop {
            let mut end = head;
            let mut ready = 0;
            while ready < limit && self.slot(end).stamp.load(Ordering::Acquire) == end + 1 {
                end = self.advance(end);
                ready += 1;
            }
            if ready == 0 {
                return match self.pop_shared() {
                    Pop::Value(value) => {
                        buffer.push(value);
                        Ok(1)
                    }
                    why => Err(why),
                };
            }
            match self
                .head
                .compare_exchange(head, end, Ordering::SeqCst, Ordering::Acquire)
            {
                Ok(_) => {
                    buffer.reserve(ready);
                    let mut position = head;
                    while position != end {
                        buffer.push(self.read(position));
                        self.slot(position)
                            .stamp
                            .store(self.next_lap(position), Ordering::Release);
                        position = self.advance(position);
                    }
                    return Ok(ready);
                }
                Err(current) => {
                    head = current;
                    back_off(&mut lost);
                }
            }
        }
    }

    /// Moves the value of the written `position` out. The caller has claimed the position
    /// for popping and frees the slot right after.
    #[inline]
    fn read(&self, position: u64) -> T {
        let slot = self.slot(position);
        // SAFETY: the stamp said `position + 1` (written, invariant 3) and the caller is the
        // one consumer of this position (it moved or owns the head), so the value is
        // initialised and read exactly once before the stamp frees the slot.
        slot.value
            .with(|cell| unsafe { (*cell).assume_init_read() })
    }

    /// Whether a message is ready at the head. After a `fence(SeqCst)` this sees every
    /// message whose producer's fence came first (see `core/queue.rs`).
    pub(crate) fn has_message(&self) -> bool {
        let mut head = self.head.load(Ordering::SeqCst);
        loop {
            let stamp = self.slot(head).stamp.load(Ordering::SeqCst);
            if stamp == head + 1 {
                return true;
            }
            if stamp == head {
                return false;
            }
            // Another consumer took the head position: look at the next one.
            let current = self.head.load(Ordering::SeqCst);
            if current == head {
                return false;
            }
            head = current;
        }
    }

    /// Whether a push could claim a slot now, or the array is marked (so the caller goes on
    /// to learn that). After a `fence(SeqCst)` this sees every slot freed by a consumer whose
    /// fence came first (see `core/queue.rs`).
    pub(crate) fn has_room(&self) -> bool {
        let mut word = self.tail.load(Ordering::SeqCst);
        loop {
            if word & self.mark_bit != 0 {
                return true;
            }
            let reserved = word >> RESERVED_SHIFT;
            if reserved >= self.capacity {
                return false;
            }
            let edge = self.ahead(word & POSITION_BITS, reserved);
            let stamp = self.slot(edge).stamp.load(Ordering::SeqCst);
            if stamp == edge {
                return true;
            }
            if self.lap_behind(stamp, edge) {
                return false;
            }
            // Other producers moved the tail: look again.
            let current = self.tail.load(Ordering::SeqCst);
            if current == word {
                return false;
            }
            word = current;
        }
    }

    /// The number of claimed positions (written or being written) between head and tail.
    pub(crate) fn len(&self) -> usize {
        loop {
            let tail = self.tail.load(Ordering::SeqCst);
            let head = self.head.load(Ordering::SeqCst);
            if self.tail.load(Ordering::SeqCst) != tail {
                continue;
            }
            let tail = self.position(tail);
            let index = |position: u64| position & (self.mark_bit - 1);
            let (head_index, tail_index) = (index(head), index(tail));
            let len = if head_index < tail_index {
                tail_index - head_index
            } else if head_index > tail_index {
                self.capacity - head_index + tail_index
            } else if tail == head {
                0
            } else {
                self.capacity
            };
            return len as usize;
        }
    }

    /// Whether no position is claimed between head and tail.
    pub(crate) fn is_empty(&self) -> bool {
        self.position(self.tail.load(Ordering::SeqCst)) == self.head.load(Ordering::SeqCst)
    }
}

impl<T> Drop for SlotArray<T> {
    fn drop(&mut self) {
        let tail = self.position(self.tail.load(Ordering::Relaxed));
        let mut head = self.head.load(Ordering::Relaxed);
        while head != tail {
            // `&mut self`: every producer has finished, so each claimed position is written.
            drop(self.read(head));
            head = self.advance(head);
        }
    }
}

#[cfg(test)]
mod tests;
