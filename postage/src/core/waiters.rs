//! Waiter registration shared by every channel kind.
//!
//! A [`WaiterList`] lives inside a channel's locked state. Each pending operation (a `recv`
//! future, a `send` future, a `closed` future, or a handle polled through the `Sink`/`Stream`
//! traits) owns at most one [`WaitKey`] naming a node of the list.
//!
//! Invariants:
//! - A node is in exactly one of four states: free (on the free list), waiting (linked in
//!   FIFO order between `head` and `tail`), notified (unlinked, its waker already taken and
//!   woken by the notifier), or parked (unlinked, kept by an operation owner that is not
//!   waiting now, see [`WaiterList::park`]). Free and notified nodes hold no waker; a parked
//!   node keeps the waker it had, so that waiting again with the same waker clones nothing.
//! - Nodes are reused: re-polling a pending operation with the same waker neither allocates
//!   nor clones (`Waker::will_wake`); the node storage only grows to the largest number of
//!   operations pending at once.
//! - A notified node still belongs to its operation. When that operation is abandoned
//!   without consuming what it was woken for, [`WaiterList::remove_returning`] reports it, and the
//!   caller passes the wake-up on with [`WaiterList::notify_one`]. This is what makes
//!   cancellation lose no wake-up.
//! - A node may stand for a reservation of `need` slots (a permit's `reserve`, `reserve_many`)
//!   rather than a send that retries: the channel then sets room aside for it while it is
//!   the first in line (`held`, counted in the channel's reservations), and notifies it only
//!   once it holds all it needs ([`WaiterList::front`], [`WaiterList::set_aside`]). `held`
//!   is given back to the channel by the operation ([`WaiterList::take_held`]) before its
//!   node is freed.
//! - Wakers are never woken while the channel lock is held: notifiers collect them (a
//!   [`WakeBatch`] for many) and wake after unlocking, since a waker's `wake` may drop a task
//!   that owns a handle of the same channel.

use std::mem::MaybeUninit;
use std::task::Waker;

const NIL: u32 = u32::MAX;

/// Names one node of a [`WaiterList`]; held by a pending operation.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct WaitKey {
    index: u32,
    /// Set by [`WaitKey::consumed`]: the node may still show a notification, but the
    /// operation used it. Cleared by the next registration.
    used: bool,
    /// Set by [`WaiterList::park`], cleared by the next registration: the node is parked,
    /// so no notifier can reach it and ending a wait has nothing to undo.
    parked: bool,
}

impl WaitKey {
    /// A key that names no node: it marks an owner registered outside any list (the mpsc
    /// receiver in its waker cell), so that ending a wait that never registered costs
    /// nothing. Never passed to a [`WaiterList`].
    pub(crate) const fn outside() -> Self {
        WaitKey {
            index: NIL,
            used: false,
            parked: false,
        }
    }

    /// Whether the key's node was parked by [`WaiterList::park`] and not registered since:
    /// it is neither waiting nor notified, and stays so until its owner registers again.
    /// Read without the lock, by the key's owner.
    pub(crate) fn is_parked(key: &Option<WaitKey>) -> bool {
        key.as_ref().is_some_and(|key| key.parked)
    }

