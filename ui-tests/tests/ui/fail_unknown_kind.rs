postage::channel!(pub Events: brodcast<u32, 16>);

fn main() {
    let (_tx, _rx) = Events::channel();
}
