//! The unbounded buffer under `mpsc::unbounded` and `dispatch::unbounded`: a linked list of
//! fixed-size blocks of [`BLOCK_CAP`] slots, pushed and popped without a lock. Its memory
//! follows the backlog: a block is recycled once every message in it was received, one
//! spare block is kept for the next producer that needs one (so a steady stream allocates
//! nothing), and any further block is freed.
//!
//! # Positions
//!
//! Every message gets a *position*, counted from 0 and never reused (a `u64` does not wrap
//! in practice). Position `p` lives in the block whose `start` is `p - p % BLOCK_CAP`, at
//! offset `p % BLOCK_CAP`. The tail word holds the next position to claim, shifted left by
//! one, with the *mark* (closed) in bit 0; the head holds the next position to read.
//!
//! # Producers
//!
//! A producer claims a position with one compare-and-swap of the tail word (refused once
//! the mark is set), then finds its block by walking the `next` links from the *tail
//! block*, a hint that is never ahead of the tail. A missing block is linked by whichever
//! producer needs it first (taking the spare or allocating, before a compare-and-swap of
//! `next`; a loser gives its block back). A producer that walks past a block whose slots
//! are all written moves the tail block on and *releases* the block it passed: it records
//! the tail position it then sees as the block's `observed_tail`. So no producer ever waits
//! for another: there is no window in which the tail is between blocks.
//!
//! # Consumers
//!
//! One consumer at a time reads: the single receiver of an mpsc with plain stores, the
//! receivers of a dispatch each after taking the *turn* (a flag set by compare-and-swap and
//! held for the few steps of one pop, with no waiting and no user code inside). The consumer
//! owns the head block and the list of blocks it has read through but not yet recycled. A
//! slot is read once its `written` flag is set; a claimed slot whose producer has not
//! finished writing is [`Pop::Busy`], and that producer wakes the receivers after publishing
//! (`core/queue.rs`).
//!
//! # Invariants
//!
//! 1. The blocks form one chain from the oldest unrecycled block to the newest; their starts
//!    grow by `BLOCK_CAP` along it. The tail block only moves past a block whose slots are
//!    all claimed and written, so it is never ahead of the block of a position whose producer
//!    has not finished (a producer that claimed and was preempted before loading the tail
//!    block still finds its block from there). The consumer, too, may move it past a block
//!    it has read through.
//! 2. A producer dereferences a block only after claiming a position, and only blocks from
//!    the tail block it loaded afterwards on to the block of its position.
//! 3. A block is recycled only when it was released and the head has reached its
//!    `observed_tail`. Every producer that loaded it as the tail block claimed its position
//!    before that load, and the load came before the release's compare-and-swap of the tail
//!    block (all `SeqCst`), so that claim is below `observed_tail`: its message has been
//!    read, and writing it was that producer's last access to any block. Blocks after it in
//!    the chain are released later with a larger `observed_tail`, so the same holds there.
//! 4. A slot's value is initialised exactly while its position is claimed, `written` is
//!    set, and the head has not passed it.
//! 5. Only the consumer holding the turn (or the single consumer, or a drain that holds the
//!    queue's lock while no receiver exists) touches the head block and the recycle list.

use std::mem::MaybeUninit;
use std::ptr;

use crate::core::array::{Pop, Refused};
use crate::core::padded::CachePadded;
use crate::sync::{back_off, spin_loop, AtomicBool, AtomicPtr, AtomicU64, Ordering, UnsafeCell};

/// The messages one block (one *segment*) holds.
#[cfg(not(postage_loom))]
pub(crate) const BLOCK_CAP: usize = 32;
/// Tiny under loom, so that a model with a few messages crosses a block boundary.
#[cfg(postage_loom)]
pub(crate) const BLOCK_CAP: usize = 2;

const CAP: u64 = BLOCK_CAP as u64;

/// How often to re-check a slot whose producer is between claiming and publishing it, or a
/// turn held by another consumer, before giving up.
#[cfg(not(postage_loom))]
const SPIN_LIMIT: u32 = 64;
#[cfg(postage_loom)]
const SPIN_LIMIT: u32 = 1;

