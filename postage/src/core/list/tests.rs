use super::*;
use crate::test_util::DropCounter;

fn pop_value<T>(list: &List<T>, shared: bool) -> Option<T> {
    let popped = if shared {
        list.pop_shared()
    } else {
        list.pop_single()
    };
    match popped {
        Pop::Value(value) => Some(value),
        Pop::Empty => None,
        Pop::Busy => panic!("no producer is writing"),
    }
}

const BLOCK: usize = BLOCK_CAP;

#[test]
fn messages_cross_block_boundaries_in_fifo_order() {
    for shared in [false, true] {
        let list = List::new();
        let count = 3 * BLOCK + 5;
        for i in 0..count {
            assert_eq!(list.try_push(i), Ok(()));
        }
        assert_eq!(list.len(), count);
        for i in 0..count {
            assert_eq!(pop_value(&list, shared), Some(i), "shared: {shared}");
            assert_eq!(list.len(), count - i - 1);
        }
        assert!(list.is_empty());
        assert_eq!(pop_value(&list, shared), None);
    }
}

#[test]
fn a_block_is_handed_over_when_its_last_slot_is_read() {
    let list = List::new();
    for i in 0..=BLOCK {
        list.try_push(i).unwrap();
    }
    // The message past the first block linked a second one.
    assert_eq!(list.blocks(), 2);
    for i in 0..BLOCK {
        assert_eq!(pop_value(&list, false), Some(i));
    }
    assert!(list.has_message(), "the next message is in the next block");
    assert_eq!(pop_value(&list, false), Some(BLOCK));
    // The first block was read through and released: it is the spare now.
    assert_eq!(list.blocks(), 2);
    assert!(!list.spare.load(Ordering::Relaxed).is_null());
}

#[test]
fn a_steady_stream_reuses_the_spare_block_instead_of_allocating() {
    let list = List::new();
    let mut most = 0;
    for i in 0..20 * BLOCK {
        list.try_push(i).unwrap();
        assert_eq!(pop_value(&list, false), Some(i));
        most = most.max(list.blocks());
    }
    assert_eq!(most, 2, "the block in use and the spare");
}

#[test]
fn at_most_one_segment_is_retained_after_a_burst() {
    for shared in [false, true] {
        let list = List::new();
        let burst = 100 * BLOCK + 7;
        for i in 0..burst {
            list.try_push(i).unwrap();
        }
        assert_eq!(list.blocks(), burst / BLOCK + 1);
        for i in 0..burst {
            assert_eq!(pop_value(&list, shared), Some(i));
        }
        assert!(
            list.blocks() <= 2,
            "the head block and at most one spare, not {}",
            list.blocks()
        );
    }
}

#[test]
fn dropping_a_partially_filled_list_drops_every_message_once() {
    for (pushed, popped) in [(0, 0), (1, 0), (BLOCK, 3), (2 * BLOCK + 3, BLOCK + 1)] {
        let counter = DropCounter::new();
        let list = List::new();
        for i in 0..pushed {
            list.try_push(counter.track(i)).unwrap();
        }
        for i in 0..popped {
            let value = pop_value(&list, false).unwrap();
            assert_eq!(value.id, i);
        }
        assert_eq!(counter.dropped(), popped);
        drop(list);
        assert_eq!(counter.alive(), 0, "pushed {pushed}, popped {popped}");
        assert_eq!(counter.dropped(), pushed);
    }
}

#[test]
fn popped_values_are_moved_out_not_dropped() {
    let counter = DropCounter::new();
    let list = List::new();
    list.try_push(counter.track(1)).unwrap();
    let value = pop_value(&list, true).unwrap();
    assert_eq!(counter.dropped(), 0);
    drop(value);
    drop(list);
    assert_eq!(counter.dropped(), 1);
}

#[test]
fn a_marked_list_refuses_pushes_and_reservations_until_unmarked() {
    let list = List::new();
    list.try_push(1).unwrap();
    list.mark();
    assert!(list.is_marked());
    assert_eq!(list.try_push(2), Err(Refused::Closed(2)));
    assert_eq!(list.try_reserve(), Err(Refused::Closed(())));
    assert_eq!(list.push_reserved(3), Err(3));
    assert_eq!(pop_value(&list, false), Some(1));
    list.unmark();
    assert_eq!(list.try_reserve(), Ok(()));
    assert_eq!(list.push_reserved(4), Ok(()));
    assert_eq!(pop_value(&list, false), Some(4));
}

