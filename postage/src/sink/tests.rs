use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use super::scripted::{cancel, scripted, send, Answer};
use super::*;
use crate::stream::TryRecvError;

fn poll_ready<S: futures_sink::Sink<T> + Unpin, T>(sink: &mut S) -> Poll<Result<(), S::Error>> {
    Pin::new(sink).poll_ready(&mut Context::from_waker(Waker::noop()))
}

fn poll_flush<S: futures_sink::Sink<T> + Unpin, T>(sink: &mut S) -> Poll<Result<(), S::Error>> {
    Pin::new(sink).poll_flush(&mut Context::from_waker(Waker::noop()))
}

fn start_send<S: futures_sink::Sink<T> + Unpin, T>(sink: &mut S, value: T) -> Result<(), S::Error> {
    Pin::new(sink).start_send(value)
}

#[test]
fn chain_sends_to_the_first_sink_until_it_rejects_then_to_the_second() {
    let (first, first_probe) = scripted([Answer::Accept, Answer::Reject]);
    let (second, second_probe) = scripted([Answer::Accept, Answer::Accept]);
    let mut sink = first.chain(second);
    assert_eq!(send(&mut sink, 1), PollSend::Ready);
    assert_eq!(send(&mut sink, 2), PollSend::Ready);
    assert_eq!(send(&mut sink, 3), PollSend::Ready);
    assert_eq!(first_probe.accepted(), [1]);
    assert_eq!(first_probe.sends(), 2);
    assert_eq!(second_probe.accepted(), [2, 3]);
}

#[test]
fn chain_waits_for_a_full_first_sink_instead_of_using_the_second() {
    let (first, first_probe) = scripted([Answer::Wait, Answer::Accept]);
    let (second, second_probe) = scripted::<u8>([]);
    let mut sink = first.chain(second);
    assert_eq!(send(&mut sink, 1), PollSend::Pending(1));
    assert_eq!(send(&mut sink, 1), PollSend::Ready);
    assert_eq!(first_probe.accepted(), [1]);
    assert_eq!(second_probe.sends(), 0);
}

#[test]
fn chain_rejects_every_send_once_both_sinks_rejected() {
    let (first, first_probe) = scripted([Answer::Reject]);
    let (second, _) = scripted([Answer::Reject, Answer::Reject]);
    let mut sink = first.chain(second);
    assert_eq!(send(&mut sink, 1), PollSend::Rejected(1));
    assert_eq!(send(&mut sink, 2), PollSend::Rejected(2));
    assert_eq!(first_probe.sends(), 1);
}

#[test]
fn chain_forwards_cancel_to_the_sink_that_was_pending() {
    let (first, first_probe) = scripted([Answer::Wait, Answer::Reject]);
    let (second, second_probe) = scripted([Answer::Wait]);
    let mut sink = first.chain(second);
    assert_eq!(send(&mut sink, 1), PollSend::Pending(1));
    cancel(&mut sink);
    assert_eq!((first_probe.cancels(), second_probe.cancels()), (1, 0));
    assert_eq!(send(&mut sink, 1), PollSend::Pending(1));
    cancel(&mut sink);
    cancel(&mut sink);
    assert_eq!((first_probe.cancels(), second_probe.cancels()), (1, 1));
}

