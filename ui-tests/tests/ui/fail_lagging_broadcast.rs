// One error on `lagging`; the channel is then generated as a lossless broadcast.
postage::channel!(Events: broadcast<u32, 16, lagging>);

fn main() {
    let (tx, _rx) = Events::channel();
    tx.try_send(1).unwrap();
    assert_eq!(Events::CAPACITY, 16);
}
