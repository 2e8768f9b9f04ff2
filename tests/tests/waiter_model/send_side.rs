//! The sending half of a channel's model, the same for the queue (`mpsc`, `dispatch`) and
//! `broadcast` models: the senders, the line of sends and reservations waiting for room,
//! the slots reserved by `futures::Sink::poll_ready` and by permits, and the messages made
//! for sending.
//!
//! Each operation checks the real sender against the model; the ones that can send return
//! the id of the message the channel accepted, if any, and the channel's model buffers it.
//!
//! Permits (`try_reserve`, `reserve`, `reserve_many`, `reserve_owned`) follow the line of
//! `core/queue.rs` ("Permits: who gets freed room"), which the lossless ring shares: a
//! reservation first in line gets freed room set aside until it holds all it asked for, and
//! is woken only then; a send first in line is woken once per freed slot and retries.
//! Unbounded and lagging channels are modelled with a capacity of `usize::MAX`: nobody
//! waits, and a permit's reservation never makes anyone full.

use std::future::Future;
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{Context, Poll};

use postage::sink::{PollSend, Sink};
use postage::{SendError, TrySendError};
use proptest::prelude::*;

use super::{notify_senders, Endpoint, Registration, SenderEnd, Waiters};
use crate::accounting::{Drops, Tracked};

/// What the receiving side of the model says about sending right now.
#[derive(Debug, Clone, Copy)]
pub struct ChannelState {
    /// Sends are refused as closed.
    pub closed: bool,
    /// Messages in the buffer.
    pub buffered: usize,
}

/// Where the queue and the lossless ring hand back room differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `mpsc`, `dispatch`: a send or `poll_ready` that completes holding a notification
    /// passes it on while room remains (it cannot tell whether the slot it took is the one
    /// it was woken for, since with threads a send that was never woken may take that slot
    /// first); a dropped sender serves the line for its reserved slot, then for its wake-up.
    Queue,
    /// `broadcast`: a completed send keeps its wake-up; a dropped sender serves the line
    /// once for both.
    #[allow(dead_code)] // the queue models' copy of this file does not make it
    Ring,
}

/// An operation on one sender.
#[derive(Debug, Clone, Copy)]
pub enum SendOp {
    /// The kind's own `try_send`.
    TrySend,
    /// `Sink::poll_send`, with the pending value if there is one.
    PollSend,
    /// Abandons a pending `poll_send` (what dropping a `send` future does).
    CancelSend,
    /// `futures::Sink::poll_ready`.
    Reserve,
    /// `futures::Sink::start_send`.
    StartSend,
    /// `try_reserve`: one permit, held until used or dropped.
    TryReserve,
    /// Polls the pending reservation, or starts `reserve()` (1 slot) or `reserve_many(n)`.
    ReserveMany(usize),
    /// Polls the pending reservation, or starts `reserve_owned()` on a clone.
    ReserveOwned,
    /// Drops the pending reservation.
    CancelReserve,
    /// Sends through the oldest permit held.
    PermitSend,
    /// Drops the oldest permits held, unused.
    DropPermits,
}

/// Sender operations, weighted; `reserve_many` asks for 0 to 4 slots (the models' capacity
/// is at most 3).
pub fn send_op() -> impl Strategy<Value = SendOp> {
    use SendOp::*;
    prop_oneof![
        4 => Just(TrySend),
        4 => Just(PollSend),
        1 => Just(CancelSend),
        2 => Just(Reserve),
        2 => Just(StartSend),
        1 => Just(TryReserve),
        2 => (0..5usize).prop_map(ReserveMany),
        1 => Just(ReserveOwned),
        1 => Just(CancelReserve),
        2 => Just(PermitSend),
        1 => Just(DropPermits),
    ]
}

/// One permit, type-erased: `send` consumes it, dropping it gives its slot back.
pub type Permit = Box<dyn FnOnce(Tracked)>;
/// The permits one reservation granted, not used yet; dropping them gives their slots back.
pub type Permits = Box<dyn ExactSizeIterator<Item = Permit>>;
/// A pending `reserve`, `reserve_many` or `reserve_owned`.
pub type Reserving = Pin<Box<dyn Future<Output = Result<Permits, SendError<()>>>>>;

