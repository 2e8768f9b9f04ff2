//! A lock-free cell for the waker of one owner (the single receiver of an mpsc), notified by
//! any number of other threads.
//!
//! The cell holds two waker slots and uses five bits of a state word that its owner passes
//! in; the other bits of that word are the owner's (the queue keeps its `DRAIN` there, so
//! that a sender loads one word after its push). The algorithm is the
//! "diatomic" waker: the owner writes a new waker into the slot no notifier may read, then
//! publishes it by setting `UPDATE`; a notifier switches to the updated slot when it takes
//! the notifier lock. Nobody spins and nobody waits for anybody.
//!
//! # Bits
//!
//! - [`REGISTERED`] (`R`): the owner waits for a notification. Set by
//!   [`register`](WakerCell::register), cleared by [`unregister`](WakerCell::unregister) and
//!   by the notifier that takes the lock (each registration is woken at most once).
//! - `INDEX` (`I`): the slot notifiers read.
//! - `UPDATE` (`U`): the other slot (`1 - I`) holds a newer waker.
//! - `LOCKED` (`L`): a notifier is calling `wake_by_ref` on slot `I`.
//! - `NOTIFICATION` (`N`): a notifier found the lock taken while `R` was set, so the holder
//!   wakes once more before unlocking. `N` implies `L` and `R`.
//!
//! # Invariants
//!
//! 1. Only the owner sets `R` and `U`, and only one thread acts as the owner at a time (the
//!    caller's contract: the mpsc receiver's methods take `&mut` of its handle).
//! 2. A notifier touches only slot `I`, and only between taking and releasing `L`. `I` flips
//!    only when `L` is taken or re-taken with `U` set, and `U` is cleared by that flip.
//! 3. The owner writes only slot `1 - I`, and only while no flip can happen behind its back:
//!    `U` clear (no flip without `U`), or `R` clear (the lock is not taken without `R`, and a
//!    re-take needs `N`, which needs `R`). So no slot is written while a notifier reads it.
//! 4. A waker stays in its slot after the notification (woken by reference): waiting again
//!    with the same waker clones nothing.
//!
//! # No lost notification
//!
//! The cell does not order the owner's condition by itself: the queue's fences do
//! (`core/queue.rs`, "Why no wake-up is lost"): the owner sets `R`, fences and looks at the
//! buffer again; a notifier publishes, fences, loads the word and calls
//! [`notify`](WakerCell::notify) when it sees `R`. Within the cell, a notification that
//! finds `R` set either takes the lock and wakes the waker published with `R` (the lock's
//! `Acquire` sees it), or finds the lock taken and leaves `N`, so that the holder wakes again
//! with the newest waker before it unlocks. `tests/loom_mpsc.rs` runs the queue's hand-offs
//! through it, and the unit tests below check each transition.
//!
//! # A registration left in place
//!
//! The owner may register again while its registration stands: a pending receive polled a
//! second time, or an owner that stopped waiting without unregistering (the queue's
//! receiver did so for an abandoned receive until it measured what that costs, see
//! `Queue::cancel_recv`). With the same waker, [`register`](WakerCell::register)
//! then writes nothing when the word it loads shows `R`, reports that it did not announce
//! itself ([`Registration::announced`]), and the owner skips its fence and goes straight to
//! its second look. No notification is lost:
//!
//! - if no notifier cleared `R` since the owner set it, the word still holds the
//!   read-modify-write `W` that set it, and the owner's fence `F` followed `W` then (the
//!   owner always fences after a write that announces). A notifier publishes, fences (`F'`)
//!   and loads the word. If `F` precedes `F'` in the total order of `SeqCst` operations, the
//!   notifier's load sees `W` (or a later clear, by a notifier that woke this task: the case
//!   below), so it notifies. If `F'` precedes `F`, every look the owner makes after `F` (the
//!   new one included, without a fence of its own) sees what the notifier published. Either
//!   way the fence argument holds without a second fence;
//! - if a notifier cleared `R` and the owner's load read an older value, that notifier
//!   woke this same task (the waker did not change), and its wake does not happen before the
//!   load (the clear precedes the wake in the notifier's thread, so the load would have seen
//!   it). The executor polls the task again after that wake, and that poll looks at its
//!   condition again and registers afresh.
//!
//! A notifier that finds a registration left in place wakes the task once for nothing: a
//! spurious wake-up, which the `Future` contract allows. `tests/loom_mpsc.rs` has a model
//! of it.

