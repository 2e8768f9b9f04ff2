// A named capacity is reported once and then read as the capacity.
postage::channel!(Jobs: mpsc<u32, cap = 64>);

fn main() {
    let (tx, _rx) = Jobs::channel();
    tx.try_send(1).unwrap();
    assert_eq!(Jobs::CAPACITY, 64);
}