/// The permit API of a sender, type-erased so that one model drives every kind.
pub trait Permitted: Clone + 'static {
    fn try_reserve_one(&'static self) -> Result<Permits, TrySendError<()>>;
    /// `reserve()` for one slot, `reserve_many(n)` for any other `n`.
    fn reserve_n(&'static self, n: usize) -> Reserving;
    /// `reserve_owned()` of a clone.
    fn reserve_owned_one(&self) -> Reserving;
}

fn one(send: impl FnOnce(Tracked) + 'static) -> Permits {
    Box::new(std::iter::once(Box::new(send) as Permit))
}

macro_rules! permitted {
    ($($channel:ident),*) => {$(
        impl Permitted for postage::$channel::Sender<Tracked> {
            fn try_reserve_one(&'static self) -> Result<Permits, TrySendError<()>> {
                let permit = self.try_reserve()?;
                Ok(one(move |value| permit.send(value)))
            }

            fn reserve_n(&'static self, n: usize) -> Reserving {
                if n == 1 {
                    return Box::pin(async move {
                        let permit = self.reserve().await?;
                        Ok(one(move |value| permit.send(value)))
                    });
                }
                Box::pin(async move {
                    let permits = self.reserve_many(n).await?;
                    let erased = permits.map(|permit| Box::new(move |value| permit.send(value)) as Permit);
                    Ok(Box::new(erased) as Permits)
                })
            }

            fn reserve_owned_one(&self) -> Reserving {
                let reserving = self.clone().reserve_owned();
                Box::pin(async move {
                    let permit = reserving.await?;
                    Ok(one(move |value| drop(permit.send(value))))
                })
            }
        }
    )*};
}

permitted!(mpsc, dispatch, broadcast);

/// A clone of a sender at a fixed address, lent for `'static` to the reservations and
/// permits that borrow it across the model's steps.
pub struct Lent<Tx>(NonNull<Tx>);

impl<Tx> Lent<Tx> {
    fn new(tx: Tx) -> Self {
        Lent(NonNull::from(Box::leak(Box::new(tx))))
    }

    /// # Safety
    ///
    /// Everything borrowing the sender is dropped before this `Lent`.
    unsafe fn get(&self) -> &'static Tx {
        // SAFETY: the box lives until `drop`, and the caller's borrows end before it.
        unsafe { self.0.as_ref() }
    }
}

impl<Tx> Drop for Lent<Tx> {
    fn drop(&mut self) {
        // SAFETY: leaked by `new` and freed once, here; `SenderEnd` declares the
        // reservation and permits that borrow it before it, so they are dropped first.
        drop(unsafe { Box::from_raw(self.0.as_ptr()) });
    }
}

/// The sender behind `sender`'s reservations and permits.
fn lent<Tx: Clone>(sender: &mut SenderEnd<Tx>) -> &'static Tx {
    let handle = &sender.end.handle;
    let lent = sender.lent.get_or_insert_with(|| Lent::new(handle.clone()));
    // SAFETY: what borrows it lives in the same `SenderEnd`, declared (so dropped) first.
    unsafe { lent.get() }
}

/// The pending reservation `id` of one of `senders`.
fn reservation<Tx>(senders: &mut [SenderEnd<Tx>], id: usize) -> Option<&mut Reservation> {
    senders
        .iter_mut()
        .filter_map(|sender| sender.reserving.as_mut())
        .find(|reservation| reservation.end.id == id)
}

/// A pending reservation of `need` slots.
pub struct Reservation {
    pub end: Endpoint<Reserving>,
    need: usize,
    /// Room set aside for it while it is first in line.
    held: usize,
}

/// Reservations are waiters of their own, with ids apart from the channel's endpoints.
const RESERVATION_IDS: usize = usize::MAX / 2;

pub struct SendSide<Tx> {
    pub senders: Vec<SenderEnd<Tx>>,
    /// Counts every message made and dropped.
    pub drops: Drops,
    next_id: u64,
    next_reservation: usize,
    capacity: usize,
    /// Sends and reservations waiting for room, in arrival order.
    waiters: Waiters,
    /// Room taken ahead of a message: `poll_ready` permits, permits, room set aside.
    reserved: usize,
    protocol: Protocol,
}