use std::task::Waker;

use crate::sync::{AtomicUsize, Ordering, UnsafeCell};

/// The owner waits for a notification. Bit 0, which the queue calls `RECV_WAITING`.
pub(crate) const REGISTERED: usize = 1;
/// The slot notifiers read.
const INDEX: usize = 1 << 3;
/// The other slot holds a newer waker.
const UPDATE: usize = 1 << 4;
/// A notifier is waking the waker of slot `INDEX`.
const LOCKED: usize = 1 << 5;
/// A notifier found the lock taken while the owner waited: the holder wakes once more.
const NOTIFICATION: usize = 1 << 6;

/// What [`WakerCell::register`] did.
#[must_use]
pub(crate) struct Registration {
    /// The waker the new one replaced, for the caller to drop (after unlocking, if it holds
    /// a lock: a waker's drop is user code).
    pub(crate) replaced: Option<Waker>,
    /// `R` was written by this call, so the caller's `fence(SeqCst)` must follow. `false`:
    /// a registration left in place still shows `R`, and the fence that followed the write
    /// that set it serves this wait as well (see "A registration left in place").
    pub(crate) announced: bool,
}

/// Every bit the cell uses; the owner's own bits must stay clear of them.
pub(crate) const CELL_BITS: usize = REGISTERED | INDEX | UPDATE | LOCKED | NOTIFICATION;

/// Two waker slots; their state lives in a word the owner passes to every call.
pub(crate) struct WakerCell {
    slots: [UnsafeCell<Option<Waker>>; 2],
}

// SAFETY: the slots are read and written only as invariants 2 and 3 allow (a slot is never
// written while another thread reads it), and `Waker` is `Send + Sync`.
unsafe impl Send for WakerCell {}
// SAFETY: as above.
unsafe impl Sync for WakerCell {}

fn slot_index(state: usize) -> usize {
    usize::from(state & INDEX != 0)
}

impl WakerCell {
    pub(crate) fn new() -> Self {
        WakerCell {
            slots: [UnsafeCell::new(None), UnsafeCell::new(None)],
        }
    }

    /// Registers `waker` (sets `R`) and returns the waker it replaced, for the caller to
    /// drop. The same waker as last time is not cloned again. When the registration
    /// [`announced`](Registration::announced) itself, the caller issues its `fence(SeqCst)`
    /// after this; then it looks at its condition again.
    ///
    /// # Safety
    ///
    /// Only the owner calls `register`, `unregister` and `release`, one call at a time
    /// (invariant 1).
    #[inline]
    pub(crate) unsafe fn register(&self, state: &AtomicUsize, waker: &Waker) -> Registration {
        // `Acquire`: a notifier's unlock (`Release`) happens before, so a wake of the slot
        // about to be written has returned.
        let current = state.load(Ordering::Acquire);
        let mut index = slot_index(current);
        // Only the owner sets `UPDATE`, so even a stale word names the newest waker right.
        let newest = if current & UPDATE == 0 {
            index
        } else {
            1 - index
        };
        // SAFETY: only the owner writes a slot (invariant 3), and the owner is this thread.
        let up_to_date = self.slots[newest]
            .with(|slot| unsafe { (*slot).as_ref() }.is_some_and(|w| w.will_wake(waker)));
        if up_to_date {
            // A registration the owner left in place (an abandoned wait) needs no second
            // write: see "A registration left in place" above.
            let announced = current & REGISTERED == 0;
            if announced {
                state.fetch_or(REGISTERED, Ordering::SeqCst);
            }
            return Registration {
                replaced: None,
                announced,
            };
        }
        if current & (UPDATE | REGISTERED) == UPDATE | REGISTERED {
            // A notifier may take the lock and flip to the other slot at any moment: clear
            // `R` (and `N`, which implies it) first, then write the slot that is not `I`
            // after that. `Acquire` as above.
            let before = state.fetch_and(!(REGISTERED | NOTIFICATION), Ordering::Acquire);
            index = slot_index(before);
        }
        // SAFETY: invariant 3: `U` or `R` is clear, so slot `1 - I` is nobody's but ours
        // until the `fetch_or` below publishes it.
        let replaced =
            self.slots[1 - index].with_mut(|slot| unsafe { (*slot).replace(waker.clone()) });
        // `Release` publishes the slot to the notifier whose lock reads it.
        state.fetch_or(UPDATE | REGISTERED, Ordering::SeqCst);
        Registration {
            replaced,
            announced: true,
        }
    }

