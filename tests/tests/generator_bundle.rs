//! Bundles declared with `channel!`: every channel of a service created together, each
//! field handed to the task that uses it, on every executor with every message counted.

use std::collections::HashSet;

use postage_tests::on_every_executor;

const PRODUCERS: u32 = 4;
const PER_PRODUCER: u32 = 250;
const SUBSCRIBERS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Job {
    producer: u32,
    seq: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Done(Job);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    generation: u32,
}

postage::channel! {
    /// Every channel of the service.
    pub bundle Service {
        /// What the worker finished, for every subscriber.
        events: broadcast<Done, 16>,
        jobs: mpsc<Job, 8>,
        config: watch<Settings> = Settings { generation: 1 },
        shutdown: barrier,
    }

    Standalone: mpsc<u32, 4>;

    bundle Pool {
        work: dispatch<u32, 4>,
        fanout: broadcast<u32, 4>,
    };
}

#[test]
fn a_bundle_carries_every_job_to_every_subscriber() {
    on_every_executor(|executor| async move {
        let (tx, rx): (ServiceSenders, ServiceReceivers) = Service::channel();
        let ServiceReceivers {
            events,
            mut jobs,
            mut config,
            shutdown,
        } = rx;
        let subscribers: Vec<_> = (0..SUBSCRIBERS)
            .map(|_| {
                let mut events = events.clone();
                let mut shutdown = shutdown.clone();
                executor.spawn(async move {
                    let mut seen = HashSet::new();
                    while let Some(Done(job)) = events.recv().await {
                        assert!(seen.insert(job), "duplicate {job:?}");
                    }
                    shutdown.recv().await;
                    seen.len()
                })
            })
            .collect();
        drop((events, shutdown));

        let ServiceSenders {
            events: publish,
            jobs: submit,
            config: settings,
            shutdown: stop,
        } = tx;
        let worker = executor.spawn(async move {
            assert_eq!(config.recv().await, Some(Settings { generation: 1 }));
            let mut handled = 0;
            while let Some(job) = jobs.recv().await {
                publish.send(Done(job)).await.unwrap();
                handled += 1;
            }
            handled
        });
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|producer| {
                let submit = submit.clone();
                executor.spawn(async move {
                    for seq in 0..PER_PRODUCER {
                        submit.send(Job { producer, seq }).await.unwrap();
                    }
                })
            })
            .collect();
        drop(submit);
        for producer in producers {
            producer.await;
        }
        assert_eq!(worker.await, PRODUCERS * PER_PRODUCER);
        stop.send();
        for subscriber in subscribers {
            assert_eq!(subscriber.await, (PRODUCERS * PER_PRODUCER) as usize);
        }
        assert!(
            settings.send(Settings { generation: 2 }).is_err(),
            "the worker's config receiver is gone"
        );
    });
}

#[test]
fn bundle_halves_clone_exactly_when_every_field_does() {
    on_every_executor(|_| async {
        let (tx, rx) = Pool::channel();
        let (tx2, mut rx2) = (tx.clone(), rx.clone());
        tx2.work.try_send(7).unwrap();
        tx2.fanout.try_send(8).unwrap();
        assert_eq!(rx2.work.try_recv(), Ok(7));
        assert_eq!(rx2.fanout.try_recv(), Ok(8));
        let mut rx = rx;
        assert_eq!(
            rx.fanout.try_recv(),
            Ok(8),
            "a cloned broadcast receiver keeps its place"
        );
        assert!(
            rx.work.try_recv().is_err(),
            "dispatch hands each message to one receiver"
        );
    });
}

#[test]
fn bundle_halves_show_their_fields_in_debug() {
    let (tx, rx) = Service::channel();
    let senders = format!("{tx:?}");
    assert!(
        senders.starts_with("ServiceSenders { events: ServiceEventsSender("),
        "{senders}"
    );
    for field in [
        "jobs: ServiceJobsSender(",
        "config: ServiceConfigSender(",
        "shutdown: ServiceShutdownSender(",
    ] {
        assert!(senders.contains(field), "{senders} lacks {field}");
    }
    let receivers = format!("{rx:?}");
    assert!(
        receivers.starts_with("ServiceReceivers { events: ServiceEventsReceiver("),
        "{receivers}"
    );
}

#[test]
fn bundle_fields_are_channels_of_their_own() {
    assert_eq!(ServiceJobs::CAPACITY, 8);
    assert_eq!(ServiceEvents::CAPACITY, 16);
    assert_eq!(PoolWork::CAPACITY, 4);
    let (single, mut queue) = ServiceJobs::channel();
    single
        .try_send(Job {
            producer: 9,
            seq: 0,
        })
        .unwrap();
    assert_eq!(
        queue.try_recv(),
        Ok(Job {
            producer: 9,
            seq: 0
        })
    );
    let (tx, mut rx) = Standalone::channel();
    tx.try_send(1).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
}
