postage::channel!(Reply: oneshot<u64, 4>);

fn main() {
    let (_tx, _rx) = Reply::channel();
}