#[test]
fn chain_over_channels_falls_back_once_the_first_receiver_is_gone() {
    let (primary, mut primary_rx) = crate::mpsc::channel(4);
    let (fallback, mut fallback_rx) = crate::mpsc::channel(4);
    let mut sink = primary.chain(fallback);
    sink.try_send(1).unwrap();
    primary_rx.close();
    sink.try_send(2).unwrap();
    sink.try_send(3).unwrap();
    fallback_rx.close();
    assert_eq!(sink.try_send(4), Err(TrySendError::Closed(4)));
    assert_eq!(primary_rx.try_recv(), Ok(1));
    assert_eq!(primary_rx.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(fallback_rx.try_recv(), Ok(2));
    assert_eq!(fallback_rx.try_recv(), Ok(3));
    assert_eq!(fallback_rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn filter_accepts_and_drops_values_failing_the_predicate_even_when_closed() {
    let (tx, rx) = crate::mpsc::channel(4);
    let mut sink = tx.filter(|n: &u32| n % 2 == 0);
    drop(rx);
    assert_eq!(sink.try_send(1), Ok(()));
    assert_eq!(sink.try_send(2), Err(TrySendError::Closed(2)));
}

#[test]
fn filter_accepts_values_failing_the_predicate_without_touching_a_full_sink() {
    let (inner, probe) = scripted([Answer::Wait]);
    let mut sink = inner.filter(|n: &u32| n % 2 == 0);
    assert_eq!(send(&mut sink, 2), PollSend::Pending(2));
    assert_eq!(send(&mut sink, 1), PollSend::Ready);
    assert_eq!(probe.sends(), 1);
}

#[test]
fn filter_sends_values_passing_the_predicate_over_a_channel() {
    let (tx, mut rx) = crate::mpsc::channel(4);
    let mut sink = tx.filter(|n: &u32| n % 2 == 0);
    for n in 0..5 {
        sink.try_send(n).unwrap();
    }
    drop(sink);
    let received: Vec<_> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
    assert_eq!(received, [0, 2, 4]);
}

#[test]
fn filter_forwards_cancel_only_when_its_sink_was_pending() {
    let (inner, probe) = scripted([Answer::Wait]);
    let mut sink = inner.filter(|n: &u32| n % 2 == 0);
    assert_eq!(send(&mut sink, 2), PollSend::Pending(2));
    cancel(&mut sink);
    assert_eq!(probe.cancels(), 1);
    assert_eq!(send(&mut sink, 1), PollSend::Ready);
    cancel(&mut sink);
    assert_eq!(probe.cancels(), 1);
}

#[test]
fn futures_sink_send_goes_through_the_combinator_logic() {
    let (primary, primary_rx) = crate::mpsc::channel(4);
    let (fallback, mut fallback_rx) = crate::mpsc::channel(4);
    let mut sink = primary.chain(fallback).filter(|n: &u32| *n != 0);
    drop(primary_rx);
    futures::executor::block_on(async {
        for n in [0, 1, 2] {
            futures::SinkExt::send(&mut sink, n).await.unwrap();
        }
    });
    assert_eq!(fallback_rx.try_recv(), Ok(1));
    assert_eq!(fallback_rx.try_recv(), Ok(2));
}

#[test]
fn futures_sink_reports_a_rejected_value_when_flushing() {
    let (tx, rx) = crate::mpsc::channel(1);
    let mut sink = tx.filter(|_: &u32| true);
    drop(rx);
    assert!(matches!(poll_ready(&mut sink), Poll::Ready(Ok(()))));
    assert_eq!(start_send(&mut sink, 5), Ok(()));
    assert!(matches!(
        poll_flush(&mut sink),
        Poll::Ready(Err(SendError(5)))
    ));
    assert!(matches!(poll_flush(&mut sink), Poll::Ready(Ok(()))));
}

#[test]
fn futures_sink_is_not_ready_while_a_parked_value_waits_and_refuses_a_second_value() {
    let (inner, probe) = scripted([Answer::Wait, Answer::Accept]);
    let mut sink = inner.filter(|_: &u32| true);
    assert!(matches!(poll_ready(&mut sink), Poll::Ready(Ok(()))));
    assert_eq!(start_send(&mut sink, 1), Ok(()));
    assert_eq!(start_send(&mut sink, 2), Err(SendError(2)));
    assert!(poll_ready(&mut sink).is_pending());
    assert!(matches!(poll_ready(&mut sink), Poll::Ready(Ok(()))));
    assert_eq!(probe.accepted(), [1]);
}

#[test]
fn postage_send_delivers_a_parked_value_first() {
    let (inner, probe) = scripted([Answer::Wait, Answer::Accept, Answer::Accept]);
    let mut sink = inner.chain(scripted([]).0);
    assert_eq!(start_send(&mut sink, 1), Ok(()));
    assert_eq!(send(&mut sink, 2), PollSend::Pending(2));
    assert_eq!(send(&mut sink, 2), PollSend::Ready);
    assert_eq!(probe.accepted(), [1, 2]);
}

#[test]
fn sink_combinators_are_unpin_when_their_sinks_are() {
    fn assert_unpin<T: Unpin>(_: &T) {}
    let (tx, _rx) = crate::mpsc::channel::<std::marker::PhantomPinned>(1);
    let (tx2, _rx2) = crate::mpsc::channel(1);
    let sink = tx.chain(tx2).filter(|_| true);
    assert_unpin(&sink);
}

#[test]
fn debug_shows_the_inner_sinks_but_not_closures() {
    let (tx, _rx) = crate::mpsc::channel::<u8>(2);
    let sink = tx.filter(|_| true);
    assert_eq!(
        format!("{sink:?}"),
        "Filter { sink: mpsc::Sender { len: 0, capacity: 2, senders: 1, receivers: 1, closed: false }, parked: false, .. }"
    );
}

#[cfg(feature = "logging")]
#[test]
fn log_records_accepted_values_only() {
    crate::log_capture::install();
    let (inner, probe) = scripted([Answer::Accept, Answer::Wait, Answer::Reject, Answer::Accept]);
    let mut sink = inner.log_as("sink-log-test", ::log::Level::Warn);
    assert_eq!(send(&mut sink, "a"), PollSend::Ready);
    assert_eq!(send(&mut sink, "b"), PollSend::Pending("b"));
    assert_eq!(send(&mut sink, "c"), PollSend::Rejected("c"));
    assert_eq!(send(&mut sink, "d"), PollSend::Ready);
    assert_eq!(probe.accepted(), ["a", "d"]);
    assert_eq!(
        crate::log_capture::lines_labelled("sink-log-test"),
        [
            "WARN postage::sink sink-log-test sent \"a\"",
            "WARN postage::sink sink-log-test sent \"d\"",
        ]
    );
}

#[cfg(feature = "logging")]
#[test]
fn log_without_a_label_uses_sink_and_forwards_cancel() {
    crate::log_capture::install();
    let (inner, probe) = scripted([Answer::Wait, Answer::Accept]);
    let mut sink = inner.log(::log::Level::Trace);
    assert_eq!(send(&mut sink, 9), PollSend::Pending(9));
    cancel(&mut sink);
    assert_eq!(probe.cancels(), 1);
    assert_eq!(send(&mut sink, 9), PollSend::Ready);
    assert_eq!(
        crate::log_capture::lines_labelled("sink "),
        ["TRACE postage::sink sink sent 9"]
    );
}

#[test]
fn dropping_a_pending_send_on_a_combinator_passes_the_free_slot_to_another_sender() {
    let (tx, mut rx) = crate::mpsc::channel(1);
    tx.try_send(0).unwrap();
    let (closed_tx, _) = crate::mpsc::channel(1);
    let mut combined = tx.clone().chain(closed_tx).filter(|_| true);
    let (combined_waker, other_waker) = (
        crate::test_util::CountingWaker::new(),
        crate::test_util::CountingWaker::new(),
    );
    let mut combined_send = Sink::send(&mut combined, 1);
    let mut other_send = tx.send(2);
    assert!(combined_waker.poll(&mut combined_send).is_pending());
    assert!(other_waker.poll(&mut other_send).is_pending());
    drop(combined_send);
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!(other_waker.count(), 1);
    assert_eq!(other_waker.poll(&mut other_send), Poll::Ready(Ok(())));
}

/// Polls `full` (a send on a full channel) once, drops it, then polls the send that
/// `make_room` makes after freeing a slot.
fn assert_fused_send<F>(mut full: F, make_room: impl FnOnce() -> F)
where
    F: Future<Output = Result<(), SendError<u8>>> + futures_core::FusedFuture + Unpin,
{
    let mut cx = Context::from_waker(Waker::noop());
    assert!(!full.is_terminated());
    assert!(Pin::new(&mut full).poll(&mut cx).is_pending());
    assert!(
        !full.is_terminated(),
        "a pending send still holds its value"
    );
    drop(full);
    let mut free = make_room();
    assert!(!free.is_terminated());
    assert!(matches!(
        Pin::new(&mut free).poll(&mut cx),
        Poll::Ready(Ok(()))
    ));
    assert!(free.is_terminated());
}

#[test]
fn send_futures_are_terminated_once_they_resolved() {
    let (tx, mut rx) = crate::mpsc::channel(1);
    tx.try_send(0u8).unwrap();
    assert_fused_send(tx.send(1), || {
        assert_eq!(rx.try_recv(), Ok(0));
        tx.send(2)
    });
    let (tx, mut rx) = crate::broadcast::channel(1);
    tx.try_send(0u8).unwrap();
    assert_fused_send(tx.send(1), || {
        assert_eq!(rx.try_recv(), Ok(0));
        tx.send(2)
    });
    let (mut tx, mut rx) = crate::mpsc::channel(1);
    Sink::try_send(&mut tx, 0u8).unwrap();
    let mut cx = Context::from_waker(Waker::noop());
    let mut full = Sink::send(&mut tx, 1);
    assert!(Pin::new(&mut full).poll(&mut cx).is_pending());
    assert!(!futures_core::FusedFuture::is_terminated(&full));
    drop(full);
    assert_eq!(rx.try_recv(), Ok(0));
    let mut free = Sink::send(&mut tx, 2);
    assert!(matches!(
        Pin::new(&mut free).poll(&mut cx),
        Poll::Ready(Ok(()))
    ));
    assert!(futures_core::FusedFuture::is_terminated(&free));
}

#[test]
fn a_closed_future_is_terminated_once_it_resolved() {
    use futures_core::FusedFuture;
    let (tx, rx) = crate::mpsc::channel::<u8>(1);
    let mut closed = tx.closed();
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Pin::new(&mut closed).poll(&mut cx).is_pending());
    assert!(!closed.is_terminated());
    drop(rx);
    assert!(Pin::new(&mut closed).poll(&mut cx).is_ready());
    assert!(closed.is_terminated());
}
