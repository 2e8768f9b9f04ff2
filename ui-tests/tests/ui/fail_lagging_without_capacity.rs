// One error, which gives the whole form; the channel is then generated with a placeholder
// capacity.
postage::channel!(Events: broadcast<u32, lagging>);

fn main() {
    let (tx, _rx) = Events::channel();
    let _ = tx.try_send(1);
}
