use std::marker::PhantomPinned;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use futures_core::FusedStream;

use super::scripted::{cancel, poll, scripted};
use super::PollRecv::{Closed, Pending, Ready};
use super::*;
use crate::test_util::CountingWaker;

#[test]
fn map_transforms_each_item_and_passes_pending_and_closed_through() {
    let (inner, probe) = scripted([Ready(1), Pending, Ready(2), Closed]);
    let mut stream = inner.map(|x| x * 10);
    assert_eq!(poll(&mut stream), Ready(10));
    assert_eq!(poll(&mut stream), Pending);
    assert_eq!(poll(&mut stream), Ready(20));
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(probe.polls(), 4);
}

#[test]
fn map_forwards_cancel_to_its_pending_stream() {
    let (inner, probe) = scripted([Pending]);
    let mut stream = inner.map(|x: u8| x);
    assert_eq!(poll(&mut stream), Pending);
    cancel(&mut stream);
    assert_eq!(probe.cancels(), 1);
}

#[test]
fn cancel_is_not_forwarded_to_a_stream_whose_last_poll_was_ready() {
    let (inner, probe) = scripted([Ready(1)]);
    let mut stream = inner.map(|x: u8| x);
    assert_eq!(poll(&mut stream), Ready(1));
    cancel(&mut stream);
    assert_eq!(probe.cancels(), 0);
}

#[test]
fn filter_drops_items_failing_the_predicate() {
    let (inner, probe) = scripted([Ready(1), Ready(2), Ready(3), Closed]);
    let mut stream = inner.filter(|x| x % 2 == 1);
    assert_eq!(poll(&mut stream), Ready(1));
    assert_eq!(poll(&mut stream), Ready(3));
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(probe.polls(), 4);
}

#[test]
fn filter_is_pending_when_its_stream_is_pending_after_dropped_items() {
    let (inner, _probe) = scripted([Ready(1), Pending, Ready(2)]);
    let mut stream = inner.filter(|x| x % 2 == 0);
    assert_eq!(poll(&mut stream), Pending);
    assert_eq!(poll(&mut stream), Ready(2));
}

#[test]
fn filter_forwards_cancel_to_its_pending_stream() {
    let (inner, probe) = scripted([Ready(1), Pending]);
    let mut stream = inner.filter(|x| x % 2 == 0);
    assert_eq!(poll(&mut stream), Pending);
    cancel(&mut stream);
    assert_eq!(probe.cancels(), 1);
}

#[test]
fn find_yields_the_first_match_then_ends_without_polling_again() {
    let (inner, probe) = scripted([Ready(1), Pending, Ready(4), Ready(6)]);
    let mut stream = inner.find(|x| x % 2 == 0);
    assert_eq!(poll(&mut stream), Pending);
    assert_eq!(poll(&mut stream), Ready(4));
    assert!(stream.is_terminated());
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(probe.polls(), 3);
}

#[test]
fn find_ends_without_an_item_when_its_stream_ends_without_a_match() {
    let (inner, _probe) = scripted([Ready(1), Closed]);
    let mut stream = inner.find(|x| x % 2 == 0);
    assert_eq!(poll(&mut stream), Closed);
}

#[test]
fn find_forwards_cancel_to_its_pending_stream() {
    let (inner, probe) = scripted([Pending]);
    let mut stream = inner.find(|_: &u8| true);
    assert_eq!(poll(&mut stream), Pending);
    cancel(&mut stream);
    assert_eq!(probe.cancels(), 1);
}

#[test]
fn chain_yields_the_first_stream_then_the_second() {
    let (first, first_probe) = scripted([Ready(1), Pending, Ready(2), Closed]);
    let (second, second_probe) = scripted([Ready(3), Closed]);
    let mut stream = first.chain(second);
    assert_eq!(poll(&mut stream), Ready(1));
    assert_eq!(poll(&mut stream), Pending);
    assert_eq!(second_probe.polls(), 0);
    assert_eq!(poll(&mut stream), Ready(2));
    assert_eq!(poll(&mut stream), Ready(3));
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!((first_probe.polls(), second_probe.polls()), (4, 2));
}

#[test]
fn chain_never_polls_the_first_stream_after_it_ended() {
    let (first, first_probe) = scripted([Closed]);
    let (second, _second_probe) = scripted([Pending, Pending, Ready(5)]);
    let mut stream = first.chain(second);
    assert_eq!(poll(&mut stream), Pending);
    assert_eq!(poll(&mut stream), Pending);
    assert_eq!(poll(&mut stream), Ready(5));
    assert_eq!(first_probe.polls(), 1);
}

