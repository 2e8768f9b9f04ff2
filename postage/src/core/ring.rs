//! The lossless ring behind `broadcast`: many senders, many receivers, every receiver reads
//! every message sent after it came to exist.
//!
//! Messages are numbered by sequence (`u64`, never wraps in practice). Message `seq` lives in
//! slot `seq % capacity`. Each receiver handle keeps its own read position (the sequence of
//! the next message it will read); the ring does not know receivers individually, it only
//! counts how many sit at each position. That makes subscribing, cloning and dropping a
//! receiver O(1), with the freeing of slots amortised over the messages themselves.
//!
//! Invariants (under the lock):
//! - `head <= tail`, and the [`SendGate`] keeps `tail - head` plus the slots it reserved for
//!   `futures_sink::Sink::poll_ready` callers within the capacity. Messages `head..tail` are
//!   buffered and their slots hold `Some`; every other slot holds `None` and counts no reader.
//! - `slots[seq % capacity].readers` is the number of receivers whose read position is `seq`
//!   (for `head <= seq < tail`); `at_tail` is the number of receivers at `tail`. These sum to
//!   `receivers`.
//! - `head` is the lowest read position of any receiver (or `tail` when none lags): whenever
//!   the head slot counts no reader, the head advances and the slot is freed. So a receiver
//!   at `head` alone on its slot is the message's last reader and moves it out instead of
//!   cloning it.
//! - A receiver's message is cloned before any state changes, so a panicking `T::clone`
//!   leaves the ring as it was (the lock ignores poisoning) and affects only that receiver.
//! - Sending is refused once `receivers == 0`; the buffer is emptied (outside the lock) the
//!   moment the last receiver goes. Receiving reports closed only at `tail` with no sender
//!   left, which is final: a receiver cannot create a sender.
//! - Every freed slot (or released reservation) notifies one waiting sender; a notified send
//!   that is abandoned passes its wake-up on. Every new message notifies every waiting
//!   receiver. Wakers are woken and freed values dropped after the lock is released.

use std::fmt;
use std::task::{Context, Poll};

use crate::core::closing::Closing;
use crate::core::send_gate::{Admission, SendGate};
use crate::core::waiters::{WaitKey, WaiterList, WakeBatch};
use crate::error::{SendError, TrySendError};
use crate::sink::PollSend;
use crate::stream::{PollRecv, TryRecvError};
use crate::sync::Mutex;

pub(crate) struct SlotRing<T> {
    state: Mutex<State<T>>,
    capacity: usize,
    pub(crate) closing: Closing,
}

struct Slot<T> {
    value: Option<T>,
    readers: usize,
}

struct State<T> {
    slots: Box<[Slot<T>]>,
    head: u64,
    tail: u64,
    at_tail: usize,
    gate: SendGate,
    senders: usize,
    receivers: usize,
    recv_waiters: WaiterList,
}

impl<T> State<T> {
    fn index(&self, seq: u64) -> usize {
        (seq % self.slots.len() as u64) as usize
    }

    fn buffered(&self) -> usize {
        (self.tail - self.head) as usize
    }

    /// The count of receivers whose read position is `seq`.
    fn readers_at(&mut self, seq: u64) -> &mut usize {
        if seq == self.tail {
            &mut self.at_tail
        } else {
            let index = self.index(seq);
            &mut self.slots[index].readers
        }
    }

    /// Appends a message for every receiver now at `tail` and wakes every waiting receiver.
    /// The caller has checked that a receiver exists and a slot is free.
    fn push(&mut self, value: T, batch: &mut WakeBatch) {
        let index = self.index(self.tail);
        let readers = std::mem::take(&mut self.at_tail);
        let slot = &mut self.slots[index];
        debug_assert!(slot.value.is_none() && slot.readers == 0);
        slot.value = Some(value);
        slot.readers = readers;
        self.tail += 1;
        self.recv_waiters.notify_all(batch);
    }

    /// Advances `head` past every slot no receiver still has to read, freeing it and waking
    /// one sender per freed slot. Returns the freed values, to be dropped after unlocking.
    fn release_head(&mut self, batch: &mut WakeBatch) -> Vec<T> {
        let mut freed = Vec::new();
        while self.head < self.tail {
            let index = self.index(self.head);
            let slot = &mut self.slots[index];
            if slot.readers > 0 {
                break;
            }
            freed.extend(slot.value.take());
            self.head += 1;
            batch.push_opt(self.gate.slot_freed());
        }
        freed
    }
}

