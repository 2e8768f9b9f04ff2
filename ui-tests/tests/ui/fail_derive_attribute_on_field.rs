#[derive(postage::Channel)]
#[channel(mpsc, capacity = 4)]
pub struct Job {
    #[channel(oneshot)]
    id: u32,
}

fn main() {
    let _ = Job { id: 1 }.id;
}
