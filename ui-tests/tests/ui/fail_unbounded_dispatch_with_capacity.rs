// One error on `unbounded`, not a second one on the capacity; the channel keeps it.
postage::channel!(Work: dispatch<u32, 16, unbounded>);

fn main() {
    let (tx, _rx) = Work::channel();
    tx.try_send(1).unwrap();
    assert_eq!(Work::CAPACITY, 16);
}