    /// The owner stops waiting: later notifications wake nobody. The waker stays in its
    /// slot for the next [`register`](Self::register).
    ///
    /// Only the owner sets `R` (and `N` needs `R`), so an owner that has not registered
    /// since its last `unregister` need not call this: the bits are clear already. The
    /// queue keeps that fact in the receiver's wait key and skips the call.
    pub(crate) fn unregister(state: &AtomicUsize) {
        state.fetch_and(!(REGISTERED | NOTIFICATION), Ordering::Relaxed);
    }

    /// The owner goes away: unregisters and returns the wakers no notifier is using, for
    /// the caller to drop. A waker being woken right now stays in its slot and is dropped
    /// with the cell.
    ///
    /// # Safety
    ///
    /// As [`register`](Self::register); the owner registers nothing afterwards.
    pub(crate) unsafe fn release(&self, state: &AtomicUsize) -> [Option<Waker>; 2] {
        // With `R` clear no notifier takes the lock, and the holder, if any, does not flip
        // (that needs `N`, cleared here and never set again without `R`). `Acquire`: a
        // finished wake's unlock happens before the takes below.
        let before = state.fetch_and(!(REGISTERED | NOTIFICATION), Ordering::Acquire);
        let index = slot_index(before);
        // SAFETY: slot `1 - I` is read by no notifier (invariant 2), and slot `I` only
        // while `L` is set, which it is not when taken here.
        let other = self.slots[1 - index].with_mut(|slot| unsafe { (*slot).take() });
        let current = if before & LOCKED == 0 {
            // SAFETY: as above.
            self.slots[index].with_mut(|slot| unsafe { (*slot).take() })
        } else {
            None
        };
        [other, current]
    }

    /// Wakes the registered waker, if the owner is registered (and clears `R`). Never waits:
    /// when another notifier is waking it right now, that one wakes it once more.
    pub(crate) fn notify(&self, state: &AtomicUsize) {
        self.notify_seen(state, state.load(Ordering::Relaxed));
    }

    /// [`notify`](Self::notify) for a caller that has just loaded the word (`seen`): the
    /// first compare-and-swap starts from it instead of loading again.
    pub(crate) fn notify_seen(&self, state: &AtomicUsize, seen: usize) {
        let Some(mut locked) = try_lock(state, seen) else {
            return;
        };
        loop {
            // `wake_by_ref` is the task's code, run under no lock of the channel: a wake that
            // sends on this channel finds `L` set and leaves `N`.
            self.slots[slot_index(locked)].with(|slot| {
                // SAFETY: the lock is ours, so slot `I` is not written until we unlock
                // (invariants 2 and 3).
                if let Some(waker) = unsafe { &*slot } {
                    waker.wake_by_ref();
                }
            });
            match try_unlock(state, locked) {
                Ok(()) => return,
                Err(relocked) => locked = relocked,
            }
        }
    }
}

