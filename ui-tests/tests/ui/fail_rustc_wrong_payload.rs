postage::channel!(Jobs: mpsc<u32, 4>);

fn main() {
    let (tx, _rx) = Jobs::channel();
    tx.try_send("seven").unwrap();
}
