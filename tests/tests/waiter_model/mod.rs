//! The model of a channel's waiter lists: which pending operation a notification reaches,
//! in registration order, and how many wake-ups each waker must have seen.

pub mod send_side;

use std::collections::VecDeque;

use crate::accounting::{CountingWaker, Tracked};
use send_side::{Lent, Permits, Reservation};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    None,
    Waiting,
    Notified,
}

pub struct Endpoint<H> {
    pub id: usize,
    pub handle: H,
    pub waker: CountingWaker,
    pub expected_wakes: usize,
    pub registration: Registration,
}

pub struct SenderEnd<H> {
    pub end: Endpoint<H>,
    /// The value of a pending `Sink::poll_send`.
    pub pending: Option<Tracked>,
    /// A slot reserved by `futures::Sink::poll_ready`, not yet filled by `start_send`.
    pub permit: bool,
    /// A pending `reserve`, `reserve_many` or `reserve_owned`.
    pub reserving: Option<Reservation>,
    /// Permits granted and not used up, oldest first.
    pub permits: VecDeque<Permits>,
    /// The clone the reservations and permits above borrow; declared after them, so they
    /// are dropped first.
    pub lent: Option<Lent<H>>,
}

impl<H> SenderEnd<H> {
    pub fn new(end: Endpoint<H>) -> Self {
        SenderEnd {
            end,
            pending: None,
            permit: false,
            reserving: None,
            permits: VecDeque::new(),
            lent: None,
        }
    }
}

/// Waiting operations in registration order, notified from the front.
#[derive(Default)]
pub struct Waiters(VecDeque<usize>);

impl Waiters {
    pub fn wait(&mut self, id: usize, registration: &mut Registration) {
        if *registration != Registration::Waiting {
            self.0.push_back(id);
            *registration = Registration::Waiting;
        }
    }

    pub fn remove(&mut self, id: usize, registration: &mut Registration) -> bool {
        self.0.retain(|&waiting| waiting != id);
        std::mem::replace(registration, Registration::None) == Registration::Notified
    }

    pub fn notify_one(&mut self) -> Option<usize> {
        self.0.pop_front()
    }

    /// The longest-waiting operation, left waiting.
    pub fn front(&self) -> Option<usize> {
        self.0.front().copied()
    }

    pub fn notify_all(&mut self) -> Vec<usize> {
        self.0.drain(..).collect()
    }
}

/// Marks the operations `ids` notified and counts the wake-up each must have seen.
pub fn notify<'a, H: 'a>(
    ends: impl IntoIterator<Item = &'a mut Endpoint<H>>,
    ids: impl IntoIterator<Item = usize>,
) {
    let mut ends: Vec<&mut Endpoint<H>> = ends.into_iter().collect();
    for id in ids {
        let end = ends
            .iter_mut()
            .find(|end| end.id == id)
            .expect("a waiting operation belongs to a live handle");
        end.registration = Registration::Notified;
        end.expected_wakes += 1;
    }
}

/// Marks the pending sends and reservations `ids` notified, as [`notify`] does for
/// receivers.
pub fn notify_senders<H>(senders: &mut [SenderEnd<H>], ids: impl IntoIterator<Item = usize>) {
    for id in ids {
        let end = senders
            .iter_mut()
            .find_map(|sender| {
                if sender.end.id == id {
                    Some(sender.end.wait_mut())
                } else {
                    let reserving = sender.reserving.as_mut()?;
                    (reserving.end.id == id).then(|| reserving.end.wait_mut())
                }
            })
            .expect("a waiting send belongs to a live sender");
        *end.0 = Registration::Notified;
        *end.1 += 1;
    }
}

impl<H> Endpoint<H> {
    pub fn new(id: usize, handle: H) -> Self {
        Endpoint {
            id,
            handle,
            waker: CountingWaker::new(),
            expected_wakes: 0,
            registration: Registration::None,
        }
    }

    /// Its registration and expected wake-ups, to change together.
    fn wait_mut(&mut self) -> (&mut Registration, &mut usize) {
        (&mut self.registration, &mut self.expected_wakes)
    }

    /// Panics unless the waker saw exactly the wake-ups the model expects.
    pub fn check_wakes(&self, what: &str) {
        assert_eq!(
            self.waker.count(),
            self.expected_wakes,
            "wake-ups of {what} {}",
            self.id
        );
    }
}
