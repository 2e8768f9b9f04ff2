// `unbounded` written for "lagging without a capacity": one error, which says both.
postage::channel!(Events: broadcast<u32, unbounded, lagging>);

fn main() {
    let (tx, _rx) = Events::channel();
    let _ = tx.try_send(1);
}
