//! A stream that plays back a fixed script of poll results, for testing combinators.
//!
//! It records how often it was polled and cancelled, and panics when polled past the end
//! of its script, so a combinator that polls an ended stream again fails the test.

use std::cell::Cell;
use std::collections::VecDeque;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Waker};

use super::{PollRecv, Stream};

pub(crate) struct ScriptedStream<T> {
    script: VecDeque<PollRecv<T>>,
    probe: Probe,
}

/// What a [`ScriptedStream`] saw, readable after the stream moved into a combinator.
#[derive(Clone, Default)]
pub(crate) struct Probe {
    polls: Rc<Cell<usize>>,
    cancels: Rc<Cell<usize>>,
}

impl Probe {
    pub(crate) fn polls(&self) -> usize {
        self.polls.get()
    }

    pub(crate) fn cancels(&self) -> usize {
        self.cancels.get()
    }
}

/// A stream that returns `script`, one entry per poll.
pub(crate) fn scripted<T>(
    script: impl IntoIterator<Item = PollRecv<T>>,
) -> (ScriptedStream<T>, Probe) {
    let probe = Probe::default();
    let stream = ScriptedStream {
        script: script.into_iter().collect(),
        probe: probe.clone(),
    };
    (stream, probe)
}

// The scripted values are moved out by value; they are never pinned.
impl<T> Unpin for ScriptedStream<T> {}

impl<T> Stream for ScriptedStream<T> {
    type Item = T;

    fn poll_recv(self: Pin<&mut Self>, _: &mut Context<'_>) -> PollRecv<T> {
        let this = self.get_mut();
        this.probe.polls.set(this.probe.polls.get() + 1);
        this.script
            .pop_front()
            .expect("scripted stream polled past the end of its script")
    }

    fn cancel_recv(self: Pin<&mut Self>) {
        let probe = &self.probe;
        probe.cancels.set(probe.cancels.get() + 1);
    }
}

/// Polls `stream` once with a waker that does nothing.
pub(crate) fn poll<S: Stream + Unpin>(stream: &mut S) -> PollRecv<S::Item> {
    Pin::new(stream).poll_recv(&mut Context::from_waker(Waker::noop()))
}

/// Tells `stream` its pending receive was abandoned.
pub(crate) fn cancel<S: Stream + Unpin>(stream: &mut S) {
    Pin::new(stream).cancel_recv();
}
