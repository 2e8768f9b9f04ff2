// One error, on the capacity; the channel then keeps it, as a bounded dispatch.
postage::channel!(Work: dispatch<u32, 16, unbounded>);

fn main() {
    let (tx, _rx) = Work::channel();
    tx.try_send(1).unwrap();
    assert_eq!(Work::CAPACITY, 16);
}
