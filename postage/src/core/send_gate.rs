//! The sending side every bounded channel core shares: the queue of waiting senders and the
//! slots promised to `futures_sink::Sink::poll_ready` callers.
//!
//! A [`SendGate`] lives inside a core's locked state, next to the buffer it guards. The core
//! tells it how many slots the buffer uses and whether any receiver is left; the gate decides
//! whether a send may go ahead, registers the sender when it may not, and picks the sender a
//! freed slot wakes.
//!
//! Invariants (under the core's lock):
//! - `used + reserved <= capacity`, where `used` is the core's buffered count: a send goes
//!   ahead only with a free unreserved slot or with a reservation of its own (a permit).
//! - One freed slot (or released reservation) notifies one waiting sender, in FIFO order; a
//!   notified sender that gives up passes the wake-up on. Closing notifies every sender.

use std::task::{Poll, Waker};

use crate::core::waiters::{WaitKey, WaiterList, WakeBatch};

/// Panics unless `capacity` is usable; shared by every bounded channel constructor.
pub(crate) fn check_capacity(capacity: usize) {
    assert!(capacity >= 1, "capacity must be at least 1");
}

/// What a send attempt may do.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Admission {
    /// No receiver is left: the value goes back to the caller.
    Closed,
    /// No free slot: the sender was registered (unless it polled with a no-op waker).
    Full,
    /// A slot is free: the caller buffers the value.
    Open,
}

#[derive(Debug)]
pub(crate) struct SendGate {
    capacity: usize,
    reserved: usize,
    waiters: WaiterList,
}

impl SendGate {
    /// A gate for `capacity` slots.
    ///
    /// # Panics
    ///
    /// Panics with "capacity must be at least 1" when `capacity` is 0.
    pub(crate) fn new(capacity: usize) -> Self {
        check_capacity(capacity);
        SendGate {
            capacity,
            reserved: 0,
            waiters: WaiterList::new(),
        }
    }

    /// Whether a slot is free beside the `used` ones and the reserved ones.
    pub(crate) fn has_room(&self, used: usize) -> bool {
        used + self.reserved < self.capacity
    }

    /// Decides a send by the operation owning `key`; when full, registers `waker` for it.
    pub(crate) fn admit(
        &mut self,
        key: &mut Option<WaitKey>,
        waker: &Waker,
        closed: bool,
        used: usize,
    ) -> Admission {
        if closed {
            self.waiters.remove(key);
            Admission::Closed
        } else if self.has_room(used) {
            self.waiters.remove(key);
            Admission::Open
        } else {
            self.waiters.register(key, waker);
            Admission::Full
        }
    }

    /// `futures_sink::Sink::poll_ready`: reserves a slot into `permit`.
    ///
    /// Resolves without a permit when the channel is closed; [`start_send`](Self::start_send)
    /// then refuses the value, so the caller hands it back in its error.
    pub(crate) fn poll_reserve(
        &mut self,
        key: &mut Option<WaitKey>,
        permit: &mut bool,
        waker: &Waker,
        closed: bool,
        used: usize,
    ) -> Poll<()> {
        if *permit {
            return Poll::Ready(());
        }
        match self.admit(key, waker, closed, used) {
            Admission::Closed => Poll::Ready(()),
            Admission::Full => Poll::Pending,
            Admission::Open => {
                self.reserved += 1;
                *permit = true;
                Poll::Ready(())
            }
        }
    }

    /// `futures_sink::Sink::start_send`: uses up `permit`, if any, and says whether the value
    /// may be buffered now (with a permit, unless closed; without one, only if a slot is free).
    pub(crate) fn start_send(&mut self, permit: &mut bool, closed: bool, used: usize) -> bool {
        let had_permit = std::mem::take(permit);
        if had_permit {
            self.reserved -= 1;
        }
        !closed && (had_permit || self.has_room(used))
    }

    /// A send that gave up: returns the waker of the next sender if it had been notified.
    pub(crate) fn cancel(&mut self, key: &mut Option<WaitKey>) -> Option<Waker> {
        if self.waiters.remove(key) {
            self.waiters.notify_one()
        } else {
            None
        }
    }