#[test]
fn chain_forwards_cancel_to_the_stream_that_is_pending() {
    let (first, first_probe) = scripted([Closed]);
    let (second, second_probe) = scripted([Pending::<u8>]);
    let mut stream = first.chain(second);
    assert_eq!(poll(&mut stream), Pending);
    cancel(&mut stream);
    assert_eq!((first_probe.cancels(), second_probe.cancels()), (0, 1));
}

#[test]
fn merge_alternates_fairly_while_both_sides_are_ready() {
    let (a, _) = scripted([Ready(1), Ready(2), Ready(3)]);
    let (b, _) = scripted([Ready(10), Ready(20), Ready(30)]);
    let mut stream = a.merge(b);
    let items: Vec<_> = (0..6).map(|_| poll(&mut stream)).collect();
    assert_eq!(
        items,
        [
            Ready(1),
            Ready(10),
            Ready(2),
            Ready(20),
            Ready(3),
            Ready(30)
        ]
    );
}

#[test]
fn merge_is_pending_while_one_side_is_pending_and_the_other_closed() {
    let (a, a_probe) = scripted([Pending, Pending, Ready(1), Closed]);
    let (b, b_probe) = scripted([Closed]);
    let mut stream = a.merge(b);
    assert_eq!(poll(&mut stream), Pending);
    assert_eq!(poll(&mut stream), Pending);
    assert!(!stream.is_terminated());
    assert_eq!(poll(&mut stream), Ready(1));
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!((a_probe.polls(), b_probe.polls()), (4, 1));
}

#[test]
fn merge_ends_only_when_both_sides_ended() {
    let (a, _) = scripted([Closed]);
    let (b, _) = scripted([Ready(1), Ready(2), Closed]);
    let mut stream = a.merge(b);
    assert_eq!(poll(&mut stream), Ready(1));
    assert_eq!(poll(&mut stream), Ready(2));
    assert_eq!(poll(&mut stream), Closed);
    assert!(stream.is_terminated());
}

#[test]
fn merge_forwards_cancel_to_every_pending_side() {
    let (a, a_probe) = scripted([Pending::<u8>]);
    let (b, b_probe) = scripted([Pending]);
    let mut stream = a.merge(b);
    assert_eq!(poll(&mut stream), Pending);
    cancel(&mut stream);
    assert_eq!((a_probe.cancels(), b_probe.cancels()), (1, 1));
}

#[test]
fn merge_releases_the_pending_side_when_the_other_side_yields() {
    let (a, a_probe) = scripted([Pending]);
    let (b, b_probe) = scripted([Ready(7)]);
    let mut stream = a.merge(b);
    assert_eq!(poll(&mut stream), Ready(7));
    assert_eq!(a_probe.cancels(), 1);
    cancel(&mut stream);
    assert_eq!((a_probe.cancels(), b_probe.cancels()), (1, 0));
}

#[test]
fn merge_of_channels_wakes_when_its_pending_side_receives() {
    let (open_tx, open_rx) = crate::mpsc::channel(1);
    let (closed_tx, closed_rx) = crate::mpsc::channel::<u8>(1);
    drop(closed_tx);
    let mut stream = open_rx.merge(closed_rx);
    let waker = CountingWaker::new();
    let mut recv = stream.recv();
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    open_tx.try_send(4).unwrap();
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut recv), Poll::Ready(Some(4)));
    drop(recv);
    drop(open_tx);
    assert_eq!(stream.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn once_yields_its_value_then_ends() {
    let mut stream = once("only");
    assert!(!stream.is_terminated());
    assert_eq!(poll(&mut stream), Ready("only"));
    assert_eq!(poll(&mut stream), Closed);
    assert!(stream.is_terminated());
}

#[test]
fn repeat_yields_a_clone_on_every_poll() {
    let mut stream = repeat(String::from("tick"));
    for _ in 0..3 {
        assert_eq!(poll(&mut stream), Ready(String::from("tick")));
    }
    assert!(!stream.is_terminated());
}

#[test]
fn from_stream_passes_items_and_pending_through_and_never_polls_after_the_end() {
    let mut script = vec![Poll::Ready(None), Poll::Ready(Some(2)), Poll::Pending];
    let inner = futures::stream::poll_fn(move |_: &mut Context<'_>| {
        script.pop().expect("polled after its end")
    });
    let mut stream = from_stream(inner);
    assert_eq!(poll(&mut stream), Pending);
    assert_eq!(poll(&mut stream), Ready(2));
    assert_eq!(poll(&mut stream), Closed);
    assert_eq!(poll(&mut stream), Closed);
    assert!(stream.is_terminated());
}