#[test]
fn the_capacity_is_unlimited_and_pushes_are_never_full() {
    let list = List::new();
    assert_eq!(list.capacity(), usize::MAX);
    for i in 0..10 * BLOCK {
        assert_eq!(list.try_push(i), Ok(()));
    }
    assert_eq!(list.len(), 10 * BLOCK);
}

#[test]
fn a_claimed_position_not_yet_written_is_busy_not_empty() {
    let list = List::<u32>::new();
    // A producer between its claim and its write.
    let position = list.claim().unwrap();
    assert!(matches!(list.pop_single(), Pop::Busy));
    assert!(!list.has_message());
    assert_eq!(list.len(), 1);
    list.write(position, 7);
    assert!(list.has_message());
    assert!(matches!(list.pop_shared(), Pop::Value(7)));
}

#[test]
fn a_consumer_holding_the_turn_makes_the_others_busy() {
    let list = List::new();
    list.try_push(1).unwrap();
    list.head.turn.store(true, Ordering::Relaxed);
    assert!(matches!(list.pop_shared(), Pop::Busy));
    let mut out = Vec::new();
    assert!(matches!(list.pop_many_shared(&mut out, 4), Err(Pop::Busy)));
    list.head.turn.store(false, Ordering::Relaxed);
    assert!(list.has_message());
    assert!(matches!(list.pop_shared(), Pop::Value(1)));
    assert!(!list.has_message());
    assert!(matches!(list.pop_shared(), Pop::Empty));
}

#[test]
fn batches_stop_at_the_limit_and_cross_blocks() {
    for shared in [false, true] {
        let list = List::new();
        for i in 0..2 * BLOCK + 1 {
            list.try_push(i).unwrap();
        }
        let mut out = Vec::new();
        let pop_many = |out: &mut Vec<usize>, limit| {
            if shared {
                list.pop_many_shared(out, limit)
            } else {
                list.pop_many_single(out, limit)
            }
        };
        assert_eq!(pop_many(&mut out, 3).ok(), Some(3));
        assert_eq!(pop_many(&mut out, 4 * BLOCK).ok(), Some(2 * BLOCK - 2));
        assert_eq!(out, (0..2 * BLOCK + 1).collect::<Vec<_>>());
        assert!(matches!(pop_many(&mut out, 1), Err(Pop::Empty)));
    }
}

#[test]
fn producers_and_consumers_on_several_threads_deliver_each_message_once() {
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;

    let (threads, per_thread) = if cfg!(miri) { (3, 40) } else { (4, 20_000) };
    let total = threads * per_thread;
    let list = Arc::new(List::new());
    let received = Arc::new(AtomicUsize::new(0));
    let producers: Vec<_> = (0..threads)
        .map(|t| {
            let list = list.clone();
            std::thread::spawn(move || {
                for i in 0..per_thread {
                    list.try_push(t * per_thread + i).unwrap();
                }
            })
        })
        .collect();
    let consumers: Vec<_> = (0..2)
        .map(|_| {
            let (list, received) = (list.clone(), received.clone());
            std::thread::spawn(move || {
                let mut got = Vec::new();
                // A watchdog: a lost message would otherwise spin here forever.
                let mut idle = 0u64;
                while received.load(Ordering::SeqCst) < total {
                    match list.pop_shared() {
                        Pop::Value(value) => {
                            got.push(value);
                            received.fetch_add(1, Ordering::SeqCst);
                        }
                        Pop::Empty | Pop::Busy => {
                            idle += 1;
                            assert!(idle < 100_000_000, "watchdog: messages went missing");
                            std::thread::yield_now();
                        }
                    }
                }
                got
            })
        })
        .collect();
    for producer in producers {
        producer.join().unwrap();
    }
    let mut all: Vec<usize> = consumers
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (0..total).collect::<Vec<_>>());
    // The last pop may have come before the last block was released; an empty pop
    // recycles it.
    assert!(matches!(list.pop_single(), Pop::Empty));
    assert!(list.blocks() <= 2, "{} blocks kept", list.blocks());
}