/// The mark bit of the tail word: closed.
const MARK: u64 = 1;
/// One position in the tail word.
const ONE: u64 = 2;
/// `observed_tail` of a block that was not released yet.
const NOT_RELEASED: u64 = u64::MAX;

struct Slot<T> {
    written: AtomicBool,
    value: UnsafeCell<MaybeUninit<T>>,
}

struct Block<T> {
    /// The position of slot 0. Set before the block is linked (a `Release` compare-and-swap
    /// of `next`, read with `Acquire`).
    start: AtomicU64,
    next: AtomicPtr<Block<T>>,
    /// The tail position seen by the producer that moved the tail block past this one, or
    /// [`NOT_RELEASED`].
    observed_tail: AtomicU64,
    slots: [Slot<T>; BLOCK_CAP],
}

impl<T> Block<T> {
    fn allocate(start: u64) -> *mut Block<T> {
        Box::into_raw(Box::new(Block {
            start: AtomicU64::new(start),
            next: AtomicPtr::new(ptr::null_mut()),
            observed_tail: AtomicU64::new(NOT_RELEASED),
            slots: std::array::from_fn(|_| Slot {
                written: AtomicBool::new(false),
                value: UnsafeCell::new(MaybeUninit::uninit()),
            }),
        }))
    }

    fn start(&self) -> u64 {
        self.start.load(Ordering::Relaxed)
    }

    /// Whether every slot has been written.
    fn is_written(&self) -> bool {
        self.slots
            .iter()
            .all(|slot| slot.written.load(Ordering::Acquire))
    }

    /// Makes a block whose messages were all read (or that was never linked) like new.
    fn reset(&self) {
        self.next.store(ptr::null_mut(), Ordering::Relaxed);
        self.observed_tail.store(NOT_RELEASED, Ordering::Relaxed);
        for slot in &self.slots {
            slot.written.store(false, Ordering::Relaxed);
        }
    }
}

/// The consumer's side.
struct Head<T> {
    /// The next position to read. Stored by the consumer, loaded by anyone (`len`).
    position: AtomicU64,
    /// The block of `position` (or the one before, when `position` is its end).
    block: UnsafeCell<*mut Block<T>>,
    /// The oldest block not yet recycled; the head block when every earlier one was.
    oldest: UnsafeCell<*mut Block<T>>,
    /// Held by the dispatch receiver that is reading (invariant 5).
    turn: AtomicBool,
}

/// The producers' side.
struct Tail<T> {
    /// The next position to claim, shifted left by one, and the mark.
    word: AtomicU64,
    /// A block at or before the block of the tail position (invariant 1).
    block: AtomicPtr<Block<T>>,
}

pub(crate) struct List<T> {
    head: CachePadded<Head<T>>,
    tail: CachePadded<Tail<T>>,
    /// One recycled block kept for the next producer that needs a block.
    spare: AtomicPtr<Block<T>>,
}

// SAFETY: values move between threads through the slots (so `T: Send`); a slot's value is
// accessed only by its producer before `written` and its one consumer after (invariant 4),
// and the blocks' lifetimes follow invariant 3.
unsafe impl<T: Send> Send for List<T> {}
// SAFETY: as above; no `&T` is ever handed out, so `T: Sync` is not needed.
unsafe impl<T: Send> Sync for List<T> {}

