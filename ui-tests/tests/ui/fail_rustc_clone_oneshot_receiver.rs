postage::channel!(Reply: oneshot<u64>);

fn main() {
    let (_tx, rx) = Reply::channel();
    let _second = rx.clone();
}
