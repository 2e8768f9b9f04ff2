// One error on `unbounded`; the channel is then generated as a bounded mpsc, so the code
// using it gives no second error.
postage::channel!(Jobs: mpsc<u32, unbounded>);

fn main() {
    let (tx, _rx) = Jobs::channel();
    tx.try_send(1).unwrap();
    let _ = Jobs::CAPACITY;
}