impl<T> SlotRing<T> {
    /// A ring with one sender and one receiver, the receiver at position 0.
    pub(crate) fn new(capacity: usize) -> Self {
        let gate = SendGate::new(capacity);
        let slots = (0..capacity)
            .map(|_| Slot {
                value: None,
                readers: 0,
            })
            .collect();
        SlotRing {
            state: Mutex::new(State {
                slots,
                head: 0,
                tail: 0,
                at_tail: 1,
                gate,
                senders: 1,
                receivers: 1,
                recv_waiters: WaiterList::new(),
            }),
            capacity,
            closing: Closing::new(),
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Messages sent and not yet read by every receiver.
    pub(crate) fn len(&self) -> usize {
        self.state.lock().buffered()
    }

    /// Messages the receiver at `pos` has not read yet.
    pub(crate) fn unread(&self, pos: u64) -> usize {
        (self.state.lock().tail - pos) as usize
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closing.is_closed()
    }

    pub(crate) fn add_sender(&self) {
        self.state.lock().senders += 1;
    }

    /// Adds a receiver that will see only messages sent from now on; returns its position.
    /// Reopens the channel if every receiver had gone.
    pub(crate) fn subscribe(&self) -> u64 {
        let mut state = self.state.lock();
        state.receivers += 1;
        state.at_tail += 1;
        if state.receivers == 1 {
            self.closing.reopen();
        }
        state.tail
    }

    /// Adds a receiver at the same position as an existing one (which keeps the channel
    /// open, so nothing is reopened).
    pub(crate) fn clone_receiver(&self, pos: u64) {
        let mut state = self.state.lock();
        state.receivers += 1;
        *state.readers_at(pos) += 1;
    }

    /// Drops a sender handle along with its registration and reservation.
    pub(crate) fn drop_sender(&self, key: &mut Option<WaitKey>, permit: &mut bool) {
        let mut batch = WakeBatch::new();
        {
            let mut state = self.state.lock();
            batch.push_opt(state.gate.release(key, permit));
            state.senders -= 1;
            if state.senders == 0 {
                state.recv_waiters.notify_all(&mut batch);
            }
        }
        batch.wake();
    }

    /// Drops the receiver at `pos`: its unread messages are released, and the last receiver
    /// closes the channel.
    pub(crate) fn drop_receiver(&self, pos: u64, key: &mut Option<WaitKey>) {
        let mut batch = WakeBatch::new();
        let freed = {
            let mut state = self.state.lock();
            state.recv_waiters.remove(key);
            state.receivers -= 1;
            *state.readers_at(pos) -= 1;
            let freed = state.release_head(&mut batch);
            if state.receivers == 0 {
                state.gate.close(&mut batch);
                self.closing.close(&mut batch);
            }
            freed
        };
        batch.wake();
        drop(freed);
    }

    pub(crate) fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        let mut batch = WakeBatch::new();
        {
            let mut state = self.state.lock();
            if state.receivers == 0 {
                return Err(TrySendError::Closed(value));
            }
            if !state.gate.has_room(state.buffered()) {
                return Err(TrySendError::Full(value));
            }
            state.push(value, &mut batch);
        }
        batch.wake();
        Ok(())
    }

    pub(crate) fn poll_send(
        &self,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
        value: T,
    ) -> PollSend<T> {
        let mut batch = WakeBatch::new();
        {
            let state = &mut *self.state.lock();
            let (closed, used) = (state.receivers == 0, state.buffered());
            match state.gate.admit(key, cx.waker(), closed, used) {
                Admission::Closed => return PollSend::Rejected(value),
                Admission::Full => return PollSend::Pending(value),
                Admission::Open => state.push(value, &mut batch),
            }
        }
        batch.wake();
        PollSend::Ready
    }

    /// An abandoned pending send: pass a wake-up it received to the next sender.
    pub(crate) fn cancel_send(&self, key: &mut Option<WaitKey>) {
        if key.is_none() {
            return;
        }
        let waker = self.state.lock().gate.cancel(key);
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// `futures_sink::Sink::poll_ready`: reserves a slot into `permit` (see
    /// [`SendGate::poll_reserve`]).
    pub(crate) fn poll_reserve(
        &self,
        key: &mut Option<WaitKey>,
        permit: &mut bool,
        cx: &mut Context<'_>,
    ) -> Poll<()> {
        if *permit {
            return Poll::Ready(());
        }
        let state = &mut *self.state.lock();
        let (closed, used) = (state.receivers == 0, state.buffered());
        state
            .gate
            .poll_reserve(key, permit, cx.waker(), closed, used)
    }

    /// `futures_sink::Sink::start_send`: fills the slot reserved by `poll_reserve`.
    ///
    /// Without a permit it sends only if there is room now.
    pub(crate) fn send_reserved(&self, permit: &mut bool, value: T) -> Result<(), SendError<T>> {
        let mut batch = WakeBatch::new();
        {
            let state = &mut *self.state.lock();
            let (closed, used) = (state.receivers == 0, state.buffered());
            if !state.gate.start_send(permit, closed, used) {
                return Err(SendError(value));
            }
            state.push(value, &mut batch);
        }
        batch.wake();
        Ok(())
    }

    /// An abandoned pending receive. Every waiting receiver is woken for every message, so
    /// there is no wake-up to pass on; the registration is just dropped.
    pub(crate) fn cancel_recv(&self, key: &mut Option<WaitKey>) {
        if key.is_some() {
            // The key belongs to the receiver handle, which usually waits again with the
            // same waker: park the node rather than free it. Every waiting receiver is
            // notified of every message, so a notification needs no passing on.
            self.state.lock().recv_waiters.park(key);
        }
    }

    /// Whether receiving has ended for the receiver at `pos`: no sender left, all read.
    pub(crate) fn is_terminated(&self, pos: u64) -> bool {
        let state = self.state.lock();
        pos == state.tail && state.senders == 0
    }

    pub(crate) fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        let state = self.state.lock();
        f.field("len", &state.buffered())
            .field("capacity", &self.capacity)
            .field("senders", &state.senders)
            .field("receivers", &state.receivers)
            .field("closed", &(state.receivers == 0));
    }
}

impl<T: Clone> SlotRing<T> {
    /// Reads the message at `pos` for one receiver, advancing `pos`.
    pub(crate) fn poll_recv(
        &self,
        pos: &mut u64,
        key: &mut Option<WaitKey>,
        cx: &mut Context<'_>,
    ) -> PollRecv<T> {
        // At most one sender to wake (a freed slot): no batch needed.
        let mut wake = None;
        let value = {
            let mut state = self.state.lock();
            if *pos == state.tail {
                return if state.senders == 0 {
                    state.recv_waiters.remove(key);
                    PollRecv::Closed
                } else {
                    state.recv_waiters.register(key, cx.waker());
                    PollRecv::Pending
                };
            }
            let index = state.index(*pos);
            let last_reader = *pos == state.head && state.slots[index].readers == 1;
            // Clone before touching the state: a panic here leaves the ring unchanged.
            let cloned = if last_reader {
                None
            } else {
                state.slots[index].value.clone()
            };
            state.recv_waiters.remove(key);
            let slot = &mut state.slots[index];
            let value = match cloned {
                Some(value) => value,
                None => slot
                    .value
                    .take()
                    .expect("a buffered slot holds its message"),
            };
            slot.readers -= 1;
            *pos += 1;
            *state.readers_at(*pos) += 1;
            if last_reader {
                state.head += 1;
                wake = state.gate.slot_freed();
            }
            value
        };
        if let Some(waker) = wake {
            waker.wake();
        }
        PollRecv::Ready(value)
    }

