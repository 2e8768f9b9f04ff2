//! The state behind `watch`: one value, its version, and the receivers waiting for a newer
//! version.
//!
//! Receivers do not queue values; each remembers the last version it saw and compares. The
//! sender's hot path (store, bump, see nobody waits) takes the value's write lock and one
//! atomic read-modify-write, and no other lock.

use std::task::{Context, Poll, Waker};

use crate::core::closing::Closing;
use crate::core::waiters::{WaitKey, WaiterList, WakeBatch};
use crate::sync::{AtomicBool, AtomicU64, AtomicUsize, Mutex, Ordering, RwLock, RwLockReadGuard};

/// The version a receiver starts from: older than any stored value.
pub(crate) const UNSEEN: u64 = 0;

/// The low bit of [`Versioned::state`]: some receiver is registered in `waiters`.
const WAITING: u64 = 1;

/// What one change adds to [`Versioned::state`]: the version lives above the `WAITING` bit.
const VERSION_STEP: u64 = 2;

/// A value with a version, and the receivers waiting for the next version.
///
/// Invariants:
/// - `state` is `version << 1 | WAITING?`. The version is bumped while the value's write
///   lock is held, so a reader holding the read lock sees the version that belongs to the
///   value it reads. It starts at 1, above [`UNSEEN`].
/// - The `WAITING` bit equals `!waiters.is_empty()` whenever `waiters` is unlocked: it is
///   set and cleared only under that lock. A receiver registers, sets the bit and checks the
///   version again; the sender bumps the version with one read-modify-write that also
///   reads the bit. Both touch the same atomic, so one of them comes first in its
///   modification order: either the receiver sees the new version or the sender sees the
///   waiter. No wake-up is lost, and a send with nobody waiting takes no second lock.
/// - `sender_gone` is set (Release) after the sender's last bump; a receiver reads it
///   (Acquire) before the version, so it never reports closed while a newer value is
///   unseen. The sender then wakes every waiter under the waiters lock, so a receiver that
///   registered without seeing the flag is woken.
/// - `receivers` changes only under the waiters lock, so closing and reopening follow the
///   order of the last drop and the next subscribe.
pub(crate) struct Versioned<T> {
    value: RwLock<T>,
    state: AtomicU64,
    sender_gone: AtomicBool,
    receivers: AtomicUsize,
    waiters: Mutex<WaiterList>,
    pub(crate) closing: Closing,
}

/// What a receiver's check found.
pub(crate) enum Change {
    /// A value newer than the receiver's is stored, at this version.
    New(u64),
    /// The sender is gone and the receiver has seen the last value.
    Closed,
}

