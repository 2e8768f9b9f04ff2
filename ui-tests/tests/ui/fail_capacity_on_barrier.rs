postage::channel!(Shutdown: barrier<(), 1>);

fn main() {
    let (_tx, _rx) = Shutdown::channel();
}
