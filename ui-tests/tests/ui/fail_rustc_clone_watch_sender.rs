postage::channel!(Config: watch<u8>);

fn main() {
    let (tx, _rx) = Config::channel();
    let _second = tx.clone();
}