impl<T> Versioned<T> {
    /// Holds `initial` at the first version, with one receiver.
    pub(crate) fn new(initial: T) -> Self {
        Versioned {
            value: RwLock::new(initial),
            state: AtomicU64::new((UNSEEN + 1) << 1),
            sender_gone: AtomicBool::new(false),
            receivers: AtomicUsize::new(1),
            waiters: Mutex::new(WaiterList::new()),
            closing: Closing::new(),
        }
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, T> {
        self.value.read()
    }

    /// The value with the version that belongs to it.
    pub(crate) fn read_versioned(&self) -> (RwLockReadGuard<'_, T>, u64) {
        let stored = self.value.read();
        let version = self.version();
        (stored, version)
    }

    pub(crate) fn receivers(&self) -> usize {
        self.receivers.load(Ordering::Acquire)
    }

    pub(crate) fn is_sender_gone(&self) -> bool {
        self.sender_gone.load(Ordering::Acquire)
    }

    /// The sender is gone: no version follows the current one.
    pub(crate) fn close_sender(&self) {
        self.sender_gone.store(true, Ordering::Release);
        self.wake_all();
    }

    /// Changes the value in place and publishes a new version if `modify` returns `true`;
    /// returns what `modify` returned.
    pub(crate) fn modify_if<F: FnOnce(&mut T) -> bool>(&self, modify: F) -> bool {
        let before = {
            let mut stored = self.value.write();
            if !modify(&mut stored) {
                return false;
            }
            self.bump()
        };
        self.notify(before);
        true
    }

    pub(crate) fn version(&self) -> u64 {
        self.state.load(Ordering::Acquire) >> 1
    }

    pub(crate) fn check(&self, seen: u64) -> Option<Change> {
        let gone = self.sender_gone.load(Ordering::Acquire);
        let version = self.version();
        if version != seen {
            Some(Change::New(version))
        } else if gone {
            Some(Change::Closed)
        } else {
            None
        }
    }

    /// Keeps the `WAITING` bit equal to `!waiters.is_empty()`; call with the lock held.
    fn sync_waiting_bit(&self, waiters: &WaiterList) {
        if waiters.is_empty() {
            self.state.fetch_and(!WAITING, Ordering::AcqRel);
        } else {
            self.state.fetch_or(WAITING, Ordering::AcqRel);
        }
    }

    /// Waits for a value newer than `seen`, or for the end.
    pub(crate) fn poll_change(
        &self,
        seen: u64,
        key: &mut Option<WaitKey>,
        cx: &Context<'_>,
    ) -> Poll<Change> {
        if let Some(change) = self.check(seen) {
            self.forget(key);
            return Poll::Ready(change);
        }
        if cx.waker().will_wake(Waker::noop()) {
            return Poll::Pending;
        }
        // Wakers replaced or removed here are dropped after unlocking (a waker's drop is
        // user code).
        let (polled, replaced) = {
            let mut waiters = self.waiters.lock();
            let replaced = waiters.register_returning(key, cx.waker());
            self.sync_waiting_bit(&waiters);
            match self.check(seen) {
                Some(change) => {
                    waiters.park(key);
                    self.sync_waiting_bit(&waiters);
                    (Poll::Ready(change), replaced)
                }
                None => (Poll::Pending, replaced),
            }
        };
        drop(replaced);
        polled
    }

    /// Ends a receiver's wait. Its node stays parked with its waker for the receiver's next
    /// wait, which then clones no waker; [`drop_receiver`](Self::drop_receiver) frees it.
    /// Every waiting receiver is woken for every change, so there is no wake-up to pass on.
    ///
    /// Without `WAITING` the lock is skipped: the bit is set under the lock by the
    /// receiver's own registration (so its later load cannot see an older value) and
    /// cleared only once the list is empty, so a clear bit means the node was unlinked
    /// already (notified), and only the receiver links it again.
    pub(crate) fn forget(&self, key: &mut Option<WaitKey>) {
        if key.is_some() && self.state.load(Ordering::Acquire) & WAITING != 0 {
            let mut waiters = self.waiters.lock();
            waiters.park(key);
            self.sync_waiting_bit(&waiters);
        }
    }

    fn wake_all(&self) {
        let mut batch = WakeBatch::new();
        {
            let mut waiters = self.waiters.lock();
            waiters.notify_all(&mut batch);
            self.sync_waiting_bit(&waiters);
        }
        batch.wake();
    }

    /// Bumps the version; call with the value's write lock held, then pass the result to
    /// [`notify`](Self::notify) once that lock is released.
    fn bump(&self) -> u64 {
        self.state.fetch_add(VERSION_STEP, Ordering::AcqRel)
    }

    /// Wakes the waiting receivers, if the state before a bump says there are any.
    fn notify(&self, before: u64) {
        if before & WAITING != 0 {
            self.wake_all();
        }
    }

    pub(crate) fn replace(&self, value: T) -> T {
        let (old, before) = {
            let mut stored = self.value.write();
            let old = std::mem::replace(&mut *stored, value);
            (old, self.bump())
        };
        self.notify(before);
        old
    }

    pub(crate) fn add_receiver(&self) {
        let _waiters = self.waiters.lock();
        if self.receivers.fetch_add(1, Ordering::AcqRel) == 0 {
            self.closing.reopen();
        }
    }

    pub(crate) fn drop_receiver(&self, key: &mut Option<WaitKey>) {
        let mut batch = WakeBatch::new();
        let removed = {
            let mut waiters = self.waiters.lock();
            let (_, removed) = waiters.remove_returning(key);
            self.sync_waiting_bit(&waiters);
            if self.receivers.fetch_sub(1, Ordering::AcqRel) == 1 {
                self.closing.close(&mut batch);
            }
            removed
        };
        drop(removed);
        batch.wake();
    }
}

#[cfg(test)]
impl<T> Versioned<T> {
    /// How many receivers are linked as waiting (parked nodes not counted).
    pub(crate) fn waiting_receivers(&self) -> usize {
        self.waiters.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CountingWaker;

    fn waiting_bit<T>(cell: &Versioned<T>) -> bool {
        cell.state.load(Ordering::SeqCst) & WAITING != 0
    }

    #[test]
    fn the_waiting_bit_follows_registration() {
        let cell = Versioned::new(0);
        let waker = CountingWaker::new();
        let mut key = None;
        let task_waker = waker.waker();
        let cx = Context::from_waker(&task_waker);
        assert!(matches!(
            cell.poll_change(UNSEEN, &mut key, &cx),
            Poll::Ready(Change::New(1))
        ));
        assert!(!waiting_bit(&cell));
        assert!(cell.poll_change(1, &mut key, &cx).is_pending());
        assert!(waiting_bit(&cell));
        cell.forget(&mut key);
        assert!(!waiting_bit(&cell));
    }

    #[test]
    fn a_change_wakes_the_waiters_and_clears_the_waiting_bit() {
        let cell = Versioned::new(0);
        let waker = CountingWaker::new();
        let mut key = None;
        let task_waker = waker.waker();
        let cx = Context::from_waker(&task_waker);
        assert!(cell.poll_change(1, &mut key, &cx).is_pending());
        cell.replace(1);
        assert_eq!(waker.count(), 1);
        assert!(!waiting_bit(&cell));
        assert!(matches!(
            cell.poll_change(1, &mut key, &cx),
            Poll::Ready(Change::New(2))
        ));
    }

    #[test]
    fn a_noop_waker_registers_nothing() {
        let cell = Versioned::new(0);
        let mut key = None;
        let cx = Context::from_waker(Waker::noop());
        assert!(cell.poll_change(1, &mut key, &cx).is_pending());
        assert!(key.is_none());
        assert!(cell.waiters.lock().is_empty());
        assert!(!waiting_bit(&cell));
    }
}
