//! Logging what flows through channels with the `log` combinators.
//!
//! Run it with `cargo run --example logging`. Records go to the `log` crate, so any logger
//! works (`env_logger`, `tracing-log`, …); this example installs a small one that prints to
//! stderr, to stay free of extra dependencies.
//!
//! Output (where the ticks fall among the jobs may vary):
//!
//! ```text
//! [INFO  postage::sink] submit sent Job(1)
//! [INFO  postage::sink] submit sent Job(2)
//! [INFO  postage::sink] submit sent Job(3)
//! [DEBUG postage::stream] worker received Work(Job(1))
//! [DEBUG postage::stream] worker received Work(Job(2))
//! [INFO  postage::sink] results sent 2
//! [DEBUG postage::stream] worker received Work(Job(3))
//! [DEBUG postage::stream] worker received Tick
//! [DEBUG postage::stream] worker received Tick
//! [DEBUG postage::stream] worker closed
//! job 2 done
//! ```

use std::time::Duration;

use log::{Level, LevelFilter, Log, Metadata, Record};
use postage::mpsc;
use postage::prelude::*;
use postage::stream;

/// Prints every record as `[LEVEL target] message` to stderr.
struct StderrLogger;

impl Log for StderrLogger {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &Record<'_>) {
        eprintln!(
            "[{:<5} {}] {}",
            record.level(),
            record.target(),
            record.args()
        );
    }

    fn flush(&self) {}
}

#[derive(Debug)]
struct Job(u32);

#[derive(Debug)]
enum Event {
    Work(Job),
    Tick,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    log::set_logger(&StderrLogger).expect("no logger installed yet");
    log::set_max_level(LevelFilter::Debug);

    let (jobs_tx, jobs_rx) = mpsc::channel(4);
    let (results_tx, mut results_rx) = mpsc::channel(4);

    // Every job handed to the queue is logged once the queue accepted it.
    let mut submit = jobs_tx.log_as("submit", Level::Info);
    for id in 1..=3 {
        submit.send(Job(id)).await.unwrap();
    }
    drop(submit);

    // The worker sees jobs and a heartbeat, and logs what it receives and when it ends.
    let interval = tokio::time::interval(Duration::from_millis(5));
    let heartbeat = futures::stream::unfold(interval, |mut interval| async move {
        interval.tick().await;
        Some((Event::Tick, interval))
    });
    let heartbeat = stream::from_stream(Box::pin(futures::StreamExt::take(heartbeat, 2)));
    let mut events = jobs_rx
        .map(Event::Work)
        .merge(heartbeat)
        .log_as("worker", Level::Debug);

    // Only even jobs report a result. The filter sits outside the log, so only the results
    // that really reach the channel are logged.
    let mut results = results_tx
        .log_as("results", Level::Info)
        .filter(|id: &u32| id % 2 == 0);
    while let Some(event) = events.recv().await {
        if let Event::Work(Job(id)) = event {
            results.send(id).await.unwrap();
        }
    }
    drop(results);

    while let Some(id) = results_rx.recv().await {
        println!("job {id} done");
    }
}
