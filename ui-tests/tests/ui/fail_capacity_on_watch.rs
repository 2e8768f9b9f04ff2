postage::channel!(Config: watch<u8, 4>);

fn main() {
    let (_tx, _rx) = Config::channel();
}