impl<T> List<T> {
    /// An empty list with its first block allocated.
    pub(crate) fn new() -> Self {
        let first = Block::allocate(0);
        List {
            head: CachePadded::new(Head {
                position: AtomicU64::new(0),
                block: UnsafeCell::new(first),
                oldest: UnsafeCell::new(first),
                turn: AtomicBool::new(false),
            }),
            tail: CachePadded::new(Tail {
                word: AtomicU64::new(0),
                block: AtomicPtr::new(first),
            }),
            spare: AtomicPtr::new(ptr::null_mut()),
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        usize::MAX
    }

    /// Pushes `value`; refused only when the list is marked.
    #[inline(always)]
    pub(crate) fn try_push(&self, value: T) -> Result<(), Refused<T>> {
        match self.claim() {
            Some(position) => {
                self.write(position, value);
                Ok(())
            }
            None => Err(Refused::Closed(value)),
        }
    }

    /// Claims the tail position, unless the list is marked. The first attempt is inline in
    /// the caller; a lost compare-and-swap retries in [`claim_slow`](Self::claim_slow).
    #[inline(always)]
    fn claim(&self) -> Option<u64> {
        let word = self.tail.word.load(Ordering::Relaxed);
        if word & MARK == 0
            && self
                .tail
                .word
                .compare_exchange_weak(word, word + ONE, Ordering::SeqCst, Ordering::Relaxed)
                .is_ok()
        {
            return Some(word >> 1);
        }
        self.claim_slow()
    }

    #[inline(never)]
    fn claim_slow(&self) -> Option<u64> {
        let mut word = self.tail.word.load(Ordering::Relaxed);
        let mut lost = 0;
        loop {
            if word & MARK != 0 {
                return None;
            }
            match self.tail.word.compare_exchange_weak(
                word,
                word + ONE,
                Ordering::SeqCst,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(word >> 1),
                Err(current) => {
                    word = current;
                    back_off(&mut lost);
                }
            }
        }
    }

    /// Writes `value` at the claimed `position` and publishes it.
    #[inline(always)]
    fn write(&self, position: u64, value: T) {
        let block = self.find_block(position);
        // SAFETY: `find_block` returns a live block (invariant 3: this position is claimed
        // and unread), the block whose start is the start of `position`.
        let slot = unsafe { &(*block).slots[(position % CAP) as usize] };
        // SAFETY: this producer claimed `position`, so no other thread touches the slot until
        // `written` publishes it (invariant 4); the slot is unwritten, with nothing to drop.
        slot.value.with_mut(|cell| unsafe { (*cell).write(value) });
        slot.written.store(true, Ordering::Release);
    }

    /// The block of the claimed `position`: the tail block (looked at here, inline), or a
    /// later one found by [`walk_to_block`](Self::walk_to_block).
    #[inline(always)]
    fn find_block(&self, position: u64) -> *mut Block<T> {
        let start = position - position % CAP;
        // `SeqCst`, after the claim: the ordering invariant 3 relies on.
        let current = self.tail.block.load(Ordering::SeqCst);
        // SAFETY: the tail block loaded after this producer's claim is live until this
        // position is read (invariant 3).
        if unsafe { (*current).start() } == start {
            return current;
        }
        self.walk_to_block(start, current)
    }

    /// Walks from the tail block `current` to the block starting at `start`, linking blocks
    /// that are missing and moving the tail block past the ones it leaves behind.
    #[inline(never)]
    fn walk_to_block(&self, start: u64, mut current: *mut Block<T>) -> *mut Block<T> {
        let mut advancing = true;
        loop {
            // SAFETY: `current` is the tail block loaded after this producer's claim, or a
            // block after it in the chain: live until this position is read (invariant 3).
            let block = unsafe { &*current };
            let block_start = block.start();
            if block_start == start {
                return current;
            }
            debug_assert!(block_start < start, "the tail block is never ahead");
            let next = self.next_of(block);
            // Every position of `block` is claimed (ours is past it), so producers to come
            // never need it; once all are written too, no producer that claimed one of them
            // is still on its way to it (invariant 1). Only the first to move the tail block
            // releases it.
            if advancing && block.is_written() {
                match self.tail.block.compare_exchange(
                    current,
                    next,
                    Ordering::SeqCst,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        let observed = self.tail.word.load(Ordering::SeqCst) >> 1;
                        block.observed_tail.store(observed, Ordering::Release);
                    }
                    Err(_) => advancing = false,
                }
            } else {
                advancing = false;
            }
            current = next;
        }
    }

