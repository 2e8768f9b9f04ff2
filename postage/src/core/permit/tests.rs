//! The permits of every bounded channel, checked on each: one module per channel kind, the
//! same scenarios.

macro_rules! permit_tests {
    ($kind:ident) => {
        mod $kind {
            use std::future::Future;
            use std::task::Poll;

            use futures_core::FusedFuture;

            use crate::error::{SendError, TrySendError};
            use crate::test_util::{CountingWaker, DropCounter};
            use crate::$kind::channel;

            /// Polls `future` once with `waker`, expecting it to wait.
            fn pending<F: Future + Unpin>(waker: &CountingWaker, future: &mut F) {
                assert!(waker.poll(future).is_pending(), "the future should wait");
            }

            /// Polls `future` once with `waker`, expecting it to resolve.
            fn ready<F: Future + Unpin>(waker: &CountingWaker, future: &mut F) -> F::Output {
                match waker.poll(future) {
                    Poll::Ready(output) => output,
                    Poll::Pending => panic!("the future should have resolved"),
                }
            }

            #[test]
            fn messages_arrive_in_the_order_of_permit_send() {
                let (tx, mut rx) = channel(3);
                let first = tx.try_reserve().unwrap();
                let second = tx.try_reserve().unwrap();
                tx.try_send(0).unwrap();
                second.send(2);
                first.send(1);
                assert_eq!(rx.try_iter().collect::<Vec<_>>(), [0, 2, 1]);
            }

            #[test]
            fn a_permit_holds_capacity_and_an_unused_one_holds_up_nothing() {
                let (tx, mut rx) = channel(2);
                let held = tx.try_reserve().unwrap();
                tx.try_send(1).unwrap();
                assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
                assert_eq!(rx.try_recv(), Ok(1), "the message behind the permit is out");
                drop(held);
                tx.try_send(2).unwrap();
                tx.try_send(3).unwrap();
            }

            #[test]
            fn dropping_a_permit_unused_wakes_one_waiting_sender() {
                let (tx, _rx) = channel::<u8>(1);
                let permit = tx.try_reserve().unwrap();
                let (first, second) = (CountingWaker::new(), CountingWaker::new());
                let mut waiting = tx.reserve();
                let mut behind = tx.send(9);
                pending(&first, &mut waiting);
                pending(&second, &mut behind);
                drop(permit);
                assert_eq!((first.count(), second.count()), (1, 0));
                let permit = ready(&first, &mut waiting).unwrap();
                pending(&second, &mut behind);
                drop(permit);
                assert_eq!(second.count(), 1);
                assert!(ready(&second, &mut behind).is_ok());
            }

            #[test]
            fn a_woken_reserve_dropped_before_it_ran_passes_the_slot_on() {
                let (tx, _rx) = channel::<u8>(1);
                let permit = tx.try_reserve().unwrap();
                let (first, second) = (CountingWaker::new(), CountingWaker::new());
                let mut woken = tx.reserve();
                let mut next = tx.reserve();
                pending(&first, &mut woken);
                pending(&second, &mut next);
                drop(permit);
                assert_eq!((first.count(), second.count()), (1, 0));
                drop(woken);
                assert_eq!(second.count(), 1, "the wake-up went on");
                ready(&second, &mut next).unwrap().send(1);
            }

            #[test]
            fn a_pending_reserve_dropped_unwoken_leaves_the_line_without_a_trace() {
                let (tx, mut rx) = channel(1);
                tx.try_send(0).unwrap();
                let waker = CountingWaker::new();
                let mut dropped = tx.reserve();
                pending(&waker, &mut dropped);
                drop(dropped);
                assert_eq!(rx.try_recv(), Ok(0));
                tx.try_reserve().unwrap().send(1);
                assert_eq!((rx.try_recv(), waker.count()), (Ok(1), 0));
            }

            #[test]
            fn reserve_many_above_the_capacity_fails_at_once() {
                let (tx, _rx) = channel::<u8>(2);
                let waker = CountingWaker::new();
                let mut too_many = tx.reserve_many(3);
                assert_eq!(ready(&waker, &mut too_many).unwrap_err(), SendError(()));
                assert!(too_many.is_terminated());
                let mut usize_max = tx.reserve_many(usize::MAX);
                assert!(ready(&waker, &mut usize_max).is_err());
                assert_eq!(tx.try_reserve().map(drop), Ok(()), "nothing was held");
            }

            #[test]
            fn reserve_many_of_zero_is_an_empty_iterator_at_once_even_when_full() {
                let (tx, _rx) = channel(1);
                tx.try_send(0).unwrap();
                let waker = CountingWaker::new();
                let mut none = tx.reserve_many(0);
                let permits = ready(&waker, &mut none).unwrap();
                assert_eq!(permits.len(), 0);
                assert_eq!(permits.count(), 0);
            }

            #[test]
            fn the_iterator_yields_exactly_n_permits_and_frees_the_rest_when_dropped() {
                let (tx, mut rx) = channel(4);
                let waker = CountingWaker::new();
                let mut reserving = tx.reserve_many(3);
                let mut permits = ready(&waker, &mut reserving).unwrap();
                assert_eq!(permits.size_hint(), (3, Some(3)));
                permits.next().unwrap().send(1);
                assert_eq!(permits.len(), 2);
                assert!(tx.try_reserve().is_ok_and(|permit| {
                    drop(permit);
                    true
                }));
                drop(permits);
                for n in 2..5 {
                    tx.try_send(n).unwrap();
                }
                assert_eq!(tx.try_send(5), Err(TrySendError::Full(5)));
                assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2, 3, 4]);
            }

            #[test]
            fn a_big_reservation_first_in_line_gets_freed_slots_before_later_sends() {
                let (tx, mut rx) = channel(4);
                for n in 0..4 {
                    tx.try_send(n).unwrap();
                }
                let (big, small) = (CountingWaker::new(), CountingWaker::new());
                let mut reservation = tx.reserve_many(3);
                pending(&big, &mut reservation);
                let mut send = tx.send(10);
                pending(&small, &mut send);
                for n in 0..2 {
                    assert_eq!(rx.try_recv(), Ok(n));
                    assert_eq!(tx.try_send(99), Err(TrySendError::Full(99)), "set aside");
                    pending(&small, &mut send);
                }
                assert_eq!((big.count(), small.count()), (0, 0));
                assert_eq!(rx.try_recv(), Ok(2));
                assert_eq!((big.count(), small.count()), (1, 0));
                let permits = ready(&big, &mut reservation).unwrap();
                assert_eq!(permits.len(), 3);
                pending(&small, &mut send);
                assert_eq!(rx.try_recv(), Ok(3));
                assert_eq!(small.count(), 1);
                assert!(ready(&small, &mut send).is_ok());
                for (n, permit) in permits.enumerate() {
                    permit.send(20 + n as i32);
                }
                assert_eq!(rx.try_iter().collect::<Vec<_>>(), [10, 20, 21, 22]);
            }

            #[test]
            fn a_send_woken_for_a_slot_keeps_it_from_the_reservation_behind() {
                let (tx, mut rx) = channel(2);
                tx.try_send(0).unwrap();
                tx.try_send(1).unwrap();
                let (first, big) = (CountingWaker::new(), CountingWaker::new());
                let mut send = tx.send(10);
                pending(&first, &mut send);
                let mut reservation = tx.reserve_many(2);
                pending(&big, &mut reservation);
                assert_eq!(rx.try_recv(), Ok(0));
                assert_eq!((first.count(), big.count()), (1, 0));
                assert!(ready(&first, &mut send).is_ok());
                assert_eq!(rx.try_recv(), Ok(1));
                assert_eq!(rx.try_recv(), Ok(10));
                assert_eq!(big.count(), 1);
                assert_eq!(ready(&big, &mut reservation).unwrap().len(), 2);
            }

            #[test]
            fn an_abandoned_partial_reservation_gives_its_slots_to_the_next_in_line() {
                let (tx, mut rx) = channel(2);
                tx.try_send(0).unwrap();
                tx.try_send(1).unwrap();
                let (big, small) = (CountingWaker::new(), CountingWaker::new());
                let mut reservation = tx.reserve_many(2);
                pending(&big, &mut reservation);
                let mut next = tx.reserve();
                pending(&small, &mut next);
                assert_eq!(rx.try_recv(), Ok(0));
                assert_eq!(
                    small.count(),
                    0,
                    "the freed slot is set aside for the first"
                );
                drop(reservation);
                assert_eq!(small.count(), 1);
                ready(&small, &mut next).unwrap().send(2);
                assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2]);
            }

            #[test]
            fn owned_permits_give_the_sender_back() {
                let (tx, mut rx) = channel(1);
                let waker = CountingWaker::new();
                let mut reserving = tx.reserve_owned();
                let tx = ready(&waker, &mut reserving).unwrap().send(1);
                assert!(reserving.is_terminated());
                let mut reserving = tx.reserve_owned();
                pending(&waker, &mut reserving);
                assert_eq!(rx.try_recv(), Ok(1));
                let tx = ready(&waker, &mut reserving).unwrap().release();
                tx.try_send(2).unwrap();
                assert_eq!(rx.try_recv(), Ok(2));
            }

            #[test]
            fn a_permit_sent_after_every_receiver_left_drops_its_value() {
                let counter = DropCounter::new();
                let (tx, rx) = channel(2);
                let permit = tx.try_reserve().unwrap();
                let owned = tx.clone().reserve_owned();
                let owned = ready(&CountingWaker::new(), &mut Box::pin(owned)).unwrap();
                drop(rx);
                permit.send(counter.track(1));
                drop(owned.send(counter.track(2)));
                assert_eq!((counter.created(), counter.alive()), (2, 0));
                assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
            }

            #[test]
            fn the_last_receiver_leaving_fails_waiting_reservations_and_frees_their_slots() {
                let (tx, rx) = channel::<u8>(2);
                let held = tx.try_reserve().unwrap();
                let waker = CountingWaker::new();
                let mut reservation = tx.reserve_many(2);
                pending(&waker, &mut reservation);
                drop(rx);
                assert_eq!(waker.count(), 1);
                assert_eq!(ready(&waker, &mut reservation).unwrap_err(), SendError(()));
                held.send(1);
                let mut again = tx.reserve();
                assert!(ready(&waker, &mut again).is_err());
            }

            #[test]
            fn try_reserve_registers_no_waker_and_reports_full() {
                let (tx, mut rx) = channel(1);
                let permit = tx.try_reserve().unwrap();
                assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Full(()));
                permit.send(1);
                assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Full(()));
                assert_eq!(rx.try_recv(), Ok(1));
                assert!(tx.try_reserve().is_ok());
            }

            #[test]
            fn futures_and_permits_describe_themselves() {
                let (tx, _rx) = channel::<u8>(2);
                let permit = tx.try_reserve().unwrap();
                assert!(format!("{permit:?}").contains("Permit"));
                let reserving = tx.reserve_many(1);
                assert!(format!("{reserving:?}").contains("ReserveManyFuture"));
            }
        }
    };
}

permit_tests!(mpsc);
permit_tests!(dispatch);
permit_tests!(broadcast);
