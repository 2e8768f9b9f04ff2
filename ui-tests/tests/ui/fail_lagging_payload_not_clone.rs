pub struct Frame(Vec<u8>);

postage::channel!(Frames: broadcast<Frame, 8, lagging>);

fn main() {
    let (tx, mut rx) = Frames::channel();
    tx.try_send(Frame(Vec::new())).ok();
    let _ = rx.try_recv();
    let _ = rx.lagged();
}
