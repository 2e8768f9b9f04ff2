postage::channel!(Events: broadcast<u32, 16, colour>);

fn main() {
    let (tx, _rx) = Events::channel();
    tx.try_send(1).unwrap();
}