/// Takes the notifier lock when the owner is registered (clearing `R`, and flipping to the
/// updated slot); returns the new word. With the lock taken by someone else, asks the
/// holder to wake once more (`N`) instead.
fn try_lock(state: &AtomicUsize, seen: usize) -> Option<usize> {
    let mut current = seen;
    loop {
        if current & REGISTERED == 0 {
            return None;
        }
        let (new, success) = if current & LOCKED == 0 {
            let mut new = (current | LOCKED) & !REGISTERED;
            if current & UPDATE != 0 {
                new = (new & !UPDATE) ^ INDEX;
            }
            (new, Ordering::AcqRel)
        } else if current & NOTIFICATION != 0 {
            return None;
        } else {
            (current | NOTIFICATION, Ordering::Release)
        };
        // A strong compare-and-swap: the owner's other bits change concurrently, and a weak
        // one's spurious failures would only make loom explore more.
        match state.compare_exchange(current, new, success, Ordering::Relaxed) {
            Ok(_) if new & LOCKED != 0 && current & LOCKED == 0 => return Some(new),
            Ok(_) => return None,
            Err(actual) => current = actual,
        }
    }
}

/// Releases the notifier lock, unless another notifier asked for one more wake (`N`): then
/// the lock is kept, `N` and `R` cleared, the slot flipped if updated, and the new word
/// returned.
fn try_unlock(state: &AtomicUsize, mut current: usize) -> Result<(), usize> {
    loop {
        let (new, success) = if current & NOTIFICATION == 0 {
            (current & !LOCKED, Ordering::Release)
        } else {
            let mut new = current & !(NOTIFICATION | REGISTERED);
            if current & UPDATE != 0 {
                new = (new & !UPDATE) ^ INDEX;
            }
            (new, Ordering::AcqRel)
        };
        match state.compare_exchange(current, new, success, Ordering::Relaxed) {
            Ok(_) if new & LOCKED == 0 => return Ok(()),
            Ok(_) => return Err(new),
            Err(actual) => current = actual,
        }
    }
}

#[cfg(all(test, not(postage_loom)))]
mod tests {
    use super::*;
    use crate::test_util::CountingWaker;

    fn cell() -> (WakerCell, AtomicUsize) {
        (WakerCell::new(), AtomicUsize::new(0))
    }

    fn register(cell: &WakerCell, state: &AtomicUsize, waker: &Waker) -> Option<Waker> {
        // SAFETY: each test is the cell's one owner, on one thread.
        unsafe { cell.register(state, waker) }.replaced
    }

    fn release(cell: &WakerCell, state: &AtomicUsize) -> [Option<Waker>; 2] {
        // SAFETY: as in `register`.
        unsafe { cell.release(state) }
    }

    #[test]
    fn a_registration_left_in_place_announces_nothing_until_a_notifier_clears_it() {
        let (cell, state) = cell();
        let waker = CountingWaker::new();
        let handle = waker.waker();
        // SAFETY: this test is the cell's one owner, on one thread.
        let first = unsafe { cell.register(&state, &handle) };
        assert!(first.announced && first.replaced.is_none());
        // SAFETY: as above.
        let again = unsafe { cell.register(&state, &handle) };
        // Miri may give one vtable two addresses, and then `Waker::will_wake` says false
        // for clones of one waker (see `registering_the_same_waker_again_clones_nothing`):
        // the no-write case is checked natively only.
        assert!(
            cfg!(miri) || !again.announced,
            "the same waker with R still set: nothing written"
        );
        drop(again.replaced);
        cell.notify(&state);
        assert_eq!(waker.count(), 1);
        // SAFETY: as above.
        let after_wake = unsafe { cell.register(&state, &handle) };
        assert!(after_wake.announced, "the notifier cleared R");
        drop(after_wake.replaced);
        let other = CountingWaker::new();
        // SAFETY: as above.
        let changed = unsafe { cell.register(&state, &other.waker()) };
        assert!(changed.announced, "a new waker is published with R");
        drop(changed.replaced);
        drop(release(&cell, &state));
    }

