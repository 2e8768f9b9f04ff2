use super::*;
use crate::test_util::DropCounter;

fn pop_value<T>(array: &SlotArray<T>, shared: bool) -> Option<T> {
    let popped = if shared {
        array.pop_shared()
    } else {
        array.pop_single()
    };
    match popped {
        Pop::Value(value) => Some(value),
        Pop::Empty => None,
        Pop::Busy => panic!("no producer is writing"),
    }
}

#[test]
fn holds_exactly_its_capacity_for_capacities_that_are_not_powers_of_two() {
    for capacity in [1, 2, 3, 5, 63, 64, 65, 100] {
        let array = SlotArray::new(capacity);
        for i in 0..capacity {
            assert_eq!(array.try_push(i), Ok(()), "capacity {capacity}");
        }
        assert_eq!(array.try_push(capacity), Err(Refused::Full(capacity)));
        assert_eq!(array.len(), capacity);
        assert!(!array.has_room());
    }
}

#[test]
fn fifo_order_and_length_survive_many_laps() {
    for shared in [false, true] {
        for capacity in [1, 3, 4, 7] {
            let array = SlotArray::new(capacity);
            let mut next_in = 0;
            let mut next_out = 0;
            // Fill by varying amounts so head and tail wrap at every offset.
            for round in 0..50 {
                let burst = round % capacity + 1;
                for _ in 0..burst {
                    array.try_push(next_in).unwrap();
                    next_in += 1;
                }
                assert_eq!(array.len(), burst);
                for _ in 0..burst {
                    assert_eq!(pop_value(&array, shared), Some(next_out));
                    next_out += 1;
                }
                assert!(array.is_empty());
                assert_eq!(pop_value(&array, shared), None);
            }
        }
    }
}

#[test]
fn positions_wrap_at_the_position_bits_without_losing_order() {
    let array = SlotArray::new(3);
    // Start two laps before the positions wrap.
    let start = POSITION_BITS & !(array.one_lap - 1);
    let start = (start - 2 * array.one_lap) & POSITION_BITS;
    array.head.store(start, Ordering::Relaxed);
    array.tail.store(start, Ordering::Relaxed);
    for (index, slot) in array.slots.iter().enumerate() {
        slot.stamp.store(start + index as u64, Ordering::Relaxed);
    }
    for i in 0..30 {
        array.try_push(i).unwrap();
        array.try_push(i + 100).unwrap();
        assert_eq!(array.len(), 2);
        assert_eq!(pop_value(&array, i % 2 == 0), Some(i));
        assert_eq!(pop_value(&array, i % 2 == 1), Some(i + 100));
    }
    assert!(
        array.tail.load(Ordering::Relaxed) < start,
        "the positions wrapped"
    );
}

#[test]
fn reservations_hold_capacity_and_a_reserved_push_always_fits() {
    let array = SlotArray::new(3);
    array.try_push(0).unwrap();
    assert_eq!(array.try_reserve(2), Ok(()));
    assert_eq!(array.try_push(9), Err(Refused::Full(9)));
    assert_eq!(array.try_reserve(1), Err(Refused::Full(())));
    // A push after the reservations were made still lands behind the reserved pushes' turn
    // only when they send: reservations hold no position.
    assert_eq!(array.push_reserved(1), Ok(()));
    assert_eq!(array.len(), 2);
    array.release(1);
    assert_eq!(array.try_push(2), Ok(()));
    assert_eq!(
        [0, 1, 2].map(|_| pop_value(&array, false)),
        [Some(0), Some(1), Some(2)]
    );
}

#[test]
fn reserving_more_than_the_capacity_is_refused() {
    let array = SlotArray::<u8>::new(2);
    assert_eq!(array.try_reserve(3), Err(Refused::Full(())));
    assert_eq!(array.try_reserve(2), Ok(()));
    assert!(!array.has_room());
    array.release(2);
    assert!(array.has_room());
}

#[test]
fn a_marked_array_refuses_pushes_and_reservations_until_unmarked() {
    let array = SlotArray::new(2);
    array.try_reserve(1).unwrap();
    array.mark();
    assert!(array.is_marked());
    assert_eq!(array.try_push(1), Err(Refused::Closed(1)));
    assert_eq!(array.try_reserve(1), Err(Refused::Closed(())));
    assert!(
        array.has_room(),
        "a marked array lets waiters go on to see it closed"
    );
    assert_eq!(
        array.push_reserved(2),
        Err(2),
        "the reservation is released"
    );
    array.unmark();
    assert_eq!(array.try_reserve(2), Ok(()), "both slots are free again");
}

#[test]
fn a_claimed_position_not_yet_written_is_busy_not_empty() {
    for shared in [false, true] {
        let array = SlotArray::new(2);
        let position = array.claim(0).unwrap();
        assert!(!array.is_empty());
        assert!(!array.has_message());
        let busy = if shared {
            array.pop_shared()
        } else {
            array.pop_single()
        };
        assert!(matches!(busy, Pop::Busy));
        array.write(position, 5);
        assert!(array.has_message());
        assert_eq!(pop_value(&array, shared), Some(5));
    }
}

#[test]
fn a_slot_not_yet_freed_by_its_consumer_counts_as_full() {
    let array = SlotArray::new(1);
    array.try_push(1).unwrap();
    // A dispatch consumer between moving the head and freeing the slot.
    let head = array.head.load(Ordering::Relaxed);
    array.head.store(array.advance(head), Ordering::Relaxed);
    assert_eq!(array.try_push(2), Err(Refused::Full(2)));
    assert!(!array.has_room());
    assert_eq!(array.read(head), 1);
    array
        .slot(head)
        .stamp
        .store(array.next_lap(head), Ordering::Release);
    assert!(array.has_room());
    assert_eq!(array.try_push(2), Ok(()));
}

#[test]
fn buffered_values_are_dropped_exactly_once_with_the_array() {
    for laps in 0..4 {
        let counter = DropCounter::new();
        let array = SlotArray::new(3);
        for i in 0..laps * 3 + 1 {
            array.try_push(counter.track(i)).unwrap();
            drop(pop_value(&array, false));
        }
        array.try_push(counter.track(100)).unwrap();
        array.try_push(counter.track(101)).unwrap();
        assert_eq!(counter.alive(), 2);
        drop(array);
        assert_eq!(counter.alive(), 0);
        assert_eq!(counter.dropped(), counter.created());
    }
}

#[test]
fn popped_values_are_moved_out_not_dropped() {
    let counter = DropCounter::new();
    let array = SlotArray::new(2);
    array.try_push(counter.track(1)).unwrap();
    let value = pop_value(&array, true).unwrap();
    assert_eq!((value.id, counter.dropped()), (1, 0));
    drop(array);
    assert_eq!(counter.dropped(), 0);
    drop(value);
    assert_eq!(counter.dropped(), 1);
}

#[test]
#[should_panic(expected = "capacity must be at most")]
fn a_capacity_beyond_the_reservation_bits_panics() {
    let _ = SlotArray::<u8>::new(MAX_CAPACITY + 1);
}
