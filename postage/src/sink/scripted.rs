//! A sink that answers each send from a fixed script, for testing combinators.
//!
//! It records every value it accepted and how often it was cancelled, and panics when sent
//! to past the end of its script, so a combinator that keeps using a sink it should have
//! abandoned fails the test.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Waker};

use super::{PollSend, Sink};

/// How a [`ScriptedSink`] answers one send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    Accept,
    Wait,
    Reject,
}

pub(crate) struct ScriptedSink<T> {
    script: VecDeque<Answer>,
    probe: Probe<T>,
}

/// What a [`ScriptedSink`] saw, readable after the sink moved into a combinator.
pub(crate) struct Probe<T> {
    seen: Rc<RefCell<Seen<T>>>,
}

struct Seen<T> {
    accepted: Vec<T>,
    sends: usize,
    cancels: usize,
}

impl<T: Clone> Probe<T> {
    pub(crate) fn accepted(&self) -> Vec<T> {
        self.seen.borrow().accepted.clone()
    }

    pub(crate) fn sends(&self) -> usize {
        self.seen.borrow().sends
    }

    pub(crate) fn cancels(&self) -> usize {
        self.seen.borrow().cancels
    }
}

/// A sink that answers the sends with `script`, one entry per send.
pub(crate) fn scripted<T>(script: impl IntoIterator<Item = Answer>) -> (ScriptedSink<T>, Probe<T>) {
    let seen = Rc::new(RefCell::new(Seen {
        accepted: Vec::new(),
        sends: 0,
        cancels: 0,
    }));
    let sink = ScriptedSink {
        script: script.into_iter().collect(),
        probe: Probe { seen: seen.clone() },
    };
    (sink, Probe { seen })
}

impl<T> Sink for ScriptedSink<T> {
    type Item = T;

    fn poll_send(self: Pin<&mut Self>, _: &mut Context<'_>, value: T) -> PollSend<T> {
        let this = self.get_mut();
        let mut seen = this.probe.seen.borrow_mut();
        seen.sends += 1;
        let answer = this
            .script
            .pop_front()
            .expect("scripted sink sent to past the end of its script");
        match answer {
            Answer::Accept => {
                seen.accepted.push(value);
                PollSend::Ready
            }
            Answer::Wait => PollSend::Pending(value),
            Answer::Reject => PollSend::Rejected(value),
        }
    }

    fn cancel_send(self: Pin<&mut Self>) {
        self.probe.seen.borrow_mut().cancels += 1;
    }
}

/// Sends `value` into `sink` once with a waker that does nothing.
pub(crate) fn send<S: Sink + Unpin>(sink: &mut S, value: S::Item) -> PollSend<S::Item> {
    Pin::new(sink).poll_send(&mut Context::from_waker(Waker::noop()), value)
}

/// Tells `sink` its pending send was abandoned.
pub(crate) fn cancel<S: Sink + Unpin>(sink: &mut S) {
    Pin::new(sink).cancel_send();
}
