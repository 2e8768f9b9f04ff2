// One error, which says why; the channel is then generated with a placeholder capacity.
postage::channel!(Events: broadcast<u32, unbounded>);

fn main() {
    let (tx, _rx) = Events::channel();
    let _ = tx.try_send(1);
}
