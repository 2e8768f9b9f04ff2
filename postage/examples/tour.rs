//! A tour of postage: named channels from the generator, then every channel kind and a
//! combinator pipeline, on a real executor (tokio's multi-thread runtime), printing what
//! happens.
//!
//! Run it with `cargo run --example tour`.

use std::time::Duration;

use postage::prelude::*;
use postage::{barrier, broadcast, dispatch, mpsc, oneshot, watch};

/// A command for the worker in the generator tour.
#[derive(Debug, postage::Channel)]
#[channel(mpsc, capacity = 8)]
enum Command {
    Greet(String),
    Stop,
}

postage::channel! {
    /// Temperature readings, seen by every subscriber.
    Readings: broadcast<f32, 4>;
    /// The current operating mode.
    Mode: watch<&'static str> = "starting";
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    generator_tour().await;
    mpsc_tour().await;
    broadcast_tour().await;
    dispatch_tour().await;
    watch_tour().await;
    oneshot_tour().await;
    barrier_tour().await;
    combinator_tour().await;
    println!("\ntour finished");
}

async fn generator_tour() {
    println!("== the generator: named, typed channels");
    let (commands, mut inbox): (CommandSender, CommandReceiver) = Command::channel();
    println!("  Command::channel() has capacity {}", Command::CAPACITY);
    let worker = tokio::spawn(async move {
        while let Some(command) = inbox.recv().await {
            match command {
                Command::Greet(name) => println!("  worker got Greet: hello, {name}"),
                Command::Stop => {
                    println!("  worker got Stop");
                    break;
                }
            }
        }
    });
    commands
        .send(Command::Greet("postage".into()))
        .await
        .unwrap();
    commands.send(Command::Stop).await.unwrap();
    worker.await.unwrap();

    let (readings, mut display) = Readings::channel();
    let mut logger = display.clone();
    readings.send(21.5).await.unwrap();
    println!(
        "  Readings (capacity {}): display saw {:?}, logger saw {:?}",
        Readings::CAPACITY,
        display.recv().await,
        logger.recv().await
    );

    let (mode, mut observer) = Mode::channel();
    println!("  Mode starts as {:?}", observer.recv().await);
    mode.send("running").unwrap();
    println!("  Mode is now {:?}", observer.recv().await);
}

async fn mpsc_tour() {
    println!("== mpsc: many senders, one receiver, bounded");
    let (tx, mut rx) = mpsc::channel(2);
    for producer in 0..2 {
        let tx = tx.clone();
        tokio::spawn(async move {
            for n in 0..3 {
                tx.send(format!("producer {producer} message {n}"))
                    .await
                    .unwrap();
            }
        });
    }
    drop(tx);
    while let Some(message) = rx.recv().await {
        println!("  received {message}");
    }
    println!("  every sender gone and the buffer drained: recv() returned None");
}

async fn broadcast_tour() {
    println!("== broadcast: every receiver gets every message, nothing is dropped");
    let (tx, rx) = broadcast::channel(2);
    let listeners: Vec<_> = (0..2)
        .map(|listener| {
            let mut rx = rx.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                while let Some(n) = rx.recv().await {
                    seen.push(n);
                }
                println!("  listener {listener} saw {seen:?}");
            })
        })
        .collect();
    drop(rx);
    for n in 0..5 {
        tx.send(n).await.unwrap();
    }
    println!("  sent 5 messages through a buffer of 2: senders waited for the slowest reader");
    drop(tx);
    for listener in listeners {
        listener.await.unwrap();
    }
}

async fn dispatch_tour() {
    println!("== dispatch: a work queue, each job to exactly one worker");
    let (jobs, rx) = dispatch::channel(4);
    let workers: Vec<_> = (0..3)
        .map(|worker| {
            let mut rx = rx.clone();
            tokio::spawn(async move {
                let mut done = 0;
                while let Some(job) = rx.recv().await {
                    println!("  worker {worker} took job {job}");
                    done += 1;
                }
                done
            })
        })
        .collect();
    drop(rx);
    for job in 0..6 {
        jobs.send(job).await.unwrap();
    }
    drop(jobs);
    let mut total = 0;
    for worker in workers {
        total += worker.await.unwrap();
    }
    println!("  {total} jobs done, none twice");
}

async fn watch_tour() {
    println!("== watch: the latest state");
    let (config, mut rx) = watch::channel_with(1u32);
    println!(
        "  a new receiver sees the current value at once: {:?}",
        rx.recv().await
    );
    config.send(2).unwrap();
    config.send(3).unwrap();
    println!(
        "  after sending 2 then 3 it sees only {:?}",
        rx.recv().await
    );
    drop(config);
    println!("  sender gone: {:?}", rx.recv().await);
}

async fn oneshot_tour() {
    println!("== oneshot: a single reply");
    let (reply, answer) = oneshot::channel();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(10)).await;
        reply.send(42).unwrap();
    });
    println!("  the answer is {:?}", answer.await);
}

async fn barrier_tour() {
    println!("== barrier: a one-time signal");
    let (shutdown, on_shutdown) = barrier::channel();
    let waiters: Vec<_> = (0..3)
        .map(|id| {
            let on_shutdown = on_shutdown.clone();
            tokio::spawn(async move {
                on_shutdown.await;
                println!("  task {id} saw the shutdown signal");
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(10)).await;
    println!("  firing the barrier");
    shutdown.send();
    for waiter in waiters {
        waiter.await.unwrap();
    }
}

async fn combinator_tour() {
    println!("== combinators: merge two channels, keep the even numbers, square them");
    let (left_tx, left) = mpsc::channel(4);
    let (right_tx, right) = mpsc::channel(4);
    tokio::spawn(async move {
        for n in [1, 2, 3, 4] {
            left_tx.send(n).await.unwrap();
        }
    });
    tokio::spawn(async move {
        for n in [10, 11, 12] {
            right_tx.send(n).await.unwrap();
        }
    });
    let mut pipeline = left.merge(right).filter(|n| n % 2 == 0).map(|n| n * n);
    let mut results = Vec::new();
    while let Some(n) = pipeline.recv().await {
        results.push(n);
    }
    results.sort();
    println!("  {results:?}");
}