    #[test]
    fn a_registered_waker_is_woken_once() {
        let (cell, state) = cell();
        let waker = CountingWaker::new();
        drop(register(&cell, &state, &waker.waker()));
        cell.notify(&state);
        cell.notify(&state);
        assert_eq!(waker.count(), 1);
        assert_eq!(state.load(Ordering::Relaxed) & (REGISTERED | LOCKED), 0);
    }

    #[test]
    fn a_notifier_that_saw_an_older_word_still_wakes_the_newest_waker() {
        let (cell, state) = cell();
        let (old, new) = (CountingWaker::new(), CountingWaker::new());
        drop(register(&cell, &state, &old.waker()));
        // A sender loads the word here and is overtaken: another notifier wakes the owner,
        // which then waits again with a new waker (in the other slot).
        let seen = state.load(Ordering::Relaxed);
        cell.notify(&state);
        drop(register(&cell, &state, &new.waker()));
        assert_ne!(seen, state.load(Ordering::Relaxed));
        cell.notify_seen(&state, seen);
        assert_eq!((old.count(), new.count()), (1, 1));
        assert_eq!(state.load(Ordering::Relaxed) & (REGISTERED | LOCKED), 0);
    }

    #[test]
    fn a_notifier_that_saw_the_owner_registered_after_it_unregistered_wakes_nobody() {
        let (cell, state) = cell();
        let waker = CountingWaker::new();
        drop(register(&cell, &state, &waker.waker()));
        let seen = state.load(Ordering::Relaxed);
        WakerCell::unregister(&state);
        cell.notify_seen(&state, seen);
        assert_eq!(waker.count(), 0);
        assert_eq!(state.load(Ordering::Relaxed) & LOCKED, 0);
    }

    #[test]
    fn nothing_is_woken_without_a_registration() {
        let (cell, state) = cell();
        let waker = CountingWaker::new();
        drop(register(&cell, &state, &waker.waker()));
        WakerCell::unregister(&state);
        cell.notify(&state);
        assert_eq!(waker.count(), 0);
    }

    #[test]
    fn registering_the_same_waker_again_clones_nothing() {
        let (cell, state) = cell();
        let waker = CountingWaker::new();
        let handle = waker.waker();
        for _ in 0..3 {
            let replaced = register(&cell, &state, &handle);
            // Miri now and then gives one vtable two addresses (constants have no unique
            // address), and then `Waker::will_wake` says false for clones of one waker: the
            // clone counts are checked natively only.
            assert!(cfg!(miri) || replaced.is_none());
            drop(replaced);
            cell.notify(&state);
        }
        assert_eq!(waker.count(), 3);
        if !cfg!(miri) {
            assert_eq!(
                waker.clones(),
                2,
                "the handle and the one clone in the cell"
            );
        }
    }

    #[test]
    fn a_new_waker_replaces_the_old_one_before_and_after_a_notification() {
        let (cell, state) = cell();
        let (old, new, newer) = (
            CountingWaker::new(),
            CountingWaker::new(),
            CountingWaker::new(),
        );
        assert!(register(&cell, &state, &old.waker()).is_none());
        // Replaced before any notification: the old waker comes back to the caller.
        assert!(register(&cell, &state, &new.waker()).is_some());
        cell.notify(&state);
        assert_eq!((old.count(), new.count()), (0, 1));
        drop(register(&cell, &state, &newer.waker()));
        cell.notify(&state);
        assert_eq!((old.count(), new.count(), newer.count()), (0, 1, 1));
    }

