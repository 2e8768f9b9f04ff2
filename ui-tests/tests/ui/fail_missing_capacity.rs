postage::channel!(Jobs: mpsc<u32>);

fn main() {
    let (tx, _rx) = Jobs::channel();
    tx.try_send(1).unwrap();
}
