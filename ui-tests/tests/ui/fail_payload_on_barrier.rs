postage::channel!(Shutdown: barrier<u8>);

fn main() {
    let (tx, _rx) = Shutdown::channel();
    tx.send();
}