    /// A sender handle going away with its registration and reservation: returns the waker
    /// of the next sender if a wake-up or a slot is handed on.
    pub(crate) fn release(
        &mut self,
        key: &mut Option<WaitKey>,
        permit: &mut bool,
    ) -> Option<Waker> {
        let mut hand_on = self.waiters.remove(key);
        if std::mem::take(permit) {
            self.reserved -= 1;
            hand_on = true;
        }
        if hand_on {
            self.waiters.notify_one()
        } else {
            None
        }
    }

    /// A slot was freed: returns the waker of the one sender to notify.
    pub(crate) fn slot_freed(&mut self) -> Option<Waker> {
        self.waiters.notify_one()
    }

    /// The channel closed: every waiting sender is notified.
    pub(crate) fn close(&mut self, batch: &mut WakeBatch) {
        self.waiters.notify_all(batch);
    }

    /// How many senders are waiting.
    #[cfg(test)]
    pub(crate) fn waiting(&self) -> usize {
        self.waiters.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CountingWaker;

    #[test]
    fn reservations_count_against_the_capacity() {
        let waker = CountingWaker::new().waker();
        let mut gate = SendGate::new(2);
        let (mut key, mut permit) = (None, false);
        assert!(gate
            .poll_reserve(&mut key, &mut permit, &waker, false, 1)
            .is_ready());
        assert!(permit);
        assert!(!gate.has_room(1));
        assert_eq!(
            gate.admit(&mut None, Waker::noop(), false, 1),
            Admission::Full
        );
        assert!(gate.start_send(&mut permit, false, 1));
        assert!(!permit);
        assert!(gate.has_room(1));
    }

    #[test]
    fn a_released_reservation_wakes_one_waiting_sender() {
        let (a, b) = (CountingWaker::new(), CountingWaker::new());
        let mut gate = SendGate::new(1);
        let mut permit = false;
        assert!(gate
            .poll_reserve(&mut None, &mut permit, &a.waker(), false, 0)
            .is_ready());
        let (mut key_a, mut key_b) = (None, None);
        assert_eq!(
            gate.admit(&mut key_a, &a.waker(), false, 0),
            Admission::Full
        );
        assert_eq!(
            gate.admit(&mut key_b, &b.waker(), false, 0),
            Admission::Full
        );
        gate.release(&mut None, &mut permit).unwrap().wake();
        assert_eq!((a.count(), b.count()), (1, 0));
        assert_eq!(gate.waiting(), 1);
    }

    #[test]
    fn a_notified_sender_that_gives_up_hands_the_wakeup_on() {
        let (a, b) = (CountingWaker::new(), CountingWaker::new());
        let mut gate = SendGate::new(1);
        let (mut key_a, mut key_b) = (None, None);
        assert_eq!(
            gate.admit(&mut key_a, &a.waker(), false, 1),
            Admission::Full
        );
        assert_eq!(
            gate.admit(&mut key_b, &b.waker(), false, 1),
            Admission::Full
        );
        gate.slot_freed().unwrap().wake();
        gate.cancel(&mut key_a).unwrap().wake();
        assert_eq!((a.count(), b.count()), (1, 1));
        assert!(gate.cancel(&mut key_b).is_none());
    }

    #[test]
    fn a_closed_gate_refuses_and_start_send_refuses_without_room() {
        let mut gate = SendGate::new(1);
        let mut key = None;
        assert_eq!(
            gate.admit(&mut key, Waker::noop(), true, 0),
            Admission::Closed
        );
        let mut permit = false;
        assert!(gate
            .poll_reserve(&mut key, &mut permit, Waker::noop(), true, 0)
            .is_ready());
        assert!(!permit);
        assert!(!gate.start_send(&mut permit, true, 0));
        assert!(!gate.start_send(&mut permit, false, 1));
        assert!(gate.start_send(&mut permit, false, 0));
    }
}
