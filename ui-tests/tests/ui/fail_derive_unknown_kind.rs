#[derive(postage::Channel)]
#[channel(mspc, capacity = 4)]
pub struct Job(u32);

fn main() {
    let (_tx, _rx): (JobSender, JobReceiver) = Job::channel();
}
