//! Bundles: fields with docs and attributes, an initial value, a trailing comma, an
//! optional `;`, mixed with plain declarations, `cfg` on a field and on a bundle; `Clone`
//! exactly when every field's kind clones that half.

#[derive(Debug, Clone, PartialEq)]
pub struct Event(u32);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    verbose: bool,
}

fn is_clone<T: Clone>(_: &T) {}

postage::channel! {
    /// Every channel of the app.
    pub bundle App {
        /// Events for every subscriber.
        events: broadcast<Event, 16>,
        #[allow(dead_code)]
        jobs: mpsc<u32, { 8 * 8 }>,
        config: watch<Settings> = Settings { verbose: true },
        shutdown: barrier,
        /// Compiled out: no channel, no field.
        #[cfg(any())]
        never: mpsc<u32, 1>,
    }
    Single: oneshot<u8>;
    pub(crate) bundle Pool { work: dispatch<u32, 4>, fanout: broadcast<u32, 4> };
    bundle Replies { answer: oneshot<u64> }
    #[cfg(any())]
    bundle Gone { nothing: barrier }
}

fn main() {
    let (tx, rx): (AppSenders, AppReceivers) = App::channel();
    tx.jobs.try_send(1).unwrap();
    let AppReceivers { mut jobs, config, .. } = rx;
    assert_eq!(jobs.try_recv(), Ok(1));
    assert!(config.borrow().verbose);
    assert_eq!(AppJobs::CAPACITY, 64);
    assert!(!format!("{tx:?}").contains("never"));
    let _: AppEventsSender = tx.events;

    let (tx, rx) = Pool::channel();
    is_clone(&tx);
    is_clone(&rx);
    let (tx, _rx) = Replies::channel();
    tx.answer.send(42).unwrap();
    let _ = Single::channel();
}
