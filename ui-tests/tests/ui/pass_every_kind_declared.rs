//! Every kind through `channel!`, used through its inherent methods.

use postage::Channel;

#[derive(Debug, PartialEq)]
pub struct Job(u32);

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    level: u8,
}

impl Settings {
    fn load() -> Self {
        Settings { level: 3 }
    }
}

mod limits {
    pub const EVENTS: usize = 16;
}

postage::channel! {
    pub(crate) Jobs: mpsc<Job, 64>;
    pub Events: broadcast<u32, limits::EVENTS>;
    Work: dispatch<Job, { 2 * 64 }>;
    Config: watch<Settings> = Settings::load();
    Defaults: watch<Settings>;
    Reply: oneshot<u64>;
    pub Shutdown: barrier;
}

fn main() {
    futures::executor::block_on(async {
        let (jobs, mut queue) = Jobs::channel();
        let more = jobs.clone();
        more.send(Job(1)).await.unwrap();
        jobs.try_send(Job(2)).unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(queue.capacity(), 64);
        assert_eq!(queue.recv().await, Some(Job(1)));
        assert_eq!(queue.try_recv(), Ok(Job(2)));
        queue.close();
        assert!(jobs.is_closed());
        assert_eq!(Jobs::CAPACITY, 64);
        assert_eq!(<Jobs as Channel>::KIND, postage::ChannelKind::Mpsc);

        let (events, mut first) = Events::channel();
        let mut second = first.clone();
        let mut late = events.subscribe();
        events.send(7).await.unwrap();
        assert_eq!(first.recv().await, Some(7));
        assert_eq!(second.try_recv(), Ok(7));
        assert_eq!(late.recv().await, Some(7));
        assert_eq!(Events::CAPACITY, 16);

        let (work, mut a) = Work::channel();
        let mut b = a.clone();
        work.send(Job(3)).await.unwrap();
        work.send(Job(4)).await.unwrap();
        assert_eq!(a.recv().await, Some(Job(3)));
        assert_eq!(b.recv().await, Some(Job(4)));
        assert_eq!(Work::CAPACITY, 128);

        let (config, mut settings) = Config::channel();
        assert_eq!(settings.recv().await, Some(Settings { level: 3 }));
        config.send(Settings { level: 4 }).unwrap();
        settings.changed().await.unwrap();
        assert_eq!(settings.borrow_and_update().level, 4);
        let (defaults, mut fresh) = Defaults::channel();
        assert_eq!(fresh.recv().await, Some(Settings::default()));
        drop(defaults);

        let (reply, mut answer) = Reply::channel();
        assert!(!reply.is_closed());
        reply.send(42).unwrap();
        assert_eq!(answer.recv().await, Some(42));

        let (shutdown, mut stopped) = Shutdown::channel();
        let also = stopped.clone();
        assert!(!stopped.is_fired());
        shutdown.send();
        stopped.recv().await;
        also.await;
        assert!(stopped.is_fired());
    });
}
