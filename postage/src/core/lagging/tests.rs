use super::*;
use crate::test_util::{CountingWaker, DropCounter};

fn ring<T>(capacity: usize) -> LaggingRing<T> {
    LaggingRing::with_receivers(capacity, 1)
}

/// Everything the receiver at `pos` can read now, and what it skipped meanwhile.
fn drain<T: Clone>(ring: &LaggingRing<T>, pos: &mut u64) -> (Vec<T>, u64) {
    let mut lagged = 0;
    let received = std::iter::from_fn(|| ring.try_recv(pos, &mut lagged).ok()).collect();
    (received, lagged)
}

#[test]
fn a_full_ring_overwrites_its_oldest_message() {
    for capacity in [1, 3, 4] {
        let ring = ring(capacity);
        for n in 0..10 {
            ring.send(n).unwrap();
        }
        assert_eq!(ring.len(), capacity, "capacity {capacity}");
        let mut pos = 0;
        let (received, lagged) = drain(&ring, &mut pos);
        let kept: Vec<u64> = (10 - capacity as u64..10).collect();
        assert_eq!(received, kept, "capacity {capacity}");
        assert_eq!(lagged, 10 - capacity as u64);
        assert_eq!(pos, 10);
    }
}

#[test]
fn a_reader_within_capacity_skips_nothing() {
    let ring = ring(4);
    let mut pos = 0;
    for round in 0..5u64 {
        for n in 0..4 {
            ring.send(round * 4 + n).unwrap();
        }
        let (received, lagged) = drain(&ring, &mut pos);
        assert_eq!(received, (round * 4..round * 4 + 4).collect::<Vec<_>>());
        assert_eq!(lagged, 0);
    }
}

#[test]
fn an_older_message_never_overwrites_a_newer_one() {
    let counter = DropCounter::new();
    let ring = ring(2);
    // Sequences 0 and 2 share a slot; the writer of 2 gets there first.
    ring.tail.store(3, Ordering::SeqCst);
    ring.write(2, Arc::new(counter.track(2)));
    ring.write(1, Arc::new(counter.track(1)));
    ring.write(0, Arc::new(counter.track(0)));
    assert_eq!(
        counter.dropped(),
        1,
        "the late, older message is dropped at once"
    );
    assert_eq!(ring.slot(0).stamp.load(Ordering::SeqCst), 3);
    let mut pos = 0;
    let (received, lagged) = drain(&ring, &mut pos);
    let ids: Vec<usize> = received.iter().map(|tracked| tracked.id).collect();
    assert_eq!((ids, lagged), (vec![1, 2], 1));
    drop((received, ring));
    assert_eq!(counter.alive(), 0);
}

#[test]
fn a_message_still_in_its_slot_is_cloned_and_an_overwritten_one_moved_out() {
    let counter = DropCounter::new();
    let ring = ring(1);
    ring.send(counter.track(0)).unwrap();
    let (mut pos, mut lagged) = (0, 0);
    let shared = ring.read(&mut pos, &mut lagged).unwrap();
    assert_eq!(
        Arc::strong_count(&shared),
        2,
        "the slot and the reader share it"
    );
    drop(shared);
    ring.send(counter.track(1)).unwrap();
    assert_eq!(counter.created(), 2, "sending copies nothing");
    let shared = ring.read(&mut pos, &mut lagged).unwrap();
    assert_eq!((pos, lagged), (1, 1));
    ring.send(counter.track(2)).unwrap();
    assert_eq!(Arc::strong_count(&shared), 1, "overwritten while held");
    drop(shared);
    let before = counter.created();
    assert_eq!(ring.try_recv(&mut pos, &mut lagged).map(|t| t.id), Ok(2));
    assert_eq!(
        counter.created(),
        before + 1,
        "a buffered message is cloned"
    );
}

#[test]
fn a_waiting_receiver_is_woken_by_a_write_to_its_slot() {
    let ring = ring(2);
    let waker = CountingWaker::new();
    let (mut pos, mut lagged, mut key) = (0, 0, None);
    let task_waker = waker.waker();
    let mut cx = Context::from_waker(&task_waker);
    let polled = ring.poll_recv(&mut pos, &mut lagged, &mut key, &mut cx);
    assert_eq!(polled, PollRecv::Pending);
    assert_ne!(ring.slot(0).lock.load(Ordering::SeqCst) & RECV_WAITS, 0);
    ring.send(7).unwrap();
    assert_eq!(waker.count(), 1);
    assert_eq!(
        ring.slot(0).lock.load(Ordering::SeqCst),
        0,
        "the writer cleared it"
    );
    let polled = ring.poll_recv(&mut pos, &mut lagged, &mut key, &mut cx);
    assert_eq!(polled, PollRecv::Ready(7));
    ring.send(8).unwrap();
    assert_eq!(waker.count(), 1, "nobody waited on this write");
}

