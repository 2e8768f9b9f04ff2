// One error; the channel is then generated as a plain bounded mpsc.
postage::channel!(Jobs: mpsc<u32, 16, lagging>);

fn main() {
    let (tx, _rx) = Jobs::channel();
    tx.try_send(1).unwrap();
    assert_eq!(Jobs::CAPACITY, 16);
}
