// Swapped arguments are one error; the channel is then generated as `mpsc<u32, 64>`.
postage::channel!(Jobs: mpsc<64, u32>);

fn main() {
    let (tx, _rx) = Jobs::channel();
    tx.try_send(1).unwrap();
    assert_eq!(Jobs::CAPACITY, 64);
}