#[test]
fn a_reader_steps_back_while_a_writer_is_inside_its_slot() {
    let ring = ring(1);
    ring.send(1).unwrap();
    let slot = ring.slot(0);
    slot.lock.fetch_or(WRITER, Ordering::SeqCst);
    let peer = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let (mut pos, mut lagged) = (0, 0);
            ring.try_recv(&mut pos, &mut lagged)
        });
        // Wait until the reader has knocked (it cannot get in while the writer bit is
        // held), then let it in.
        while slot.lock.load(Ordering::SeqCst) & READERS == 0 {
            std::hint::spin_loop();
        }
        slot.lock.fetch_and(!WRITER, Ordering::SeqCst);
        reader.join().unwrap()
    });
    assert_eq!(peer, Ok(1));
    assert_eq!(slot.lock.load(Ordering::SeqCst), 0);
}

#[test]
fn try_recv_registers_no_waker_and_reports_closed_after_the_last_message() {
    let ring = ring(2);
    let (mut pos, mut lagged) = (0, 0);
    assert_eq!(
        ring.try_recv(&mut pos, &mut lagged),
        Err(TryRecvError::Empty)
    );
    assert!(ring.recv_waiters.lock().is_empty());
    assert_eq!(ring.slot(0).lock.load(Ordering::SeqCst), 0);
    ring.send(1).unwrap();
    ring.drop_sender();
    assert!(!ring.is_terminated(pos));
    assert_eq!(ring.try_recv(&mut pos, &mut lagged), Ok(1));
    assert_eq!(
        ring.try_recv(&mut pos, &mut lagged),
        Err(TryRecvError::Closed)
    );
    assert!(ring.is_terminated(pos));
}

#[test]
fn the_last_receiver_leaving_drops_the_buffer_and_fails_sends() {
    let counter = DropCounter::new();
    let ring = ring(3);
    for id in 0..5 {
        ring.send(counter.track(id)).unwrap();
    }
    assert_eq!(counter.alive(), 3);
    ring.forget_receiver(&mut None);
    assert_eq!(counter.alive(), 0);
    assert!(ring.is_closed());
    assert_eq!(ring.len(), 0);
    let refused = ring.send(counter.track(9)).unwrap_err();
    assert_eq!(refused.id, 9);
    drop(refused);
    let mut pos = ring.subscribe();
    assert!(!ring.is_closed());
    ring.send(counter.track(10)).unwrap();
    let mut lagged = 0;
    assert_eq!(ring.try_recv(&mut pos, &mut lagged).map(|t| t.id), Ok(10));
    assert_eq!(lagged, 0, "a subscriber starts at the tail");
    drop(ring);
    assert_eq!(counter.alive(), 0);
}

#[test]
fn a_sender_and_a_receiver_on_two_threads_account_for_every_message() {
    let total: u64 = if cfg!(miri) { 40 } else { 20_000 };
    let ring = ring(4);
    let (received, lagged) = std::thread::scope(|scope| {
        scope.spawn(|| {
            for n in 0..total {
                ring.send(n).unwrap();
            }
            ring.drop_sender();
        });
        let (mut pos, mut lagged, mut key) = (0, 0, None);
        let mut last = None;
        let mut received = 0;
        let parked = crate::test_util::CountingWaker::new();
        let task_waker = parked.waker();
        let mut cx = Context::from_waker(&task_waker);
        loop {
            match ring.poll_recv(&mut pos, &mut lagged, &mut key, &mut cx) {
                PollRecv::Ready(n) => {
                    assert!(last.is_none_or(|last| n > last), "in order");
                    last = Some(n);
                    received += 1;
                }
                PollRecv::Pending => std::thread::yield_now(),
                PollRecv::Closed => break (received, lagged),
            }
        }
    });
    assert_eq!(received + lagged, total);
}

#[test]
fn an_overwrite_reuses_the_slots_allocation_unless_a_reader_holds_a_copy() {
    let ring = ring(1);
    let address = |ring: &LaggingRing<u64>| {
        // SAFETY: no other thread touches the ring.
        ring.slot(0)
            .value
            .with(|cell| unsafe { (*cell).as_ref().map(Arc::as_ptr) })
            .unwrap()
    };
    ring.send(0).unwrap();
    let first = address(&ring);
    ring.send(1).unwrap();
    assert_eq!(address(&ring), first, "moved into the same `Arc`");
    let (mut pos, mut lagged) = (1, 0);
    let copy = ring.read(&mut pos, &mut lagged).unwrap();
    ring.send(2).unwrap();
    assert_ne!(
        address(&ring),
        first,
        "a new `Arc` beside the reader's copy"
    );
    assert_eq!((*copy, Arc::strong_count(&copy)), (1, 1));
}
