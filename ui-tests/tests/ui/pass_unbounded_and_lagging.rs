// The unbounded and lagging forms, declared, derived and in a bundle.
use postage::Channel;

postage::channel! {
    pub Lines: mpsc<String, unbounded>;
    Uploads: dispatch<u32, unbounded>;
    pub(crate) Prices: broadcast<u64, 2, lagging>;
    bundle App {
        log: mpsc<String, unbounded>,
        feed: broadcast<u64, 2, lagging>,
    }
}

#[derive(Debug, PartialEq, Channel)]
#[channel(mpsc, unbounded)]
pub struct Job(u32);

#[derive(Clone, Debug, PartialEq, Channel)]
#[channel(broadcast, capacity = 2, lagging, name = Readings)]
pub struct Reading(u32);

fn main() {
    let (lines, mut logger) = Lines::channel();
    for n in 0..100 {
        lines.try_send(n.to_string()).unwrap();
    }
    assert_eq!(logger.try_iter().count(), 100);

    let (uploads, workers) = Uploads::channel();
    uploads.try_send(1).unwrap();
    assert_eq!(workers.clone().try_recv(), Ok(1));

    let (feed, mut reader) = Prices::with_capacity(1);
    feed.try_send(1).unwrap();
    feed.try_send(2).unwrap();
    assert_eq!(reader.try_recv(), Ok(2));
    assert_eq!(reader.lagged(), 1);
    assert_eq!(Prices::CAPACITY, 2);

    let (tx, mut rx): (AppSenders, AppReceivers) = App::channel();
    tx.log.try_send("up".to_string()).unwrap();
    tx.feed.try_send(7).unwrap();
    assert_eq!(rx.log.try_recv().as_deref(), Ok("up"));
    assert_eq!(rx.feed.try_recv(), Ok(7));

    let (jobs, mut queue): (JobSender, JobReceiver) = Job::channel();
    jobs.try_send(Job(3)).unwrap();
    assert_eq!(queue.try_recv(), Ok(Job(3)));

    let (sensor, mut display): (ReadingsSender, ReadingsReceiver) = Reading::channel();
    sensor.try_send(Reading(1)).unwrap();
    assert_eq!(display.try_recv(), Ok(Reading(1)));
    assert_eq!(Reading::CAPACITY, 2);
}