    /// The block after `block`, linking one (the spare or a new one) if there is none yet.
    fn next_of(&self, block: &Block<T>) -> *mut Block<T> {
        let next = block.next.load(Ordering::Acquire);
        if !next.is_null() {
            return next;
        }
        let new = self.take_block(block.start() + CAP);
        match block
            .next
            .compare_exchange(ptr::null_mut(), new, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => new,
            Err(linked) => {
                self.recycle(new);
                linked
            }
        }
    }

    /// The spare block, or a new one, starting at `start`; not linked anywhere yet.
    fn take_block(&self, start: u64) -> *mut Block<T> {
        let spare = self.spare.swap(ptr::null_mut(), Ordering::Acquire);
        if spare.is_null() {
            return Block::allocate(start);
        }
        // SAFETY: a block in `spare` is owned by the list alone (reset and unlinked by
        // `recycle`), and the swap took it out: this thread owns it now.
        unsafe { (*spare).start.store(start, Ordering::Relaxed) };
        spare
    }

    /// Keeps a block no thread will touch again as the spare, or frees it.
    fn recycle(&self, block: *mut Block<T>) {
        // SAFETY: the caller owns `block`: every message in it was read and no producer can
        // reach it any more (invariant 3), or it was never linked.
        unsafe { (*block).reset() };
        if self
            .spare
            .compare_exchange(ptr::null_mut(), block, Ordering::AcqRel, Ordering::Relaxed)
            .is_err()
        {
            // SAFETY: as above; `block` came from `Block::allocate` (`Box::into_raw`).
            drop(unsafe { Box::from_raw(block) });
        }
    }

    /// Nothing to reserve: reservations are refused only when the list is marked.
    pub(crate) fn try_reserve(&self) -> Result<(), Refused<()>> {
        if self.is_marked() {
            Err(Refused::Closed(()))
        } else {
            Ok(())
        }
    }

    /// Pushes `value` for a reservation; hands it back when the list is marked.
    pub(crate) fn push_reserved(&self, value: T) -> Result<(), T> {
        self.try_push(value).map_err(|refused| match refused {
            Refused::Full(value) | Refused::Closed(value) => value,
        })
    }

    /// Sets the mark: every later push is refused.
    pub(crate) fn mark(&self) {
        self.tail.word.fetch_or(MARK, Ordering::SeqCst);
    }

    /// Clears the mark (a receiver subscribed after every receiver had gone).
    pub(crate) fn unmark(&self) {
        self.tail.word.fetch_and(!MARK, Ordering::SeqCst);
    }

    pub(crate) fn is_marked(&self) -> bool {
        self.tail.word.load(Ordering::SeqCst) & MARK != 0
    }

    fn tail_position(&self, order: Ordering) -> u64 {
        self.tail.word.load(order) >> 1
    }

    /// The head block, moved on to the next block when the head reached its end; `None`
    /// when that next block is not linked yet. Only the consumer calls it (invariant 5).
    fn head_block(&self, head: u64) -> Option<&Block<T>> {
        // SAFETY: the consumer owns the head block pointer (invariant 5).
        let current = self.head.block.with(|block| unsafe { *block });
        // SAFETY: the head block is not recycled before the head has left it (only blocks
        // before it are, invariant 3).
        let block = unsafe { &*current };
        if head < block.start() + CAP {
            return Some(block);
        }
        let next = block.next.load(Ordering::Acquire);
        if next.is_null() {
            return None;
        }
        // SAFETY: as above.
        self.head.block.with_mut(|block| unsafe { *block = next });
        // SAFETY: a linked block is live while the head has not passed it (invariant 3).
        Some(unsafe { &*next })
    }

    /// Reads the message at the head if it is written. Only the consumer calls it.
    #[inline(always)]
    fn pop_ready(&self) -> Option<T> {
        let head = self.head.position.load(Ordering::Relaxed);
        let block = self.head_block(head)?;
        let slot = &block.slots[(head % CAP) as usize];
        if !slot.written.load(Ordering::Acquire) {
            return None;
        }
        // SAFETY: `written` says the value is initialised, and the consumer moves the head
        // past it right below, so it is read exactly once (invariant 4).
        let value = slot
            .value
            .with(|cell| unsafe { (*cell).assume_init_read() });
        self.head.position.store(head + 1, Ordering::Release);
        self.recycle_read_blocks(head + 1);
        Some(value)
    }

