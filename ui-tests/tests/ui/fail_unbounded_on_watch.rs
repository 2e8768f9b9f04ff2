postage::channel!(Config: watch<u32, unbounded>);

fn main() {
    let (tx, _rx) = Config::channel();
    let _ = tx.send(1);
}