    #[test]
    fn a_notification_while_locked_is_passed_to_the_holder() {
        let (cell, state) = cell();
        let waker = CountingWaker::new();
        drop(register(&cell, &state, &waker.waker()));
        // Stand in for a notifier between its lock and its unlock.
        let locked = try_lock(&state, state.load(Ordering::Relaxed)).expect("registered, unlocked");
        // The owner waits again, and a second notifier finds the lock taken.
        drop(register(&cell, &state, &waker.waker()));
        assert_eq!(try_lock(&state, state.load(Ordering::Relaxed)), None);
        assert_ne!(state.load(Ordering::Relaxed) & NOTIFICATION, 0);
        // The holder must wake once more before it may unlock.
        let relocked = try_unlock(&state, locked).expect_err("a notification is pending");
        assert_eq!(try_unlock(&state, relocked), Ok(()));
        assert_eq!(state.load(Ordering::Relaxed) & CELL_BITS & !INDEX, 0);
    }

    #[test]
    fn the_owner_bits_of_the_word_are_left_alone() {
        let (cell, state) = cell();
        let owner_bits = 1 << 1 | 1 << 2;
        assert_eq!(owner_bits & CELL_BITS, 0);
        state.store(owner_bits, Ordering::Relaxed);
        let waker = CountingWaker::new();
        drop(register(&cell, &state, &waker.waker()));
        cell.notify(&state);
        WakerCell::unregister(&state);
        drop(release(&cell, &state));
        assert_eq!(state.load(Ordering::Relaxed) & !CELL_BITS, owner_bits);
        assert_eq!(waker.count(), 1);
    }

    /// The hand-off the queue builds on the cell, with threads: notifiers publish a token,
    /// fence and notify when they see `R`; the owner takes tokens and parks only after it
    /// registered, fenced and found none. A lost notification leaves the owner parked for
    /// good, which the test's timeout reports. Under Miri this explores weak-memory
    /// outcomes of the cell's orderings.
    #[test]
    fn threads_never_lose_a_notification() {
        use std::sync::atomic::fence;
        use std::sync::Arc;
        use std::task::Wake;
        use std::thread;
        use std::time::{Duration, Instant};

        struct Unpark(thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }

        const NOTIFIERS: usize = 2;
        const TOKENS: usize = if cfg!(miri) { 3 } else { 2_000 };
        let shared = Arc::new((WakerCell::new(), AtomicUsize::new(0), AtomicUsize::new(0)));
        let notifiers: Vec<_> = (0..NOTIFIERS)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (cell, state, tokens) = &*shared;
                    for _ in 0..TOKENS {
                        tokens.fetch_add(1, Ordering::Release);
                        fence(Ordering::SeqCst);
                        if state.load(Ordering::Relaxed) & REGISTERED != 0 {
                            cell.notify(state);
                        }
                    }
                })
            })
            .collect();
        let (cell, state, tokens) = &*shared;
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut taken = 0;
        while taken < NOTIFIERS * TOKENS {
            if tokens.load(Ordering::Acquire) > taken {
                taken += 1;
                continue;
            }
            drop(register(cell, state, &waker));
            fence(Ordering::SeqCst);
            if tokens.load(Ordering::Acquire) > taken {
                WakerCell::unregister(state);
                continue;
            }
            // Parks until woken (or spuriously); a lost wake-up shows as the timeout.
            let parked = Instant::now();
            thread::park_timeout(Duration::from_secs(10));
            assert!(
                parked.elapsed() < Duration::from_secs(10),
                "a notification was lost: {taken} tokens taken"
            );
        }
        for notifier in notifiers {
            notifier.join().unwrap();
        }
    }

    #[test]
    fn release_hands_back_every_idle_waker() {
        let (cell, state) = cell();
        let (a, b) = (CountingWaker::new(), CountingWaker::new());
        drop(register(&cell, &state, &a.waker()));
        cell.notify(&state);
        drop(register(&cell, &state, &b.waker()));
        let released = release(&cell, &state);
        assert_eq!(released.iter().flatten().count(), 2);
        drop(released);
        assert_eq!((a.clones(), b.clones()), (0, 0));
        cell.notify(&state);
        assert_eq!((a.count(), b.count()), (1, 0));
    }
}