    pub(crate) fn try_recv(&self, pos: &mut u64) -> Result<T, TryRecvError> {
        let mut cx = Context::from_waker(std::task::Waker::noop());
        match self.poll_recv(pos, &mut None, &mut cx) {
            PollRecv::Ready(value) => Ok(value),
            PollRecv::Pending => Err(TryRecvError::Empty),
            PollRecv::Closed => Err(TryRecvError::Closed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CountingWaker;

    fn readers(ring: &SlotRing<u32>) -> (Vec<usize>, usize) {
        let state = ring.state.lock();
        let slots = state.slots.iter().map(|slot| slot.readers).collect();
        (slots, state.at_tail)
    }

    #[test]
    fn subscribing_and_cloning_only_count_readers_at_one_position() {
        let ring = SlotRing::new(4);
        ring.try_send(1).unwrap();
        ring.try_send(2).unwrap();
        assert_eq!(readers(&ring), (vec![1, 0, 0, 0], 0));
        let tail = ring.subscribe();
        assert_eq!(tail, 2);
        assert_eq!(readers(&ring), (vec![1, 0, 0, 0], 1));
        ring.clone_receiver(0);
        assert_eq!(readers(&ring), (vec![2, 0, 0, 0], 1));
        ring.drop_receiver(0, &mut None);
        ring.drop_receiver(2, &mut None);
        assert_eq!(readers(&ring), (vec![1, 0, 0, 0], 0));
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
        assert_eq!(readers(&ring), (vec![1, 1, 0], 0));
        assert_eq!(ring.try_recv(&mut pos), Ok(2));
        assert_eq!(readers(&ring), (vec![1, 0, 0], 1));
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
        let state = ring.state.lock();
        assert_eq!((state.head, state.tail), (1, 2));
        assert!(state.slots[0].value.is_none());
    }

    #[test]
    fn try_operations_register_no_waker() {
        let ring = SlotRing::new(1);
        let mut pos = 0;
        assert_eq!(ring.try_recv(&mut pos), Err(TryRecvError::Empty));
        ring.try_send(1).unwrap();
        assert!(ring.try_send(2).is_err());
        let state = ring.state.lock();
        assert!(state.recv_waiters.is_empty());
        assert_eq!(state.gate.waiting(), 0);
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
}
