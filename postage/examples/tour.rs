//! A tour of postage: every channel kind on a real executor (tokio), printing what happens.
//!
//! Run it with `cargo run --example tour`.

use std::time::Duration;

use postage::{barrier, dispatch, mpsc, oneshot};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    mpsc_tour().await;
    dispatch_tour().await;
    oneshot_tour().await;
    barrier_tour().await;
    println!("\ntour finished");
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