    /// Recycles the blocks before the head block that no producer can reach any more.
    #[inline(always)]
    fn recycle_read_blocks(&self, head: u64) {
        // SAFETY: the consumer owns both pointers (invariant 5).
        let (oldest, current) = unsafe {
            (
                self.head.oldest.with(|block| *block),
                self.head.block.with(|block| *block),
            )
        };
        if oldest != current {
            self.recycle_blocks_before(head, oldest, current);
        }
    }

    #[inline(never)]
    fn recycle_blocks_before(&self, head: u64, mut oldest: *mut Block<T>, current: *mut Block<T>) {
        while oldest != current {
            // SAFETY: blocks before the head block stay allocated until recycled here.
            let block = unsafe { &*oldest };
            let mut observed = block.observed_tail.load(Ordering::Acquire);
            if observed == NOT_RELEASED {
                // The producers stopped before moving the tail block past this one; it was
                // read through, so every slot is written and the next block linked: the
                // consumer may move the tail block on and release it as a producer would.
                let next = block.next.load(Ordering::Acquire);
                if self
                    .tail
                    .block
                    .compare_exchange(oldest, next, Ordering::SeqCst, Ordering::Relaxed)
                    .is_ok()
                {
                    observed = self.tail_position(Ordering::SeqCst);
                    block.observed_tail.store(observed, Ordering::Release);
                }
            }
            if observed > head {
                break;
            }
            let next = block.next.load(Ordering::Relaxed);
            self.recycle(oldest);
            oldest = next;
        }
        // SAFETY: as above.
        self.head
            .oldest
            .with_mut(|block| unsafe { *block = oldest });
    }

    /// Pops the oldest message. Only one thread may pop at a time: the single consumer of an
    /// mpsc, or a drain that holds the queue's lock while no consumer exists.
    #[inline(always)]
    pub(crate) fn pop_single(&self) -> Pop<T> {
        if let Some(value) = self.pop_ready() {
            return Pop::Value(value);
        }
        self.pop_single_slow()
    }

    /// The head was not ready for [`pop_ready`](Self::pop_ready): empty, or a producer is
    /// still writing it (a bounded spin, then `Busy`).
    #[inline(never)]
    fn pop_single_slow(&self) -> Pop<T> {
        let mut spins = 0;
        loop {
            let head = self.head.position.load(Ordering::Relaxed);
            if self.tail_position(Ordering::Relaxed) == head {
                // A block released after the last pop left it behind goes now.
                self.recycle_read_blocks(head);
                return Pop::Empty;
            }
            // A producer claimed the head position and is writing it.
            if spins >= SPIN_LIMIT {
                return Pop::Busy;
            }
            spins += 1;
            spin_loop();
            if let Some(value) = self.pop_ready() {
                return Pop::Value(value);
            }
        }
    }