impl<Tx> SendSide<Tx>
where
    Tx: Sink<Item = Tracked>
        + futures::Sink<Tracked, Error = SendError<Tracked>>
        + Unpin
        + Permitted,
{
    pub fn new(capacity: usize, protocol: Protocol) -> Self {
        SendSide {
            senders: Vec::new(),
            drops: Drops::new(),
            next_id: 0,
            next_reservation: 0,
            capacity,
            waiters: Waiters::default(),
            reserved: 0,
            protocol,
        }
    }

    /// A send or `poll_ready` completed after it was notified: see [`Protocol::Queue`].
    fn completed(&mut self, was_notified: bool, channel: ChannelState) {
        if self.protocol == Protocol::Queue && was_notified && !self.full(channel) {
            self.serve(1, channel);
        }
    }

    pub fn add(&mut self, end: Endpoint<Tx>) {
        self.senders.push(SenderEnd::new(end));
    }

    /// Applies `op` to sender `i` (`try_send` is the kind's own); returns the id of the
    /// message the channel took, if any. A permit's send never fails: on a closed channel
    /// its message is dropped.
    pub fn apply(
        &mut self,
        i: usize,
        op: SendOp,
        channel: ChannelState,
        try_send: impl FnOnce(&Tx, Tracked) -> Result<(), TrySendError<Tracked>>,
    ) -> Option<u64> {
        match op {
            SendOp::TrySend => return self.try_send(i, channel, try_send),
            SendOp::PollSend => return self.poll_send(i, channel),
            SendOp::StartSend => return self.start_send(i, channel),
            SendOp::PermitSend => return self.permit_send(i).filter(|_| !channel.closed),
            SendOp::CancelSend => self.cancel_send(i, channel),
            SendOp::Reserve => self.reserve(i, channel),
            SendOp::TryReserve => self.try_reserve(i, channel),
            SendOp::ReserveMany(n) => self.reserve_permits(i, n, false, channel),
            SendOp::ReserveOwned => self.reserve_permits(i, 1, true, channel),
            SendOp::CancelReserve => self.cancel_reserve(i, channel),
            SendOp::DropPermits => self.drop_permits(i, channel),
        }
        None
    }

    fn message(&mut self) -> Tracked {
        self.next_id += 1;
        self.drops.track(self.next_id)
    }

    fn full(&self, channel: ChannelState) -> bool {
        channel.buffered + self.reserved >= self.capacity
    }

    /// Free room, for whoever takes it.
    fn room(&self, channel: ChannelState) -> usize {
        if channel.closed {
            return 0;
        }
        self.capacity - (channel.buffered + self.reserved)
    }

    /// Hands freed room to the line in arrival order: up to `wakes` sends first in line are
    /// notified (one per freed slot); a reservation first in line gets all free room set
    /// aside for it and is notified once it holds what it needs, unless a send was just
    /// notified ahead of it (the room is that send's).
    pub fn serve(&mut self, mut wakes: usize, channel: ChannelState) {
        let mut retrying = false;
        while let Some(id) = self.waiters.front() {
            let room = self.room(channel);
            match reservation(&mut self.senders, id) {
                None if wakes == 0 => return,
                None => {
                    wakes -= 1;
                    retrying = true;
                }
                Some(_) if retrying => return,
                Some(pending) => {
                    let missing = pending.need - pending.held;
                    let taken = missing.min(room);
                    pending.held += taken;
                    self.reserved += taken;
                    wakes = wakes.saturating_sub(taken);
                    if taken < missing {
                        return;
                    }
                }
            }
            let woken = self.waiters.notify_one();
            notify_senders(&mut self.senders, woken);
        }
    }

    /// Wakes every waiting send and reservation: the channel closed.
    pub fn notify_all(&mut self) {
        let woken = self.waiters.notify_all();
        notify_senders(&mut self.senders, woken);
    }

    /// The kind's own `try_send` on sender `i`.
    fn try_send(
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
    fn poll_send(&mut self, i: usize, channel: ChannelState) -> Option<u64> {
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
                let after = ChannelState {
                    buffered: channel.buffered + 1,
                    ..channel
                };
                self.completed(was_notified, after);
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
    fn cancel_send(&mut self, i: usize, channel: ChannelState) {
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
            self.serve(1, channel);
        }
    }

    /// `futures::Sink::poll_ready`: reserves a slot, waits for one, or (closed) resolves
    /// without one.
    fn reserve(&mut self, i: usize, channel: ChannelState) {
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
            self.completed(was_notified, channel);
        }
    }

    /// `futures::Sink::start_send`: fills the reserved slot, or sends only if there is room.
    fn start_send(&mut self, i: usize, channel: ChannelState) -> Option<u64> {
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

    /// `try_reserve` on sender `i`: one permit now, or `Full`, or `Closed`.
    fn try_reserve(&mut self, i: usize, channel: ChannelState) {
        let full = self.full(channel);
        let Some(sender) = self.senders.get_mut(i) else {
            return;
        };
        match lent(sender).try_reserve_one() {
            Ok(permits) => {
                assert!(!channel.closed && !full, "try_reserve granted");
                assert_eq!(permits.len(), 1);
                sender.permits.push_back(permits);
                self.reserved += 1;
            }
            Err(TrySendError::Closed(())) => assert!(channel.closed, "try_reserve: closed"),
            Err(TrySendError::Full(())) => {
                assert!(!channel.closed && full, "try_reserve: full")
            }
        }
    }

    /// Polls sender `i`'s pending reservation, or starts one of `n` slots (`reserve_owned`
    /// with `owned`, of one slot), modelling `poll_reserve_slots`: a first poll takes free
    /// room without looking at the line; after that the reservation waits in line.
    fn reserve_permits(&mut self, i: usize, n: usize, owned: bool, channel: ChannelState) {
        let Some(sender) = self.senders.get_mut(i) else {
            return;
        };
        if sender.reserving.is_none() {
            let tx = lent(sender);
            let (future, need) = if owned {
                (tx.reserve_owned_one(), 1)
            } else {
                (tx.reserve_n(n), n)
            };
            self.next_reservation += 1;
            let end = Endpoint::new(RESERVATION_IDS + self.next_reservation, future);
            sender.reserving = Some(Reservation { end, need, held: 0 });
        }
        let reservation = sender.reserving.as_mut().expect("made above");
        let (id, need) = (reservation.end.id, reservation.need);
        let first = reservation.end.registration == Registration::None;
        let waker = reservation.end.waker.waker();
        let polled = reservation
            .end
            .handle
            .as_mut()
            .poll(&mut Context::from_waker(&waker));

        let granted = if need > self.capacity {
            Some(false)
        } else if need == 0 {
            Some(true)
        } else if first && (channel.closed || self.room(channel) >= need) {
            if !channel.closed {
                self.reserved += need;
            }
            Some(!channel.closed)
        } else {
            self.wait_in_line(id, need, channel)
        };
        let sender = &mut self.senders[i];
        match granted {
            None => assert!(polled.is_pending(), "reservation {id} of {need} waits"),
            Some(true) => match polled {
                Poll::Ready(Ok(permits)) => {
                    assert_eq!(permits.len(), need, "reservation {id}: permits");
                    if need > 0 {
                        sender.permits.push_back(permits);
                    }
                }
                _ => panic!("reservation {id} of {need} granted"),
            },
            Some(false) => assert!(
                matches!(polled, Poll::Ready(Err(SendError(())))),
                "reservation {id} of {need} refused"
            ),
        }
        if granted.is_some() {
            let mut done = sender.reserving.take().expect("polled above");
            self.waiters.remove(id, &mut done.end.registration);
            done.end.check_wakes("reservation");
        }
    }

    /// The slow path of a reservation's poll, under the channel's lock: it joins the line
    /// (a reservation woken by a closing that a new receiver undid gives back the room set
    /// aside for it, which serves the line, and joins at the end), the line is served, and
    /// it is granted once it holds all it needs, or refused if the channel is closed.
    fn wait_in_line(&mut self, id: usize, need: usize, channel: ChannelState) -> Option<bool> {
        let pending = reservation(&mut self.senders, id).expect("pending");
        if !channel.closed && pending.held < need {
            if pending.end.registration == Registration::Notified {
                let given_back = std::mem::take(&mut pending.held);
                self.reserved -= given_back;
                if given_back > 0 {
                    self.serve(given_back, channel);
                }
            }
            let pending = reservation(&mut self.senders, id).expect("pending");
            self.waiters.wait(id, &mut pending.end.registration);
            self.serve(0, channel);
        }
        let pending = reservation(&mut self.senders, id).expect("pending");
        if channel.closed {
            self.reserved -= std::mem::take(&mut pending.held);
            Some(false)
        } else if pending.held == need {
            // The room set aside becomes the permits.
            pending.held = 0;
            Some(true)
        } else {
            None
        }
    }

    /// Drops sender `i`'s pending reservation: the room set aside for it goes to the line.
    fn cancel_reserve(&mut self, i: usize, channel: ChannelState) {
        let Some(mut reservation) = self.senders.get_mut(i).and_then(|s| s.reserving.take()) else {
            return;
        };
        reservation.end.check_wakes("reservation");
        let held = reservation.held;
        let id = reservation.end.id;
        self.waiters.remove(id, &mut reservation.end.registration);
        drop(reservation);
        if held > 0 {
            self.reserved -= held;
            self.serve(held, channel);
        }
    }

    /// Sends a new message through the oldest permit sender `i` holds; returns its id.
    fn permit_send(&mut self, i: usize) -> Option<u64> {
        if self.senders.get(i).is_none_or(|s| s.permits.is_empty()) {
            return None;
        }
        let value = self.message();
        let id = value.id;
        let held = &mut self.senders[i].permits;
        let permits = held.front_mut().expect("checked above");
        let permit = permits.next().expect("used-up permits are dropped");
        if permits.len() == 0 {
            // Gives nothing back: every permit was taken.
            held.pop_front();
        }
        self.reserved -= 1;
        permit(value);
        Some(id)
    }

    /// Drops the oldest permits sender `i` holds, unused: their room goes to the line.
    fn drop_permits(&mut self, i: usize, channel: ChannelState) {
        let Some(permits) = self.senders.get_mut(i).and_then(|s| s.permits.pop_front()) else {
            return;
        };
        let left = permits.len();
        drop(permits);
        self.reserved -= left;
        self.serve(left, channel);
    }

    /// Drops sender `i` after its reservation and permits (which borrow it), passing on its
    /// wake-up and its `poll_ready` slot, each standing for room a send may be waiting for
    /// (see [`Protocol`]); `true` when it was the last sender.
    pub fn drop_sender(&mut self, i: usize, channel: ChannelState) -> bool {
        if i >= self.senders.len() {
            return false;
        }
        self.cancel_reserve(i, channel);
        while !self.senders[i].permits.is_empty() {
            self.drop_permits(i, channel);
        }
        let released = std::mem::take(&mut self.senders[i].permit);
        if released {
            self.reserved -= 1;
            if self.protocol == Protocol::Queue {
                // As the queue does: the `poll_ready` slot is released (and the line
                // served) while the sender's own registration is still in line, so a send
                // of its own waiting there stops the serving as any waiting send would;
                // then the registration goes, passing on a wake-up it was given.
                self.serve(1, channel);
            }
        }
        let mut sender = self.senders.remove(i);
        let was_notified = self
            .waiters
            .remove(sender.end.id, &mut sender.end.registration);
        drop(sender);
        let wakes = match self.protocol {
            Protocol::Queue => usize::from(was_notified),
            Protocol::Ring => usize::from(was_notified) + usize::from(released),
        };
        if wakes > 0 {
            self.serve(wakes, channel);
        }
        self.senders.is_empty()
    }

    /// Checks every sender's and reservation's wake-ups, then `check_handle` on each
    /// sender, then that the model's reservations add up.
    pub fn check(&self, check_handle: impl Fn(&Tx)) {
        let mut reserved = 0;
        for sender in &self.senders {
            sender.end.check_wakes("sender");
            check_handle(&sender.end.handle);
            reserved += usize::from(sender.permit);
            reserved += sender.permits.iter().map(|p| p.len()).sum::<usize>();
            if let Some(reservation) = &sender.reserving {
                reservation.end.check_wakes("reservation");
                reserved += reservation.held;
            }
        }
        assert_eq!(
            reserved, self.reserved,
            "reservations: poll_ready slots, permits, room set aside"
        );
    }

    /// Messages held by pending sends.
    pub fn pending(&self) -> usize {
        self.senders.iter().filter(|s| s.pending.is_some()).count()
    }
}
