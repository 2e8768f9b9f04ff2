//! The sending half of a bounded channel's model, the same for the queue (`mpsc`,
//! `dispatch`) and `broadcast` models: the senders, the sends waiting for room, the slots
//! reserved by `futures::Sink::poll_ready`, and the messages made for sending.
//!
//! Each operation checks the real sender against the model and returns the id of the
//! message the channel accepted, if any; the channel's model then buffers it.

use std::pin::Pin;
use std::task::{Context, Poll};

use postage::sink::{PollSend, Sink};
use postage::{SendError, TrySendError};

use super::{notify_senders, Endpoint, SenderEnd, Waiters};
use crate::accounting::{Drops, Tracked};

/// What the receiving side of the model says about sending right now.
#[derive(Debug, Clone, Copy)]
pub struct ChannelState {
    /// Sends are refused as closed.
    pub closed: bool,
    /// Messages in the buffer.
    pub buffered: usize,
}

pub struct SendSide<Tx> {
    pub senders: Vec<SenderEnd<Tx>>,
    /// Counts every message made and dropped.
    pub drops: Drops,
    next_id: u64,
    capacity: usize,
    waiters: Waiters,
    /// Slots promised to `poll_ready` callers.
    reserved: usize,
    /// A send or reservation that completes holding a notification passes it on while room
    /// remains (the queue: it cannot tell whether the slot it took is the one it was woken
    /// for, since with threads a send that was never woken may take that slot first).
    passes_completed_wakes: bool,
}