    /// Runs `pop` holding the turn; `Empty` or `Busy` when the list is empty or another
    /// consumer keeps the turn past a short spin (it holds it for one pop).
    fn with_turn<R>(&self, pop: impl FnOnce() -> Result<R, Pop<T>>) -> Result<R, Pop<T>> {
        let mut spins = 0;
        loop {
            if self.is_empty() {
                return Err(Pop::Empty);
            }
            if self
                .head
                .turn
                .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                let popped = pop();
                self.head.turn.store(false, Ordering::Release);
                return popped;
            }
            if spins >= SPIN_LIMIT {
                return Err(Pop::Busy);
            }
            spins += 1;
            spin_loop();
        }
    }

    /// Pops the oldest message; any number of threads may pop at once.
    pub(crate) fn pop_shared(&self) -> Pop<T> {
        let popped = self.with_turn(|| match self.pop_single() {
            Pop::Value(value) => Ok(value),
            why => Err(why),
        });
        match popped {
            Ok(value) => Pop::Value(value),
            Err(why) => why,
        }
    }

    /// Pops up to `limit` ready messages into `buffer`; returns how many, or why none.
    pub(crate) fn pop_many_single(
        &self,
        buffer: &mut Vec<T>,
        limit: usize,
    ) -> Result<usize, Pop<T>> {
        let mut taken = 0;
        while taken < limit {
            match self.pop_ready() {
                Some(value) => buffer.push(value),
                None => break,
            }
            taken += 1;
        }
        if taken > 0 {
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

    /// Pops up to `limit` ready messages into `buffer`, taking the turn once for the run.
    pub(crate) fn pop_many_shared(
        &self,
        buffer: &mut Vec<T>,
        limit: usize,
    ) -> Result<usize, Pop<T>> {
        self.with_turn(|| self.pop_many_single(buffer, limit))
    }

    /// Whether a message is ready at the head. After a `fence(SeqCst)` this sees every
    /// message whose producer's fence came first (see `core/queue.rs`).
    ///
    /// It waits for a turn held by another consumer: the holder is inside one pop, which
    /// takes a bounded number of steps and never waits for anything (the spin a pop may do
    /// while a producer finishes is itself bounded), so this wait ends as soon as that
    /// consumer runs. The queue calls this under its lock; no pop takes that lock while
    /// holding the turn.
    pub(crate) fn has_message(&self) -> bool {
        while self
            .head
            .turn
            .compare_exchange_weak(false, true, Ordering::SeqCst, Ordering::Relaxed)
            .is_err()
        {
            spin_loop();
        }
        let head = self.head.position.load(Ordering::SeqCst);
        let ready = self.head_block(head).is_some_and(|block| {
            block.slots[(head % CAP) as usize]
                .written
                .load(Ordering::SeqCst)
        });
        self.head.turn.store(false, Ordering::Release);
        ready
    }

    /// The number of claimed positions (written or being written) not yet read.
    pub(crate) fn len(&self) -> usize {
        // The head first: it never passes the tail, which only grows.
        let head = self.head.position.load(Ordering::SeqCst);
        let tail = self.tail_position(Ordering::SeqCst);
        usize::try_from(tail - head).unwrap_or(usize::MAX)
    }

    /// Whether no position is claimed beyond the head.
    pub(crate) fn is_empty(&self) -> bool {
        let head = self.head.position.load(Ordering::SeqCst);
        self.tail_position(Ordering::SeqCst) == head
    }

    /// How many blocks the list holds, the spare included.
    #[cfg(test)]
    pub(crate) fn blocks(&self) -> usize {
        // SAFETY: tests call this while no other thread uses the list.
        let mut block = self.head.oldest.with(|block| unsafe { *block });
        let mut count = usize::from(!self.spare.load(Ordering::Relaxed).is_null());
        while !block.is_null() {
            count += 1;
            // SAFETY: as above; every block in the chain is live.
            block = unsafe { (*block).next.load(Ordering::Relaxed) };
        }
        count
    }
}

impl<T> Drop for List<T> {
    fn drop(&mut self) {
        // `&mut self`: every producer has finished, so each claimed position is written.
        let tail = self.tail_position(Ordering::Relaxed);
        while self.head.position.load(Ordering::Relaxed) != tail {
            let value = self.pop_ready();
            debug_assert!(value.is_some(), "a claimed position is written");
            drop(value);
        }
        // SAFETY: no other thread exists; the chain from the oldest block holds every block
        // still allocated besides the spare.
        let mut block = self.head.oldest.with(|block| unsafe { *block });
        while !block.is_null() {
            // SAFETY: as above; each block came from `Block::allocate` and is freed once.
            let owned = unsafe { Box::from_raw(block) };
            block = owned.next.load(Ordering::Relaxed);
        }
        let spare = self.spare.load(Ordering::Relaxed);
        if !spare.is_null() {
            // SAFETY: as above.
            drop(unsafe { Box::from_raw(spare) });
        }
    }
}

#[cfg(test)]
mod tests;