    /// Records, without the lock, that the operation completed and so used any notification
    /// its node shows. For an owner that skips [`WaiterList::park`] because nobody else
    /// waits: its node is then parked or notified, and no notifier can reach it before the
    /// key registers again (only a registration links a node), so the mark stays true.
    /// Without it, a later [`WaiterList::remove_returning`] or [`WaiterList::park`] would
    /// report that stale notification and the caller would pass on a wake-up nobody is owed.
    pub(crate) fn consumed(key: &mut Option<WaitKey>) {
        if let Some(key) = key {
            key.used = true;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeState {
    Free,
    Waiting,
    Notified,
    Parked,
}

#[derive(Debug)]
struct Node {
    waker: Option<Waker>,
    state: NodeState,
    prev: u32,
    next: u32,
    /// Slots a reservation waits for; 0 for an operation that retries when notified.
    need: usize,
    /// Slots set aside for the reservation so far (at most `need`).
    held: usize,
}

/// The longest-waiting operation of a [`WaiterList`], as [`WaiterList::front`] sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Front {
    /// An operation that retries on its own when notified (a send).
    Retries,
    /// A reservation that still misses this many slots.
    Reserves { missing: usize },
}

/// The room a channel hands to its line of waiting senders and reservations
/// ([`WaiterList::serve_line`], [`WaiterList::reserve_waiting`]): the queue's slots, the
/// ring's units of occupancy. Every method is called with the channel's lock held.
pub(crate) trait Room {
    /// Whether the channel refuses sends, so that reservations fail.
    fn refuses(&self) -> bool;
    /// Takes one unit of free room, or says there is none.
    fn take_unit(&self) -> bool;
    /// Gives `n` units back, without serving the line.
    fn give_back(&self, n: usize);
    /// Announces that `line` has a waiter, so that whoever frees room next serves it.
    fn announce(&self, line: &WaiterList);
}

/// An allocation-free (after warm-up) FIFO list of waiting operations.
#[derive(Debug)]
pub(crate) struct WaiterList {
    nodes: Vec<Node>,
    free: u32,
    head: u32,
    tail: u32,
    waiting: usize,
}

impl Default for WaiterList {
    fn default() -> Self {
        Self::new()
    }
}

impl WaiterList {
    pub(crate) const fn new() -> Self {
        WaiterList {
            nodes: Vec::new(),
            free: NIL,
            head: NIL,
            tail: NIL,
            waiting: 0,
        }
    }

    /// Whether any operation is waiting (not counting notified ones).
    pub(crate) fn is_empty(&self) -> bool {
        self.waiting == 0
    }

    /// How many operations are waiting (not counting notified ones).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.waiting
    }

    /// Registers `waker` for the operation owning `key`, or refreshes its registration.
    ///
    /// A no-op waker (used by the `try_*` methods) registers nothing. A notified operation
    /// that is still pending goes back to the end of the queue.
    #[cfg(test)]
    pub(crate) fn register(&mut self, key: &mut Option<WaitKey>, waker: &Waker) {
        drop(self.register_returning(key, waker));
    }

    /// Registers (see `register`), handing back the waker it replaces instead of dropping
    /// it, so that the caller drops it after unlocking (a waker's drop is user code).
    pub(crate) fn register_returning(
        &mut self,
        key: &mut Option<WaitKey>,
        waker: &Waker,
    ) -> Option<Waker> {
        if waker.will_wake(Waker::noop()) {
            return None;
        }
        match key {
            Some(WaitKey {
                index,
                used,
                parked,
            }) => {
                *used = false;
                *parked = false;
                let index = *index;
                let node = &mut self.nodes[index as usize];
                let state = node.state;
                let replaced = match &mut node.waker {
                    Some(current) if current.will_wake(waker) => None,
                    slot => slot.replace(waker.clone()),
                };
                match state {
                    NodeState::Waiting => {}
                    NodeState::Notified | NodeState::Parked => self.link_tail(index),
                    NodeState::Free => unreachable!("a wait key names a free node"),
                }
                replaced
            }
            None => {
                let index = self.alloc(waker.clone());
                self.link_tail(index);
                *key = Some(WaitKey {
                    index,
                    used: false,
                    parked: false,
                });
                None
            }
        }
    }

    /// Drops the registration behind `key`, if any. Returns `true` when the operation had
    /// been notified: the caller then passes the wake-up on if the operation did not use it.
    #[cfg(test)]
    #[inline]
    pub(crate) fn remove(&mut self, key: &mut Option<WaitKey>) -> bool {
        self.remove_returning(key).0
    }

    /// Removes (see `remove`), handing back the node's waker instead of dropping it, so
    /// that the caller drops it after unlocking.
    #[inline]
    pub(crate) fn remove_returning(&mut self, key: &mut Option<WaitKey>) -> (bool, Option<Waker>) {
        let Some(WaitKey { index, used, .. }) = key.take() else {
            return (false, None);
        };
        let state = self.nodes[index as usize].state;
        if state == NodeState::Waiting {
            self.unlink(index);
        }
        let node = &mut self.nodes[index as usize];
        debug_assert_eq!(node.held, 0, "a freed node holds no slot");
        let waker = node.waker.take();
        node.state = NodeState::Free;
        node.next = self.free;
        self.free = index;
        (state == NodeState::Notified && !used, waker)
    }

    /// Stops the wait behind `key` but keeps its node (and waker) for the key's next
    /// [`register_returning`](Self::register_returning), which then neither allocates nor clones a waker with
    /// the same waker. For a key that outlives its operations (held by a receiver handle,
    /// not by a future). Returns `true` when the operation had been notified: the caller
    /// passes the wake-up on if the operation did not use it.
    pub(crate) fn park(&mut self, key: &mut Option<WaitKey>) -> bool {
        let Some(WaitKey {
            index,
            used,
            ref mut parked,
        }) = *key
        else {
            return false;
        };
        *parked = true;
        let state = self.nodes[index as usize].state;
        if state == NodeState::Waiting {
            self.unlink(index);
        }
        self.nodes[index as usize].state = NodeState::Parked;
        state == NodeState::Notified && !used
    }

    /// [`register_returning`](Self::register_returning) for a reservation of `need` slots:
    /// while it is the first in line the channel sets room aside for it, and it is notified
    /// once it holds `need` slots. Room already set aside stays with it.
    fn register_reserving(
        &mut self,
        key: &mut Option<WaitKey>,
        waker: &Waker,
        need: usize,
    ) -> Option<Waker> {
        let replaced = self.register_returning(key, waker);
        if let Some(WaitKey { index, .. }) = key {
            self.nodes[*index as usize].need = need;
        }
        replaced
    }

    /// What the longest-waiting operation waits for, if any operation waits.
    fn front(&self) -> Option<Front> {
        if self.head == NIL {
            return None;
        }
        let node = &self.nodes[self.head as usize];
        Some(if node.need == 0 {
            Front::Retries
        } else {
            Front::Reserves {
                missing: node.need - node.held,
            }
        })
    }

    /// Records `n` more slots set aside for the reservation first in line.
    fn set_aside(&mut self, n: usize) {
        let node = &mut self.nodes[self.head as usize];
        node.held += n;
        debug_assert!(
            node.held <= node.need,
            "set aside more than a reservation needs"
        );
    }

    /// Whether the operation behind `key` is linked in the line (neither notified nor
    /// parked).
    fn is_waiting(&self, key: &Option<WaitKey>) -> bool {
        key.as_ref()
            .is_some_and(|key| self.nodes[key.index as usize].state == NodeState::Waiting)
    }

    /// Whether the reservation behind `key` holds every slot it needs.
    fn is_satisfied(&self, key: &Option<WaitKey>) -> bool {
        key.as_ref().is_some_and(|key| {
            let node = &self.nodes[key.index as usize];
            node.need > 0 && node.held == node.need
        })
    }

    /// Takes the slots set aside for the reservation behind `key`: the caller now owns them
    /// (to use as permits, or to give back to the channel).
    fn take_held(&mut self, key: &Option<WaitKey>) -> usize {
        match key {
            Some(key) => std::mem::take(&mut self.nodes[key.index as usize].held),
            None => 0,
        }
    }

    /// Hands freed room to the line in arrival order; called by a channel under its lock
    /// after freeing room (or finding a reservation first in line that may now be served).
    ///
    /// Up to `wakes` waiting sends first in line are notified, one for each unit the caller
    /// freed: they retry on their own. A reservation first in line instead gets units set
    /// aside for it, taken one at a time with [`Room::take_unit`], and is notified once it
    /// holds all it
    /// needs; the next in line is served after it. A reservation behind a send notified in
    /// this call is left for the next release: the room that send was woken for is not set
    /// aside behind its back. Units set aside count against `wakes`, which they used up.
    pub(crate) fn serve_line(&mut self, batch: &mut WakeBatch, mut wakes: usize, room: &impl Room) {
        let mut retrying = false;
        loop {
            match self.front() {
                None => return,
                Some(Front::Retries) => {
                    if wakes == 0 {
                        return;
                    }
                    wakes -= 1;
                    retrying = true;
                    batch.push_opt(self.notify_one());
                }
                Some(Front::Reserves { .. }) if retrying => return,
                Some(Front::Reserves { missing }) => {
                    let mut taken = 0;
                    while taken < missing && room.take_unit() {
                        taken += 1;
                    }
                    self.set_aside(taken);
                    wakes = wakes.saturating_sub(taken);
                    if taken < missing {
                        return;
                    }
                    batch.push_opt(self.notify_one());
                }
            }
        }
    }

    /// A reservation about to wait again that is not in line (woken by a closing that a
    /// new receiver undid) gives back what was set aside for it: only the first in line
    /// holds room, or two reservations could each hold part of what the other needs. The
    /// room given back serves the line, as freed room does, or a sender waiting for it
    /// would not be woken.
    fn requeue_reservation(
        &mut self,
        batch: &mut WakeBatch,
        key: &Option<WaitKey>,
        room: &impl Room,
    ) {
        if key.is_some() && !self.is_waiting(key) {
            let held = self.take_held(key);
            if held > 0 {
                room.give_back(held);
                self.serve_line(batch, held, room);
            }
        }
    }

    /// The part of a pending `reserve`/`reserve_many` of `n` units that runs under the
    /// lock: unless the channel refuses sends or the reservation already holds all it
    /// needs, it (re)joins the line, announces it and serves the line, which sets room
    /// aside for it if it is first. Then it reports `Some(true)` once the reservation holds
    /// its `n` units (they are the caller's now), `Some(false)` when the channel refuses
    /// sends (what was set aside is given back), `None` while it waits. The wakers to drop
    /// after unlocking come back with the outcome: the one a new registration replaced and
    /// the one of a registration that ended.
    ///
    /// The announcement comes before the set-aside tries to take units: room freed before
    /// it is seen by that try, room freed after it by a freer that sees the announcement
    /// and serves the line.
    pub(crate) fn reserve_waiting(
        &mut self,
        batch: &mut WakeBatch,
        key: &mut Option<WaitKey>,
        waker: &Waker,
        n: usize,
        room: &impl Room,
    ) -> (Option<bool>, [Option<Waker>; 2]) {
        let mut replaced = None;
        if !room.refuses() && !self.is_satisfied(key) {
            self.requeue_reservation(batch, key, room);
            replaced = self.register_reserving(key, waker, n);
            room.announce(self);
            self.serve_line(batch, 0, room);
        }
        let outcome = if room.refuses() {
            Some(false)
        } else if self.is_satisfied(key) {
            Some(true)
        } else {
            None
        };
        let mut removed = None;
        if let Some(reserved) = outcome {
            let held = self.take_held(key);
            if !reserved {
                // Refused: nobody waits for room any more (closing notified everyone).
                room.give_back(held);
            }
            removed = self.remove_returning(key).1;
        }
        (outcome, [replaced, removed])
    }

    /// A reservation abandoned while it waited leaves the line; the room set aside for it
    /// (all of it, if it was notified) goes to the next in line. Returns the waker to drop
    /// after unlocking.
    pub(crate) fn cancel_reservation(
        &mut self,
        batch: &mut WakeBatch,
        key: &mut Option<WaitKey>,
        room: &impl Room,
    ) -> Option<Waker> {
        let held = self.take_held(key);
        let (_, removed) = self.remove_returning(key);
        if held > 0 {
            room.give_back(held);
            self.serve_line(batch, held, room);
        }
        removed
    }

    /// Marks the longest-waiting operation notified and returns its waker.
    #[inline]
    pub(crate) fn notify_one(&mut self) -> Option<Waker> {
        if self.head == NIL {
            return None;
        }
        let index = self.head;
        self.unlink(index);
        let node = &mut self.nodes[index as usize];
        node.state = NodeState::Notified;
        node.waker.take()
    }

    /// Notifies every waiting operation, collecting the wakers into `batch`.
    pub(crate) fn notify_all(&mut self, batch: &mut WakeBatch) {
        while let Some(waker) = self.notify_one() {
            batch.push(waker);
        }
    }

    fn alloc(&mut self, waker: Waker) -> u32 {
        let node = Node {
            waker: Some(waker),
            state: NodeState::Waiting,
            prev: NIL,
            next: NIL,
            need: 0,
            held: 0,
        };
        if self.free != NIL {
            let index = self.free;
            self.free = self.nodes[index as usize].next;
            self.nodes[index as usize] = node;
            index
        } else {
            let index = u32::try_from(self.nodes.len())
                .ok()
                .filter(|&index| index != NIL)
                .expect("too many operations waiting on one channel");
            self.nodes.push(node);
            index
        }
    }

    fn link_tail(&mut self, index: u32) {
        let tail = self.tail;
        let node = &mut self.nodes[index as usize];
        node.state = NodeState::Waiting;
        node.prev = tail;
        node.next = NIL;
        if tail == NIL {
            self.head = index;
        } else {
            self.nodes[tail as usize].next = index;
        }
        self.tail = index;
        self.waiting += 1;
    }

    fn unlink(&mut self, index: u32) {
        let Node { prev, next, .. } = self.nodes[index as usize];
        if prev == NIL {
            self.head = next;
        } else {
            self.nodes[prev as usize].next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.nodes[next as usize].prev = prev;
        }
        self.waiting -= 1;
    }
}

const INLINE_WAKERS: usize = 32;

/// Wakers collected under a lock, to be woken after it is released.
///
/// Holds up to 32 wakers without allocating. The inline slots start uninitialised, so making
/// a batch costs nothing: every channel operation makes one, most never push to it.
///
/// Invariant: `inline[..len]` are initialised wakers owned by the batch; the other slots are
/// uninitialised.
pub(crate) struct WakeBatch {
    inline: [MaybeUninit<Waker>; INLINE_WAKERS],
    len: usize,
    overflow: Vec<Waker>,
}

impl WakeBatch {
    #[inline]
    pub(crate) fn new() -> Self {
        WakeBatch {
            inline: [const { MaybeUninit::uninit() }; INLINE_WAKERS],
            len: 0,
            overflow: Vec::new(),
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, waker: Waker) {
        if self.len < INLINE_WAKERS {
            self.inline[self.len].write(waker);
            self.len += 1;
        } else {
            self.overflow.push(waker);
        }
    }

    /// Pushes `waker` if there is one.
    #[inline]
    pub(crate) fn push_opt(&mut self, waker: Option<Waker>) {
        if let Some(waker) = waker {
            self.push(waker);
        }
    }

    /// Wakes everything collected. Call only after releasing the channel lock.
    ///
    /// Takes `&mut self` rather than `self`: moving the 0.5 KiB batch into the call showed
    /// up as a `memmove` on every receive in profiles.
    #[inline]
    pub(crate) fn wake(&mut self) {
        // Taking `len` first hands each waker to exactly one owner: if a `wake` panics, the
        // wakers after it leak instead of being dropped twice.
        let len = std::mem::take(&mut self.len);
        for slot in &mut self.inline[..len] {
            // SAFETY: slots below the old `len` are initialised (the type's invariant), and
            // with `len` reset each is read exactly once.
            unsafe { slot.assume_init_read() }.wake();
        }
        if !self.overflow.is_empty() {
            for waker in self.overflow.drain(..) {
                waker.wake();
            }
        }
    }
}

impl Drop for WakeBatch {
    #[inline]
    fn drop(&mut self) {
        for slot in &mut self.inline[..self.len] {
            // SAFETY: slots below `len` are initialised and owned by the batch, and the batch
            // is going away, so each is dropped exactly once.
            unsafe { slot.assume_init_drop() };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CountingWaker;

    #[test]
    fn notify_one_wakes_in_registration_order() {
        let (first, second) = (CountingWaker::new(), CountingWaker::new());
        let mut list = WaiterList::new();
        let (mut a, mut b) = (None, None);
        list.register(&mut a, &first.waker());
        list.register(&mut b, &second.waker());
        list.notify_one().unwrap().wake();
        assert_eq!((first.count(), second.count()), (1, 0));
        list.notify_one().unwrap().wake();
        assert_eq!((first.count(), second.count()), (1, 1));
        assert!(list.notify_one().is_none());
    }

    #[test]
    fn reregistering_the_same_waker_keeps_one_node() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        let mut key = None;
        for _ in 0..100 {
            list.register(&mut key, &waker.waker());
        }
        assert_eq!(list.nodes.len(), 1);
        assert_eq!(list.waiting, 1);
    }

    #[test]
    fn a_new_waker_replaces_the_old_one() {
        let (old, new) = (CountingWaker::new(), CountingWaker::new());
        let mut list = WaiterList::new();
        let mut key = None;
        list.register(&mut key, &old.waker());
        list.register(&mut key, &new.waker());
        list.notify_one().unwrap().wake();
        assert_eq!((old.count(), new.count()), (0, 1));
    }

    #[test]
    fn noop_waker_registers_nothing() {
        let mut list = WaiterList::new();
        let mut key = None;
        list.register(&mut key, Waker::noop());
        assert!(key.is_none());
        assert!(list.is_empty());
    }

    #[test]
    fn removing_a_notified_node_reports_it() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        let (mut a, mut b) = (None, None);
        list.register(&mut a, &waker.waker());
        list.register(&mut b, &waker.waker());
        assert!(!list.remove(&mut b));
        let _ = list.notify_one();
        assert!(list.remove(&mut a));
        assert!(list.is_empty());
    }