impl<Tx> SendSide<Tx>
where
    Tx: Sink<Item = Tracked> + futures::Sink<Tracked, Error = SendError<Tracked>> + Unpin,
{
    /// `passes_completed_wakes`: see the field.
    pub fn new(capacity: usize, passes_completed_wakes: bool) -> Self {
        SendSide {
            senders: Vec::new(),
            drops: Drops::new(),
            next_id: 0,
            capacity,
            waiters: Waiters::default(),
            reserved: 0,
            passes_completed_wakes,
        }
    }

    /// A send or reservation completed after it was notified: see `passes_completed_wakes`.
    fn completed(&mut self, was_notified: bool, buffered: usize) {
        if self.passes_completed_wakes && was_notified && buffered + self.reserved < self.capacity {
            self.notify_one();
        }
    }

    pub fn add(&mut self, end: Endpoint<Tx>) {
        self.senders.push(SenderEnd::new(end));
    }

    fn message(&mut self) -> Tracked {
        self.next_id += 1;
        self.drops.track(self.next_id)
    }

    fn full(&self, channel: ChannelState) -> bool {
        channel.buffered + self.reserved >= self.capacity
    }

    /// Passes a freed slot to the first waiting send.
    pub fn notify_one(&mut self) {
        let woken = self.waiters.notify_one();
        notify_senders(&mut self.senders, woken);
    }

    /// Wakes every waiting send: the channel closed.
    pub fn notify_all(&mut self) {
        let woken = self.waiters.notify_all();
        notify_senders(&mut self.senders, woken);
    }

    /// The kind's own `try_send` on sender `i`.
    pub fn try_send(
        &mut self,
        i: usize,
        channel: ChannelState,
        try_send: impl FnOnce(&Tx, Tracked) -> Result<(), TrySendError<Tracked>>,
    ) -> Option<u64> {
        if i >= self.senders.len() {
            return None;
        }
        let value = self.message();
        let id = value.id;
        let full = self.full(channel);
        match try_send(&self.senders[i].end.handle, value) {
            Ok(()) => {
                assert!(!channel.closed && !full, "sent #{id}");
                return Some(id);
            }
            Err(TrySendError::Closed(value)) => {
                assert!(channel.closed, "refused #{id} as closed");
                assert_eq!(value.id, id);
            }
            Err(TrySendError::Full(value)) => {
                assert!(!channel.closed && full, "refused #{id} as full");
                assert_eq!(value.id, id);
            }
        }
        None
    }

    /// `Sink::poll_send` on sender `i`, with its pending value if it has one.
    pub fn poll_send(&mut self, i: usize, channel: ChannelState) -> Option<u64> {
        if i >= self.senders.len() {
            return None;
        }
        let value = match self.senders[i].pending.take() {
            Some(value) => value,
            None => self.message(),
        };
        let id = value.id;
        let full = self.full(channel);
        let sender = &mut self.senders[i];
        let waker = sender.end.waker.waker();
        let polled =
            Pin::new(&mut sender.end.handle).poll_send(&mut Context::from_waker(&waker), value);
        match polled {
            PollSend::Ready => {
                assert!(!channel.closed && !full, "sent #{id}");
                let was_notified = self
                    .waiters
                    .remove(sender.end.id, &mut sender.end.registration);
                self.completed(was_notified, channel.buffered + 1);
                return Some(id);
            }
            PollSend::Rejected(value) => {
                assert!(channel.closed, "rejected #{id}");
                assert_eq!(value.id, id);
                self.waiters
                    .remove(sender.end.id, &mut sender.end.registration);
            }
            PollSend::Pending(value) => {
                assert!(!channel.closed && full, "pending #{id}");
                assert_eq!(value.id, id);
                sender.pending = Some(value);
                self.waiters
                    .wait(sender.end.id, &mut sender.end.registration);
            }
        }
        None
    }

    /// Abandons sender `i`'s pending send, passing on a wake-up it had been given.
    pub fn cancel_send(&mut self, i: usize) {
        let Some(sender) = self.senders.get_mut(i) else {
            return;
        };
        if sender.pending.take().is_none() {
            return;
        }
        Pin::new(&mut sender.end.handle).cancel_send();
        if self
            .waiters
            .remove(sender.end.id, &mut sender.end.registration)
        {
            self.notify_one();
        }
    }

    /// `futures::Sink::poll_ready`: reserves a slot, waits for one, or (closed) resolves
    /// without one.
    pub fn reserve(&mut self, i: usize, channel: ChannelState) {
        let full = self.full(channel);
        let Some(sender) = self.senders.get_mut(i) else {
            return;
        };
        let waker = sender.end.waker.waker();
        let polled = futures::Sink::<Tracked>::poll_ready(
            Pin::new(&mut sender.end.handle),
            &mut Context::from_waker(&waker),
        );
        if sender.permit {
            assert!(
                matches!(polled, Poll::Ready(Ok(()))),
                "a held permit is ready"
            );
        } else if channel.closed {
            assert!(
                matches!(polled, Poll::Ready(Ok(()))),
                "closed: ready, no permit"
            );
            self.waiters
                .remove(sender.end.id, &mut sender.end.registration);
        } else if full {
            assert!(polled.is_pending(), "no slot to reserve");
            self.waiters
                .wait(sender.end.id, &mut sender.end.registration);
        } else {
            assert!(matches!(polled, Poll::Ready(Ok(()))), "a slot reserved");
            let was_notified = self
                .waiters
                .remove(sender.end.id, &mut sender.end.registration);
            sender.permit = true;
            self.reserved += 1;
            self.completed(was_notified, channel.buffered);
        }
    }

    /// `futures::Sink::start_send`: fills the reserved slot, or sends only if there is room.
    pub fn start_send(&mut self, i: usize, channel: ChannelState) -> Option<u64> {
        if i >= self.senders.len() {
            return None;
        }
        let value = self.message();
        let id = value.id;
        let sender = &mut self.senders[i];
        let result = futures::Sink::start_send(Pin::new(&mut sender.end.handle), value);
        let had_permit = std::mem::take(&mut sender.permit);
        if had_permit {
            self.reserved -= 1;
        }
        let refused = channel.closed || (!had_permit && self.full(channel));
        match result {
            Ok(()) => {
                assert!(!refused, "start_send #{id} accepted");
                Some(id)
            }
            Err(SendError(value)) => {
                assert!(refused, "start_send #{id} refused");
                assert_eq!(value.id, id);
                None
            }
        }
    }

    /// Drops sender `i`, passing on its wake-up and its reserved slot, each to one waiting
    /// send (a wake-up it was given may stand for a slot still free, so merging the two
    /// could leave a send waiting beside room); `true` when it was the last sender.
    pub fn drop_sender(&mut self, i: usize) -> bool {
        if i >= self.senders.len() {
            return false;
        }
        let mut sender = self.senders.remove(i);
        let was_notified = self
            .waiters
            .remove(sender.end.id, &mut sender.end.registration);
        let released = std::mem::take(&mut sender.permit);
        if released {
            self.reserved -= 1;
        }
        drop(sender);
        if was_notified {
            self.notify_one();
        }
        if released {
            self.notify_one();
        }
        self.senders.is_empty()
    }

    /// Checks every sender's wake-ups, then `check_handle` on its handle, then that each
    /// permit holds one reservation.
    pub fn check(&self, check_handle: impl Fn(&Tx)) {
        for sender in &self.senders {
            sender.end.check_wakes("sender");
            check_handle(&sender.end.handle);
        }
        let permits = self.senders.iter().filter(|s| s.permit).count();
        assert_eq!(permits, self.reserved, "one reservation per permit");
    }

    /// Messages held by pending sends.
    pub fn pending(&self) -> usize {
        self.senders.iter().filter(|s| s.pending.is_some()).count()
    }
}
