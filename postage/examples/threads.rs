//! The pipeline of `pipeline.rs` on plain threads, without any executor: every channel
//! call is a `blocking_*` call that parks the thread.
//!
//! ```sh
//! cargo run --example threads                       # count the primes below 100000
//! cargo run --example threads -- 50000 3            # below 50000, on 3 worker threads
//! cargo run --example threads -- --cancel-after 20  # stop once 20 blocks are counted
//! ```
//!
//! A producer thread splits the range into blocks and sends them on a dispatch queue; each
//! worker thread takes a block at a time and sends its count back over an mpsc; the main
//! thread adds the counts up and publishes its progress on a watch, which a reporter thread
//! prints; a barrier cancels the producer and the workers.
//!
//! Deadlines: the producer and the workers never wait on the queue for longer than
//! [`TICK`]. The producer sends with `blocking_send_timeout` and a worker receives with
//! `blocking_recv_timeout`; when the deadline passes, each looks at the barrier and either
//! stops or waits again (the producer with the block it got back in
//! `SendTimeoutError::Timeout`). So every thread notices a cancellation within `TICK` by
//! itself, even while the queue is full or empty, instead of waiting for the others to end
//! and close the channels. `Closed` ends the wait for good: every worker is gone (for the
//! producer), or the producer is done and the queue drained (for a worker).

use std::ops::Range;
use std::thread;
use std::time::Duration;

use postage::sink::SendTimeoutError;
use postage::stream::RecvTimeoutError;
use postage::{barrier, dispatch, mpsc, watch};

/// The longest a producer or worker waits on the queue before it looks at the barrier.
const TICK: Duration = Duration::from_millis(50);
const BLOCK: u64 = 1_000;

fn is_prime(number: u64) -> bool {
    number >= 2
        && (2..)
            .take_while(|d| d * d <= number)
            .all(|d| number % d != 0)
}

/// A worker's count for one block.
struct Count {
    worker: usize,
    block: Range<u64>,
    primes: u64,
}

/// What a run found.
struct Summary {
    blocks: u64,
    counted: Vec<Range<u64>>,
    primes: u64,
    per_worker: Vec<u64>,
}

fn count_primes(below: u64, workers: usize, cancel_after: Option<usize>) -> Summary {
    let (blocks, queue) = dispatch::channel::<Range<u64>>(16);
    let (counts, mut inbox) = mpsc::channel::<Count>(16);
    let (progress, mut watching) = watch::channel_with((0u64, below.div_ceil(BLOCK)));
    let (cancel, cancelled) = barrier::channel();

    thread::scope(|scope| {
        let producer_cancelled = cancelled.clone();
        scope.spawn(move || {
            for start in (0..below).step_by(BLOCK as usize) {
                let mut block = start..(start + BLOCK).min(below);
                loop {
                    if producer_cancelled.is_fired() {
                        return;
                    }
                    match blocks.blocking_send_timeout(block, TICK) {
                        Ok(()) => break,
                        // The queue stayed full: look at the barrier, then offer it again.
                        Err(SendTimeoutError::Timeout(unsent)) => block = unsent,
                        // Every worker has stopped: nobody would take the block.
                        Err(SendTimeoutError::Closed(_)) => return,
                    }
                }
            }
        });
        for worker in 0..workers {
            let mut queue = queue.clone();
            let counts = counts.clone();
            let cancelled = cancelled.clone();
            scope.spawn(move || loop {
                if cancelled.is_fired() {
                    return;
                }
                let block = match queue.blocking_recv_timeout(TICK) {
                    Ok(block) => block,
                    // Nothing came: look at the barrier, then wait again.
                    Err(RecvTimeoutError::Timeout) => continue,
                    // The producer is done and the queue drained.
                    Err(RecvTimeoutError::Closed) => return,
                };
                let primes = block.clone().filter(|&n| is_prime(n)).count() as u64;
                if counts
                    .blocking_send(Count {
                        worker,
                        block,
                        primes,
                    })
                    .is_err()
                {
                    return;
                }
            });
        }
        // The counts channel closes when the last worker is done: drop the main thread's
        // copies.
        drop((queue, counts, cancelled));

        scope.spawn(move || {
            // A watch hands out the latest value: a slow reporter skips values in between.
            let mut printed = 0;
            while let Some((done, total)) = watching.blocking_recv() {
                if done * 10 / total.max(1) > printed {
                    printed = done * 10 / total.max(1);
                    println!("  counted {done} of {total} blocks");
                }
            }
        });

        let mut cancel = Some(cancel);
        let mut summary = Summary {
            blocks: below.div_ceil(BLOCK),
            counted: Vec::new(),
            primes: 0,
            per_worker: vec![0; workers],
        };
        while let Some(Count {
            worker,
            block,
            primes,
        }) = inbox.blocking_recv()
        {
            summary.counted.push(block);
            summary.primes += primes;
            summary.per_worker[worker] += 1;
            progress.send_modify(|(done, _)| *done += 1);
            if Some(summary.counted.len()) == cancel_after {
                if let Some(cancel) = cancel.take() {
                    println!("  cancelling after {} blocks", summary.counted.len());
                    cancel.send();
                }
            }
        }
        // The reporter's `blocking_recv` returns `None` once the sender is gone.
        drop(progress);
        summary
    })
}

fn main() {
    let mut numbers = Vec::new();
    let mut cancel_after = None;
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        if argument == "--cancel-after" {
            let count = arguments.next().and_then(|count| count.parse().ok());
            cancel_after = Some(count.expect("--cancel-after needs a number of blocks"));
        } else {
            numbers.push(
                argument
                    .parse::<u64>()
                    .expect("arguments: [BELOW [WORKERS]]"),
            );
        }
    }
    let below = numbers.first().copied().unwrap_or(100_000);
    let workers = numbers.get(1).map_or(4, |&workers| workers as usize);
    assert!(workers > 0, "at least one worker thread is needed");

    println!("counting the primes below {below} on {workers} threads");
    let mut summary = count_primes(below, workers, cancel_after);
    for (worker, blocks) in summary.per_worker.iter().enumerate() {
        println!("  worker {worker}: {blocks} blocks");
    }
    // Each block was counted once: the blocks counted are disjoint.
    summary.counted.sort_by_key(|block| block.start);
    assert!(summary
        .counted
        .windows(2)
        .all(|pair| pair[0].end <= pair[1].start));
    if summary.counted.len() as u64 == summary.blocks {
        println!("{} primes below {below}", summary.primes);
    } else {
        println!(
            "cancelled: {} primes in {} of {} blocks",
            summary.primes,
            summary.counted.len(),
            summary.blocks
        );
    }
}
