// A barrier's arguments are one mistake, reported once.
postage::channel!(Shutdown: barrier<(), 1>);

fn main() {
    let (_tx, _rx) = Shutdown::channel();
}
