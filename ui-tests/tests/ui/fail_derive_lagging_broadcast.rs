#[derive(postage::Channel, Clone)]
#[channel(broadcast, capacity = 16, lagging)]
pub struct Tick(u64);

fn main() {
    let (tx, _rx) = Tick::channel();
    tx.try_send(Tick(1)).unwrap();
}
