//! `postage` is renamed to `pg` in this crate's `Cargo.toml`: both generator forms must
//! reach their runtime through the path they were given, never through `::postage`.

/// A message for the derived channel.
#[derive(Debug, PartialEq, pg::Channel)]
#[channel(mpsc, capacity = 2, crate = ::pg)]
pub struct Ping(pub u8);

pg::channel! {
    /// Events for everyone.
    pub Events: broadcast<u32, 4>;
    /// Work for one of many.
    pub Work: dispatch<u32, 4>;
    /// The latest level.
    pub Level: watch<u8>;
    /// One answer.
    pub Answer: oneshot<u8>;
    /// The end.
    pub Done: barrier;
    /// Lines that never make a writer wait.
    pub Lines: mpsc<u32, unbounded>;
    /// Prices where a slow reader skips old ones.
    pub Prices: broadcast<u32, 2, lagging>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_works_through_a_renamed_dependency() {
        futures::executor::block_on(async {
            let (tx, mut rx) = Ping::channel();
            tx.send(Ping(1)).await.unwrap();
            assert_eq!(rx.recv().await, Some(Ping(1)));

            let (events, mut listener) = Events::channel();
            events.send(5).await.unwrap();
            assert_eq!(listener.recv().await, Some(5));

            let (work, mut worker) = Work::channel();
            work.send(6).await.unwrap();
            assert_eq!(worker.recv().await, Some(6));

            let (level, mut reader) = Level::channel();
            level.send(7).unwrap();
            assert_eq!(reader.recv().await, Some(7));

            let (answer, waiting) = Answer::channel();
            answer.send(8).unwrap();
            assert_eq!(waiting.await, Some(8));

            let (done, finished) = Done::channel();
            done.send();
            finished.await;
        });
    }

    #[test]
    fn unbounded_and_lagging_work_through_a_renamed_dependency() {
        let (lines, mut logger) = Lines::channel();
        for n in 0..10 {
            lines.try_send(n).unwrap();
        }
        assert!(logger.try_iter().eq(0..10));
        assert_eq!(lines.capacity(), usize::MAX);

        let (prices, mut reader) = Prices::channel();
        for n in 0..3 {
            prices.try_send(n).unwrap();
        }
        assert!(reader.try_iter().eq(1..3));
        assert_eq!(reader.lagged(), 1);
    }
}
