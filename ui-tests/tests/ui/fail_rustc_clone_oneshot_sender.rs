postage::channel!(Reply: oneshot<u64>);

fn main() {
    let (tx, _rx) = Reply::channel();
    let _second = tx.clone();
}
