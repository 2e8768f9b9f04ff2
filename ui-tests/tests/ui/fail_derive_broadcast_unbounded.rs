// One error: no second "needs a capacity".
#[derive(Clone, postage::Channel)]
#[channel(broadcast, unbounded)]
pub struct Tick(u64);

fn main() {
    let (tx, _rx) = Tick::channel();
    let _ = tx.try_send(Tick(1));
}
