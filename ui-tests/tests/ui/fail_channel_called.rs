// A channel written as a call is one error; the channel is then generated as declared.
postage::channel! {
    Jobs: mpsc::<u32>(64);
    Work: dispatch<u32>(8);
    Orders: mpsc(16);
}

fn main() {
    let (tx, _rx) = Jobs::channel();
    tx.try_send(1).unwrap();
    assert_eq!(Jobs::CAPACITY, 64);
    assert_eq!(Work::CAPACITY, 8);
    let (_tx, _rx) = Orders::channel();
}