    #[test]
    fn a_parked_wait_is_not_notified_until_it_registers_again() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        let mut key = None;
        list.register(&mut key, &waker.waker());
        assert!(!list.park(&mut key));
        assert!(list.is_empty());
        assert!(list.notify_one().is_none());
        list.register(&mut key, &waker.waker());
        assert_eq!(list.nodes.len(), 1);
        list.notify_one().unwrap().wake();
        assert_eq!(waker.count(), 1);
    }

    #[test]
    fn a_key_shows_it_is_parked_until_it_registers_again() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        let mut key = None;
        assert!(!WaitKey::is_parked(&key));
        list.register(&mut key, &waker.waker());
        assert!(!WaitKey::is_parked(&key));
        list.park(&mut key);
        assert!(WaitKey::is_parked(&key));
        list.register(&mut key, &waker.waker());
        assert!(!WaitKey::is_parked(&key), "registered again: linked");
        let _ = list.notify_one();
        assert!(!WaitKey::is_parked(&key), "a notified node is not parked");
        list.park(&mut key);
        assert!(WaitKey::is_parked(&key));
    }

    #[test]
    fn parking_a_notified_wait_reports_it() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        let mut key = None;
        list.register(&mut key, &waker.waker());
        let _ = list.notify_one();
        assert!(list.park(&mut key));
        assert!(!list.park(&mut key), "reported once");
        assert!(!list.remove(&mut key));
    }

    #[test]
    fn a_consumed_notification_is_not_reported_until_the_next_wait() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        let mut key = None;
        list.register(&mut key, &waker.waker());
        let _ = list.notify_one();
        WaitKey::consumed(&mut key);
        assert!(!list.park(&mut key), "park: the notification was used");
        list.register(&mut key, &waker.waker());
        let _ = list.notify_one();
        assert!(list.park(&mut key), "a new wait's notification is reported");
        list.register(&mut key, &waker.waker());
        let _ = list.notify_one();
        WaitKey::consumed(&mut key);
        assert!(!list.remove(&mut key), "remove: the notification was used");
    }

    #[test]
    fn a_parked_node_takes_a_new_waker_when_registered_with_one() {
        let (old, new) = (CountingWaker::new(), CountingWaker::new());
        let mut list = WaiterList::new();
        let mut key = None;
        list.register(&mut key, &old.waker());
        list.park(&mut key);
        list.register(&mut key, &new.waker());
        list.notify_one().unwrap().wake();
        assert_eq!((old.count(), new.count()), (0, 1));
    }

    /// Room for the line tests: `free` units to take (units given back are free again),
    /// `refused` to make reservations fail.
    #[derive(Default)]
    struct TestRoom {
        free: std::cell::Cell<usize>,
        given_back: std::cell::Cell<usize>,
        refused: std::cell::Cell<bool>,
        announced: std::cell::Cell<usize>,
    }

    impl Room for TestRoom {
        fn refuses(&self) -> bool {
            self.refused.get()
        }

        fn take_unit(&self) -> bool {
            let free = self.free.get();
            self.free.set(free.saturating_sub(1));
            free > 0
        }

        fn give_back(&self, n: usize) {
            self.given_back.set(self.given_back.get() + n);
            self.free.set(self.free.get() + n);
        }

        fn announce(&self, line: &WaiterList) {
            assert!(!line.is_empty(), "announced with nobody in line");
            self.announced.set(self.announced.get() + 1);
        }
    }

    #[test]
    fn serving_the_line_notifies_one_send_per_freed_unit() {
        let (a, b) = (CountingWaker::new(), CountingWaker::new());
        let mut list = WaiterList::new();
        let (mut ka, mut kb) = (None, None);
        list.register(&mut ka, &a.waker());
        list.register(&mut kb, &b.waker());
        let room = TestRoom::default();
        let mut batch = WakeBatch::new();
        list.serve_line(&mut batch, 1, &room);
        batch.wake();
        assert_eq!((a.count(), b.count()), (1, 0));
        list.serve_line(&mut batch, 0, &room);
        batch.wake();
        assert_eq!(b.count(), 0, "no unit freed, no wake-up");
    }

    #[test]
    fn serving_the_line_sets_room_aside_for_a_reservation_until_it_holds_all() {
        let (reserver, sender) = (CountingWaker::new(), CountingWaker::new());
        let mut list = WaiterList::new();
        let (mut kr, mut ks) = (None, None);
        drop(list.register_reserving(&mut kr, &reserver.waker(), 3));
        list.register(&mut ks, &sender.waker());
        let room = TestRoom::default();
        room.free.set(2);
        let mut batch = WakeBatch::new();
        list.serve_line(&mut batch, 2, &room);
        batch.wake();
        assert_eq!(
            (reserver.count(), sender.count()),
            (0, 0),
            "2 of 3 set aside"
        );
        assert!(!list.is_satisfied(&kr));
        room.free.set(2);
        list.serve_line(&mut batch, 2, &room);
        batch.wake();
        assert!(list.is_satisfied(&kr));
        assert_eq!(list.take_held(&kr), 3);
        // The third unit used up one wake-up; the second freed unit wakes the send.
        assert_eq!((reserver.count(), sender.count()), (1, 1));
        assert_eq!(
            room.free.get(),
            1,
            "the send takes its own unit when it retries"
        );
    }

    #[test]
    fn a_reservation_behind_a_send_just_notified_waits_for_the_next_release() {
        let (sender, reserver) = (CountingWaker::new(), CountingWaker::new());
        let mut list = WaiterList::new();
        let (mut ks, mut kr) = (None, None);
        list.register(&mut ks, &sender.waker());
        drop(list.register_reserving(&mut kr, &reserver.waker(), 1));
        let room = TestRoom::default();
        room.free.set(5);
        let mut batch = WakeBatch::new();
        list.serve_line(&mut batch, 2, &room);
        batch.wake();
        assert_eq!((sender.count(), reserver.count()), (1, 0));
        assert_eq!(room.free.get(), 5, "nothing set aside in that call");
        list.serve_line(&mut batch, 1, &room);
        batch.wake();
        assert_eq!(reserver.count(), 1);
        assert_eq!(list.take_held(&kr), 1);
    }

    #[test]
    fn a_waiting_reservation_is_announced_served_and_completed() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        let mut key = None;
        let room = TestRoom::default();
        room.free.set(1);
        let mut batch = WakeBatch::new();
        let (outcome, _) = list.reserve_waiting(&mut batch, &mut key, &waker.waker(), 2, &room);
        assert_eq!(outcome, None, "one of two units set aside: it waits");
        assert_eq!(room.announced.get(), 1);
        room.free.set(1);
        list.serve_line(&mut batch, 1, &room);
        batch.wake();
        assert_eq!(waker.count(), 1, "notified once it holds both");
        let (outcome, [_, removed]) =
            list.reserve_waiting(&mut batch, &mut key, &waker.waker(), 2, &room);
        assert_eq!(outcome, Some(true));
        assert!(removed.is_none(), "the notifier took the waker");
        assert!(key.is_none(), "the registration ended");
        assert_eq!(room.given_back.get(), 0, "both units are the caller's");
    }

    #[test]
    fn a_refused_or_cancelled_reservation_gives_its_room_back() {
        let (first, second) = (CountingWaker::new(), CountingWaker::new());
        let mut list = WaiterList::new();
        let (mut k1, mut k2) = (None, None);
        let room = TestRoom::default();
        room.free.set(1);
        let mut batch = WakeBatch::new();
        let (outcome, _) = list.reserve_waiting(&mut batch, &mut k1, &first.waker(), 2, &room);
        assert_eq!(outcome, None);
        let (outcome, _) = list.reserve_waiting(&mut batch, &mut k2, &second.waker(), 1, &room);
        assert_eq!(outcome, None, "second in line: nothing set aside for it");
        // The first cancels: its unit goes to the second, which is then notified.
        let removed = list.cancel_reservation(&mut batch, &mut k1, &room);
        assert!(removed.is_some());
        assert_eq!(room.given_back.get(), 1);
        batch.wake();
        assert_eq!(second.count(), 1);
        room.refused.set(true);
        let (outcome, _) = list.reserve_waiting(&mut batch, &mut k2, &second.waker(), 1, &room);
        assert_eq!(outcome, Some(false));
        assert_eq!(
            room.given_back.get(),
            2,
            "refused: its unit is given back too"
        );
    }

    #[test]
    fn freed_nodes_are_reused() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        for _ in 0..10 {
            let mut key = None;
            list.register(&mut key, &waker.waker());
            list.remove(&mut key);
        }
        assert_eq!(list.nodes.len(), 1);
    }

    #[test]
    fn a_batch_dropped_unwoken_releases_its_wakers_without_waking() {
        struct Wakes(std::sync::atomic::AtomicUsize);
        impl std::task::Wake for Wakes {
            fn wake(self: std::sync::Arc<Self>) {
                self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        }
        let wakes = std::sync::Arc::new(Wakes(std::sync::atomic::AtomicUsize::new(0)));
        let mut batch = WakeBatch::new();
        for _ in 0..40 {
            batch.push(Waker::from(wakes.clone()));
        }
        drop(batch);
        assert_eq!(wakes.0.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert_eq!(
            std::sync::Arc::strong_count(&wakes),
            1,
            "every collected waker was dropped"
        );
    }

    #[test]
    fn notify_all_collects_beyond_the_inline_batch() {
        let waker = CountingWaker::new();
        let mut list = WaiterList::new();
        let mut keys: Vec<Option<WaitKey>> = (0..40).map(|_| None).collect();
        for key in &mut keys {
            list.register(key, &waker.waker());
        }
        let mut batch = WakeBatch::new();
        list.notify_all(&mut batch);
        batch.wake();
        assert_eq!(waker.count(), 40);
        assert!(list.is_empty());
    }
}
