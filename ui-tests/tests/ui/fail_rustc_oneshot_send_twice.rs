postage::channel!(Reply: oneshot<u64>);

fn main() {
    let (tx, _rx) = Reply::channel();
    tx.send(1).unwrap();
    tx.send(2).unwrap();
}
