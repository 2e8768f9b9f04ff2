//! Shared pieces of the postage benchmark suite: a waker that counts, the executors the task
//! benchmarks run on, and one adapter per channel crate so that every peer runs the very same
//! workload.
//!
//! The suite itself lives in `benches/` (criterion groups `ops`, `flow`, `signal` and the
//! `memory` binary); `src/bin/bench-report.rs` turns the results into `BENCHMARKS.md`.

pub mod peers;
pub mod runtime;
pub mod waker;

pub use waker::CountingWaker;

/// Runs `$body` once per mpsc peer, with `$P` naming the peer's adapter type.
///
/// ```
/// fn name<P: postage_benches::peers::QueuePeer<u64>>() -> &'static str {
///     P::NAME
/// }
/// let mut names = Vec::new();
/// postage_benches::each_mpsc_peer!(P => names.push(name::<P>()));
/// assert_eq!(names[0], "postage");
/// ```
#[macro_export]
macro_rules! each_mpsc_peer {
    ($P:ident => $body:expr) => {{
        $crate::each_peer!($P => $body; Postage, PostageV05, Tokio, Flume, Kanal, AsyncChannel, Crossfire, Tachyonix, Thingbuf)
    }};
}

/// Runs `$body` once per multi-consumer queue peer (postage's `dispatch` and the mpmc
/// crates), with `$P` naming the peer's adapter type.
///
/// ```
/// fn name<P: postage_benches::peers::MpmcPeer<u64>>() -> &'static str {
///     P::NAME
/// }
/// let mut names = Vec::new();
/// postage_benches::each_mpmc_peer!(P => names.push(name::<P>()));
/// assert_eq!(names.len(), 6);
/// ```
#[macro_export]
macro_rules! each_mpmc_peer {
    ($P:ident => $body:expr) => {{
        $crate::each_peer!($P => $body; PostageDispatch, PostageV05Dispatch, Flume, Kanal, AsyncChannel, CrossfireMpmc)
    }};
}

/// Runs `$body` once per unbounded mpsc peer, with `$P` naming the peer's adapter type
/// (its `channel(capacity)` ignores the capacity).
///
/// ```
/// fn name<P: postage_benches::peers::QueuePeer<u64>>() -> &'static str {
///     P::NAME
/// }
/// let mut names = Vec::new();
/// postage_benches::each_unbounded_peer!(P => names.push(name::<P>()));
/// assert_eq!(names, ["postage", "tokio", "flume", "crossfire"]);
/// ```
#[macro_export]
macro_rules! each_unbounded_peer {
    ($P:ident => $body:expr) => {{
        $crate::each_peer!($P => $body; PostageUnbounded, TokioUnbounded, FlumeUnbounded, CrossfireUnbounded)
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! each_peer {
    ($P:ident => $body:expr; $($peer:ident),*) => {{
        $({
            type $P = $crate::peers::$peer;
            $body;
        })*
    }};
}

/// The criterion settings of every group: short enough that the whole suite runs in about
/// a quarter of an hour on a 2-core machine. Command-line options (`--warm-up-time`,
/// `--measurement-time`, `--sample-size`) still override them.
pub fn config() -> criterion::Criterion {
    criterion::Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_millis(1500))
        .sample_size(50)
        .without_plots()
}

/// Runs `$body` once per lossless broadcast peer, with `$P` naming the peer's adapter type.
/// tokio's lossy broadcast is not among them: the benchmarks run it on its own.
#[macro_export]
macro_rules! each_lossless_broadcast_peer {
    ($P:ident => $body:expr) => {{
        $crate::each_peer!($P => $body; PostageBroadcast, PostageV05Broadcast, AsyncBroadcast)
    }};
}

/// Where the suite leaves what criterion does not record (messages a lossy peer dropped,
/// the memory figures): `<target>/postage-benches/`.
pub fn side_output_dir() -> std::path::PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => {
            // A bench executable lives in `<target>/<profile>/deps/`.
            let exe = std::env::current_exe().expect("path of the benchmark executable");
            exe.ancestors()
                .nth(3)
                .expect("executable inside a cargo target directory")
                .to_path_buf()
        }
    };
    let dir = target.join("postage-benches");
    std::fs::create_dir_all(&dir).expect("create the side output directory");
    dir
}