#[test]
fn combinators_implement_the_futures_stream_trait() {
    let (tx, rx) = crate::mpsc::channel(8);
    for i in 0..6 {
        tx.try_send(i).unwrap();
    }
    drop(tx);
    let stream = rx
        .filter(|i| i % 2 == 0)
        .map(|i| i * 10)
        .chain(once(100))
        .merge(from_stream(futures::stream::iter([7])));
    let items: Vec<i32> = futures::executor::block_on(futures::StreamExt::collect(stream));
    assert_eq!(items, [0, 7, 20, 40, 100]);
}

#[test]
fn futures_stream_side_reports_terminated_after_the_end() {
    let mut stream = once(1).map(|x| x + 1);
    let mut cx = Context::from_waker(Waker::noop());
    let mut next = || futures_core::Stream::poll_next(Pin::new(&mut stream), &mut cx);
    assert_eq!(next(), Poll::Ready(Some(2)));
    assert_eq!(next(), Poll::Ready(None));
    assert!(stream.is_terminated());
}

#[test]
fn combinators_are_unpin_when_their_streams_are_even_with_unpin_less_closures() {
    fn assert_unpin<T: Unpin>(_: &T) {}
    let pinned = PhantomPinned;
    let stream = once(1)
        .map(move |x| {
            let _ = &pinned;
            x
        })
        .filter(|_| true)
        .find(|_| true)
        .chain(repeat(2))
        .merge(from_stream(futures::stream::empty()));
    assert_unpin(&stream);
}

#[test]
fn debug_shows_the_inner_streams_but_not_closures() {
    let stream = once(1).map(|x| x).chain(repeat(2));
    assert_eq!(
        format!("{stream:?}"),
        "Chain { first: Map { stream: Once { value: Some(1) }, .. }, second: Repeat { value: 2 } }"
    );
}

#[cfg(feature = "logging")]
#[test]
fn log_records_each_item_and_the_end_once() {
    crate::log_capture::install();
    let (inner, _) = scripted([Ready(1), Pending, Ready(2), Closed]);
    let mut stream = inner.log_as("stream-log-test", ::log::Level::Info);
    let polls: Vec<_> = (0..5).map(|_| poll(&mut stream)).collect();
    assert_eq!(polls, [Ready(1), Pending, Ready(2), Closed, Closed]);
    assert_eq!(
        crate::log_capture::lines_labelled("stream-log-test"),
        [
            "INFO postage::stream stream-log-test received 1",
            "INFO postage::stream stream-log-test received 2",
            "INFO postage::stream stream-log-test closed",
        ]
    );
}

#[cfg(feature = "logging")]
#[test]
fn log_without_a_label_uses_stream_and_prints_items_with_debug() {
    crate::log_capture::install();
    let mut stream = once("hi").log(::log::Level::Debug);
    assert_eq!(poll(&mut stream), Ready("hi"));
    assert_eq!(
        crate::log_capture::lines_labelled("stream "),
        ["DEBUG postage::stream stream received \"hi\""]
    );
}

#[test]
fn dropping_a_pending_recv_on_a_combinator_passes_its_wake_up_to_another_receiver() {
    let (tx, first_rx) = crate::dispatch::channel(1);
    let mut second_rx = first_rx.clone();
    let mut first = first_rx.map(|x: u8| x).merge(once(0).find(|_| false));
    let (first_waker, second_waker) = (CountingWaker::new(), CountingWaker::new());
    let mut first_recv = first.recv();
    let mut second_recv = second_rx.recv();
    assert_eq!(first_waker.poll(&mut first_recv), Poll::Pending);
    assert_eq!(second_waker.poll(&mut second_recv), Poll::Pending);
    drop(first_recv);
    tx.try_send(1).unwrap();
    assert_eq!(second_waker.count(), 1);
    assert_eq!(second_waker.poll(&mut second_recv), Poll::Ready(Some(1)));
}

#[test]
fn a_recv_future_is_terminated_once_it_resolved() {
    use futures_core::FusedFuture;
    let waker = CountingWaker::new();
    let (inner, _probe) = scripted([Pending, Ready(1), Closed]);
    let mut stream = inner;
    let mut recv = stream.recv();
    assert!(!recv.is_terminated());
    assert!(waker.poll(&mut recv).is_pending());
    assert!(!recv.is_terminated());
    assert_eq!(waker.poll(&mut recv), Poll::Ready(Some(1)));
    assert!(recv.is_terminated());
    drop(recv);
    let mut recv = stream.recv();
    assert!(!recv.is_terminated());
    assert_eq!(waker.poll(&mut recv), Poll::Ready(None));
    assert!(recv.is_terminated());
}
