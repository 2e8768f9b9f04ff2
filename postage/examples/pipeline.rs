//! A work pipeline on smol: a producer feeds a dispatch queue, a pool of workers takes each
//! job exactly once and sends its result back over an mpsc, the collector publishes its
//! progress on a watch, and a barrier cancels the whole pipeline. The four channels are one
//! bundle, `Pipeline`: created together, then each task is handed its part.
//!
//! ```sh
//! cargo run --example pipeline                       # 20000 jobs on 4 workers
//! cargo run --example pipeline -- 5000 8             # 5000 jobs on 8 workers
//! cargo run --example pipeline -- --cancel-after 300 # stop once 300 results are in
//! ```
//!
//! The job is the length of the Collatz sequence of a number; the summary names the number
//! with the longest sequence, and what each worker did.

use smol::future;

postage::channel! {
    /// Every channel of the pipeline, created together by `Pipeline::channel()`.
    bundle Pipeline {
        /// The numbers to examine; each is taken by exactly one worker.
        jobs: dispatch<u64, 64>,
        /// Each worker's results, to the collector.
        results: mpsc<Outcome, 64>,
        /// How far the collector is; the reporter prints it.
        status: watch<Progress>,
        /// Fired to stop the producer and the workers early.
        cancel: barrier,
    }
}

/// One finished job.
#[derive(Debug)]
struct Outcome {
    worker: usize,
    number: u64,
    steps: u32,
}

/// The collector's progress, as the reporter sees it.
#[derive(Clone, Copy, Debug, Default)]
struct Progress {
    done: u64,
    total: u64,
}

/// What a run did.
#[derive(Debug)]
struct Summary {
    total: u64,
    done: u64,
    per_worker: Vec<u64>,
    longest: Option<(u64, u32)>,
}

/// Steps until the Collatz sequence from `number` reaches 1.
fn collatz_steps(mut number: u64) -> u32 {
    let mut steps = 0;
    while number != 1 {
        number = if number % 2 == 0 {
            number / 2
        } else {
            3 * number + 1
        };
        steps += 1;
    }
    steps
}

/// Sends `1..=total` to the queue until every job is queued or `cancel` fires.
async fn produce(jobs: PipelineJobsSender, mut cancel: PipelineCancelReceiver, total: u64) {
    for number in 1..=total {
        let queued = future::or(async { jobs.send(number).await.is_ok() }, async {
            cancel.recv().await;
            false
        })
        .await;
        if !queued {
            return;
        }
    }
}

/// Takes jobs until the queue is closed and drained, or `cancel` fires.
async fn work(
    worker: usize,
    mut jobs: PipelineJobsReceiver,
    results: PipelineResultsSender,
    mut cancel: PipelineCancelReceiver,
) {
    loop {
        let job = future::or(jobs.recv(), async {
            cancel.recv().await;
            None
        })
        .await;
        let Some(number) = job else { return };
        let steps = collatz_steps(number);
        let outcome = Outcome {
            worker,
            number,
            steps,
        };
        if results.send(outcome).await.is_err() {
            return;
        }
    }
}

/// Prints the progress every time it has grown by a tenth; a watch may skip values in
/// between, which is all a progress display needs.
async fn report(mut progress: PipelineStatusReceiver) {
    let mut printed = 0;
    while let Some(Progress { done, total }) = progress.recv().await {
        let tenths = done * 10 / total.max(1);
        if tenths > printed {
            printed = tenths;
            println!("  progress: {done}/{total}");
        }
    }
}

async fn pipeline(total: u64, workers: usize, cancel_after: Option<u64>) -> Summary {
    let (tx, rx) = Pipeline::channel();
    let PipelineSenders {
        jobs,
        results,
        status: progress,
        cancel,
    } = tx;
    let PipelineReceivers {
        jobs: queue,
        results: mut inbox,
        status: watching,
        cancel: cancelled,
    } = rx;

    let mut tasks = vec![smol::spawn(produce(jobs, cancelled.clone(), total))];
    for worker in 0..workers {
        let task = work(worker, queue.clone(), results.clone(), cancelled.clone());
        tasks.push(smol::spawn(task));
    }
    // The results channel closes when the last worker is done: drop the collector's copies.
    drop((queue, results, cancelled));
    let reporter = smol::spawn(report(watching));

    let mut cancel = Some(cancel);
    let mut summary = Summary {
        total,
        done: 0,
        per_worker: vec![0; workers],
        longest: None,
    };
    while let Some(Outcome {
        worker,
        number,
        steps,
    }) = inbox.recv().await
    {
        summary.done += 1;
        summary.per_worker[worker] += 1;
        if summary.longest.is_none_or(|(_, most)| steps > most) {
            summary.longest = Some((number, steps));
        }
        progress.send_modify(|progress| {
            *progress = Progress {
                done: summary.done,
                total,
            }
        });
        if Some(summary.done) == cancel_after {
            if let Some(cancel) = cancel.take() {
                println!("  cancelling after {} results", summary.done);
                cancel.send();
            }
        }
    }
    drop(progress);
    for task in tasks {
        task.await;
    }
    reporter.await;
    summary
}

fn main() {
    let mut numbers = Vec::new();
    let mut cancel_after = None;
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        if argument == "--cancel-after" {
            let count = arguments.next().and_then(|count| count.parse().ok());
            cancel_after = Some(count.expect("--cancel-after needs a number of results"));
        } else {
            numbers.push(
                argument
                    .parse::<u64>()
                    .expect("arguments: [JOBS [WORKERS]]"),
            );
        }
    }
    let total = numbers.first().copied().unwrap_or(20_000);
    let workers = numbers.get(1).map_or(4, |&workers| workers as usize);
    assert!(workers > 0, "at least one worker is needed");

    println!("pipeline: {total} jobs, {workers} workers");
    let summary = smol::block_on(pipeline(total, workers, cancel_after));
    println!(
        "done: {} of {} jobs ({} cancelled)",
        summary.done,
        summary.total,
        summary.total - summary.done
    );
    for (worker, jobs) in summary.per_worker.iter().enumerate() {
        println!("  worker {worker}: {jobs} jobs");
    }
    assert_eq!(summary.per_worker.iter().sum::<u64>(), summary.done);
    if let Some((number, steps)) = summary.longest {
        println!("longest Collatz sequence: {number} takes {steps} steps");
    }
}
