//! Turns the results of `cargo bench -p postage-benches` into `BENCHMARKS.md`.
//!
//! Reads every `target/criterion/**/new/{benchmark,estimates}.json` (median time per
//! iteration), the side files of the suite in `target/postage-benches/` (memory figures,
//! messages tokio's lossy broadcast dropped) and the pinned peer versions in
//! `benches/Cargo.toml`, and writes one table per criterion group with the ratio
//! peer/postage (above 1: postage is faster), followed by the targets of BENCH.md, each
//! marked met or not met with the measured ratio.
//!
//! Usage: `bench-report [--target DIR] [--out FILE]` from the workspace root (defaults:
//! `target`, `BENCHMARKS.md`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Report order of the groups; a group not listed comes after them.
const GROUPS: &[&str] = &[
    "op/try_pair",
    "op/recv_empty",
    "op/send_full",
    "op/abandoned",
    "op/create",
    "op/recv_batch",
    "spsc",
    "mpsc",
    "mpmc",
    "broadcast",
    "broadcast_lagging",
    "unbounded",
    "watch",
    "oneshot",
    "barrier",
];

/// Column order of the peers; postage itself is always first.
const PEERS: &[&str] = &[
    "postage",
    "postage-0.5",
    "tokio",
    "flume",
    "kanal",
    "async-channel",
    "async-broadcast",
    "crossfire",
    "tachyonix",
    "thingbuf",
    "oneshot",
    "tokio (lossy)",
];

/// Peers whose semantics differ from postage's on the same row: shown, but never counted
/// as "the fastest peer".
const UNLIKE: &[&str] = &["tokio (lossy)"];

/// Median nanoseconds per iteration: group -> parameters -> peer -> time.
type Results = BTreeMap<String, BTreeMap<String, BTreeMap<String, f64>>>;

fn main() {
    let mut target = PathBuf::from("target");
    let mut out = PathBuf::from("BENCHMARKS.md");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--target" => target = value.into(),
            "--out" => out = value.into(),
            _ => panic!("unknown option {arg}; usage: bench-report [--target DIR] [--out FILE]"),
        }
    }
    let mut results = Results::new();
    collect(&target.join("criterion"), &mut results);
    assert!(
        !results.is_empty(),
        "no criterion results under {}",
        target.display()
    );
    let side = target.join("postage-benches");
    let memory = read_json(&side.join("memory.json"));
    let dropped = read_json(&side.join("tokio_broadcast_dropped.json"));
    let lost = read_json(&side.join("lost_messages.json"));
    let report = render(&results, &memory, &dropped, &lost);
    std::fs::write(&out, report).expect("write the report");
    println!("wrote {}", out.display());
}

fn read_json(path: &Path) -> Value {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null)
}

/// Walks criterion's output for `new/benchmark.json` + `new/estimates.json` pairs.
fn collect(dir: &Path, results: &mut Results) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|name| name == "new") {
            let id = read_json(&path.join("benchmark.json"));
            let estimates = read_json(&path.join("estimates.json"));
            let median = estimates["median"]["point_estimate"].as_f64();
            let (Some(group), Some(peer), Some(median)) =
                (id["group_id"].as_str(), id["function_id"].as_str(), median)
            else {
                continue;
            };
            let params = id["value_str"].as_str().unwrap_or("").to_owned();
            results
                .entry(group.to_owned())
                .or_default()
                .entry(params)
                .or_default()
                .insert(peer.to_owned(), median);
        } else {
            collect(&path, results);
        }
    }
}

fn format_time(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.1} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{:.2} ms", ns / 1_000_000.0)
    }
}

/// Sort key that orders `cap64` before `cap1024` and `p4` before `p16`.
fn natural_key(text: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut number = c.to_digit(10).map_or(0, u64::from);
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                number = number * 10 + u64::from(d);
                chars.next();
            }
            key.push((std::mem::take(&mut word), number));
        } else {
            word.push(c);
        }
    }
    key.push((word, 0));
    key
}

/// The ratio of the fastest like-for-like peer to postage on one row, with its name.
fn best_peer(row: &BTreeMap<String, f64>) -> Option<(&str, f64)> {
    let postage = *row.get("postage")?;
    row.iter()
        .filter(|(peer, _)| peer.as_str() != "postage" && !UNLIKE.contains(&peer.as_str()))
        .map(|(peer, time)| (peer.as_str(), time / postage))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

fn render_group(report: &mut String, group: &str, rows: &BTreeMap<String, BTreeMap<String, f64>>) {
    let mut peers: Vec<&str> = PEERS
        .iter()
        .copied()
        .filter(|peer| rows.values().any(|row| row.contains_key(*peer)))
        .collect();
    for row in rows.values() {
        for peer in row.keys() {
            if !peers.contains(&peer.as_str()) {
                peers.push(peer);
            }
        }
    }
    let mut params: Vec<&String> = rows.keys().collect();
    params.sort_by_key(|p| natural_key(p));

    let _ = writeln!(report, "### `{group}`\n");
    let _ = write!(report, "| parameters |");
    for peer in &peers {
        let _ = write!(report, " {peer} |");
    }
    let _ = writeln!(report, " fastest peer / postage |");
    let _ = writeln!(report, "|---|{}---|", "---:|".repeat(peers.len()));
    for param in params {
        let row = &rows[param];
        let postage = row.get("postage").copied();
        let _ = write!(report, "| {param} |");
        for peer in &peers {
            let cell = match (row.get(*peer), postage) {
                (None, _) => "–".to_owned(),
                (Some(&time), _) if *peer == "postage" => format!("**{}**", format_time(time)),
                (Some(&time), Some(base)) => {
                    format!("{} ({:.2}×)", format_time(time), time / base)
                }
                (Some(&time), None) => format_time(time),
            };
            let _ = write!(report, " {cell} |");
        }
        let best = best_peer(row).map_or("–".to_owned(), |(peer, ratio)| {
            format!("{ratio:.2}× ({peer})")
        });
        let _ = writeln!(report, " {best} |");
    }
    let _ = writeln!(report);
}

/// One line of the targets table.
struct Target {
    row: String,
    goal: &'static str,
    measured: String,
    met: Option<bool>,
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "**met**",
        Some(false) => "**not met**",
        None => "not measured",
    }
}

fn lookup<'a>(results: &'a Results, group: &str, param: &str) -> Option<&'a BTreeMap<String, f64>> {
    results.get(group)?.get(param)
}

/// "At or below the fastest peer" on one row.
fn fastest_target(results: &Results, group: &str, param: &str, goal: &'static str) -> Target {
    let best = lookup(results, group, param).and_then(best_peer);
    Target {
        row: format!("`{group}` {param}"),
        goal,
        measured: best.map_or("–".to_owned(), |(peer, ratio)| {
            format!("fastest peer {peer}: {ratio:.2}×")
        }),
        met: best.map(|(_, ratio)| ratio >= 1.0),
    }
}

/// "At least `factor` times faster than each of `peers`" on one row.
fn factor_target(
    results: &Results,
    group: &str,
    param: &str,
    peers: &[&str],
    factor: f64,
    goal: &'static str,
) -> Target {
    let row = lookup(results, group, param);
    let ratios: Vec<(String, f64)> = peers
        .iter()
        .filter_map(|peer| {
            let row = row?;
            Some((peer.to_string(), row.get(*peer)? / row.get("postage")?))
        })
        .collect();
    Target {
        row: format!("`{group}` {param}"),
        goal,
        measured: if ratios.is_empty() {
            "–".to_owned()
        } else {
            ratios
                .iter()
                .map(|(peer, ratio)| format!("{peer} {ratio:.2}×"))
                .collect::<Vec<_>>()
                .join(", ")
        },
        met: (ratios.len() == peers.len()).then(|| ratios.iter().all(|(_, r)| *r >= factor)),
    }
}

fn memory_row<'a>(memory: &'a Value, kind: &str, peer: &str) -> Option<&'a Value> {
    memory
        .as_array()?
        .iter()
        .find(|row| row["kind"] == kind && row["peer"] == peer)
}

fn targets(results: &Results, memory: &Value) -> Vec<Target> {
    let mut list = vec![fastest_target(
        results,
        "op/try_pair",
        "mpsc/cap64/u64",
        "at or below the fastest peer",
    )];
    for group in ["op/recv_empty", "op/send_full"] {
        let mut params: Vec<&String> = results
            .get(group)
            .map(|g| g.keys().collect())
            .unwrap_or_default();
        params.sort_by_key(|p| natural_key(p));
        for param in params {
            let mut target = fastest_target(
                results,
                group,
                param,
                "at or below the fastest peer; zero allocations",
            );
            let (column, kept_column) = if group == "op/recv_empty" {
                ("recv_poll_drop", "recv_kept")
            } else {
                ("send_poll_drop", "send_kept")
            };
            let allocs = memory_row(memory, param, "postage").and_then(|row| row[column].as_f64());
            if let Some(allocs) = allocs {
                let _ = write!(target.measured, "; {allocs:.3} allocations per poll+drop");
                target.met = target.met.map(|met| met && allocs == 0.0);
            }
            // A peer that keeps memory for every abandoned wait buys its speed with growth
            // that nothing bounds; the verdict stays as measured, the reader is told.
            let best = lookup(results, group, param).and_then(best_peer);
            if let Some((peer, _)) = best {
                let kept =
                    memory_row(memory, param, peer).and_then(|row| row[kept_column].as_f64());
                if let Some(kept) = kept.filter(|kept| *kept > 0.0) {
                    let _ = write!(
                        target.measured,
                        " ({peer} keeps {kept:.1} bytes per poll+drop until a wake-up)"
                    );
                }
            }
            list.push(target);
        }
    }
    list.push(fastest_target(
        results,
        "spsc",
        "tokio-ct/p1c1/cap64",
        "at or below the fastest peer",
    ));
    for (group, consumers) in [("mpsc", 1), ("mpmc", 2)] {
        for producers in [4, 16] {
            list.push(fastest_target(
                results,
                group,
                &format!("tokio-mt2/p{producers}c{consumers}/cap64"),
                "contended: at or below the fastest lossless peer",
            ));
        }
    }
    for param in ["try_pair/u64", "tokio-mt2/p4c1", "tokio-mt2/p16c1"] {
        list.push(fastest_target(
            results,
            "unbounded",
            param,
            "unbounded mpsc: at or below tokio, flume and crossfire unbounded",
        ));
    }
    list.push(factor_target(
        results,
        "broadcast",
        "tokio-mt2/1to16/cap64",
        &["postage-0.5", "async-broadcast"],
        1.5,
        "≥ 1.5× faster than postage 0.5 and async-broadcast",
    ));
    for rt in ["tokio-ct", "tokio-mt2"] {
        list.push(factor_target(
            results,
            "broadcast",
            &format!("{rt}/1to4/cap64"),
            &["postage-0.5", "async-broadcast"],
            1.5,
            "≥ 1.5× faster than postage 0.5 and async-broadcast",
        ));
    }
    let mut watch: Vec<&String> = results
        .get("watch")
        .map(|g| g.keys().filter(|p| p.starts_with("send+borrow")).collect())
        .unwrap_or_default();
    watch.sort_by_key(|p| natural_key(p));
    if watch.is_empty() {
        list.push(factor_target(
            results,
            "watch",
            "send+borrow",
            &["tokio"],
            3.0,
            "≥ 3× faster than tokio",
        ));
    }
    for param in watch {
        list.push(factor_target(
            results,
            "watch",
            param,
            &["tokio"],
            3.0,
            "≥ 3× faster than tokio",
        ));
    }
    let mut oneshot = factor_target(
        results,
        "oneshot",
        "create+send+recv",
        &["oneshot"],
        1.0,
        "at or below the `oneshot` crate; ≤ 48 bytes allocated",
    );
    let bytes =
        memory_row(memory, "oneshot", "postage").and_then(|row| row["create_bytes"].as_i64());
    if let Some(bytes) = bytes {
        let _ = write!(oneshot.measured, "; {bytes} bytes allocated");
        oneshot.met = oneshot.met.map(|met| met && bytes <= 48);
    }
    list.push(oneshot);

    let ours = memory_row(memory, "broadcast", "postage");
    let tokio = memory_row(memory, "broadcast", "tokio (lossy)");
    let field = |row: Option<&Value>, name: &str| row.and_then(|row| row[name].as_i64());
    let (bytes, allocs, tokio_bytes) = (
        field(ours, "create_bytes"),
        field(ours, "create_allocs"),
        field(tokio, "create_bytes"),
    );
    list.push(Target {
        row: "memory: broadcast cap 64".to_owned(),
        goal: "≤ tokio's bytes; one allocation per channel where possible",
        measured: match (bytes, allocs, tokio_bytes) {
            (Some(b), Some(a), Some(t)) => format!("{b} bytes in {a} allocations; tokio {t} bytes"),
            _ => "–".to_owned(),
        },
        met: bytes.zip(tokio_bytes).map(|(b, t)| b <= t),
    });

    let pending: Vec<(String, f64, f64)> = memory
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter(|row| row["peer"] == "postage")
                .filter_map(|row| {
                    Some((
                        row["kind"].as_str()?.to_owned(),
                        row["waiter_cold"].as_f64()?,
                        row["waiter_warm"].as_f64()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    list.push(Target {
        row: "pending waiters (1000 at once)".to_owned(),
        goal: "zero allocations per wait, for every kind",
        measured: pending
            .iter()
            .map(|(kind, cold, warm)| format!("{kind} {warm:.3} (first round {cold:.3})"))
            .collect::<Vec<_>>()
            .join(", "),
        met: (!pending.is_empty()).then(|| pending.iter().all(|(_, _, warm)| *warm == 0.0)),
    });
    list
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|model| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// `name = "=x.y.z"` pins of `benches/Cargo.toml`.
fn pinned_versions() -> Vec<(String, String)> {
    let manifest = std::fs::read_to_string("benches/Cargo.toml").unwrap_or_default();
    manifest
        .lines()
        .filter_map(|line| {
            let (name, rest) = line.split_once(" = ")?;
            let start = rest.find("\"=")? + 2;
            let version = &rest[start..start + rest[start..].find('"')?];
            let package = rest
                .split_once("package = \"")
                .and_then(|(_, p)| p.split('"').next())
                .map(|p| format!("{p} (as `{name}`)"))
                .unwrap_or_else(|| name.to_owned());
            Some((package, version.to_owned()))
        })
        .collect()
}

fn render(results: &Results, memory: &Value, dropped: &Value, lost: &Value) -> String {
    let mut report = String::new();
    let _ = writeln!(report, "# Benchmarks\n");
    let _ = writeln!(
        report,
        "Generated by `scripts/bench-report.sh` (see `benches/README.md`). Times are criterion \
         medians per iteration; each peer cell shows its time and the ratio **peer / postage**: \
         above 1 means postage is faster. All peers of a row ran in the same process, one after \
         another, with the same workload. \"Fastest peer\" counts like-for-like peers only: \
         tokio's lossy broadcast is shown but never counted. Parameter sets trimmed to keep a \
         full run near a quarter of an hour on 2 cores: `spsc` capacities 1 and 64, `mpsc` 4 and \
         16 producers at capacity 64, `mpmc` 4 and 16 producers with 2 consumers at capacity 64 \
         (see `benches/README.md`).\n"
    );
    let _ = writeln!(
        report,
        "- date: {}",
        command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
    );
    let _ = writeln!(
        report,
        "- machine: {} cores (`nproc`), {}; load average at report time: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model(),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    );
    let _ = writeln!(report, "- {}", command_output("rustc", &["--version"]));
    let _ = writeln!(
        report,
        "- postage: this repository at {}",
        command_output("git", &["rev-parse", "--short", "HEAD"])
    );
    let versions: Vec<String> = pinned_versions()
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    let _ = writeln!(report, "- peers (pinned): {}\n", versions.join(", "));

    let _ = writeln!(report, "## Targets (BENCH.md)\n");
    let _ = writeln!(
        report,
        "| row | target | measured (peer / postage) | verdict |"
    );
    let _ = writeln!(report, "|---|---|---|---|");
    for target in targets(results, memory) {
        let _ = writeln!(
            report,
            "| {} | {} | {} | {} |",
            target.row,
            target.goal,
            target.measured,
            verdict(target.met)
        );
    }
    let _ = writeln!(report);

    let _ = writeln!(report, "## Time\n");
    let mut groups: Vec<&String> = results.keys().collect();
    groups.sort_by_key(|g| {
        GROUPS
            .iter()
            .position(|known| known == g)
            .unwrap_or(GROUPS.len())
    });
    for group in groups {
        render_group(&mut report, group, &results[group]);
        if group == "broadcast" {
            render_dropped(&mut report, dropped);
        }
    }

    render_lost(&mut report, lost);

    let _ = writeln!(report, "## Memory\n");
    let _ = writeln!(
        report,
        "From `cargo bench -p postage-benches --bench memory` (counting allocator; capacity 64, \
         `u64` payload). Waiter columns: allocations per pending operation while 1000 wait at \
         once, on a fresh channel (cold) and once more after those were dropped (warm). \
         Bytes kept: live bytes each poll+drop of a pending operation leaves behind (a \
         registration the dropped future did not take back, held until a wake-up). \
         Retained: live bytes left after 1024 messages went through a channel of capacity 1024 \
         and were drained.\n"
    );
    render_memory(&mut report, memory);
    report
}

fn render_dropped(report: &mut String, dropped: &Value) {
    let Some(rows) = dropped.as_array() else {
        return;
    };
    let _ = writeln!(
        report,
        "tokio's broadcast is lossy (its sender never waits), so it is not a like-for-like peer: \
         messages it dropped per iteration (mean):\n"
    );
    let _ = writeln!(report, "| parameters | sent to all receivers | dropped |");
    let _ = writeln!(report, "|---|---:|---:|");
    for row in rows {
        let _ = writeln!(
            report,
            "| {} | {} | {} |",
            row["id"].as_str().unwrap_or("?"),
            row["expected"],
            row["dropped_mean"]
        );
    }
    let _ = writeln!(report);
}

/// Peers that delivered fewer messages than were sent on a lossless row (a bug of that peer:
/// postage itself fails the run instead).
fn render_lost(report: &mut String, lost: &Value) {
    let Some(rows) = lost.as_array().filter(|rows| !rows.is_empty()) else {
        return;
    };
    let _ = writeln!(report, "## Messages lost by peers\n");
    let _ = writeln!(
        report,
        "Lossless rows where a peer received fewer messages than were sent (every message is \
         counted; postage losing one fails the run). Its times on those rows measure less work.\n"
    );
    let _ = writeln!(
        report,
        "| group | parameters | peer | iterations | messages per iteration | lost in total |"
    );
    let _ = writeln!(report, "|---|---|---|---:|---:|---:|");
    for row in rows {
        let _ = writeln!(
            report,
            "| {} | {} | {} | {} | {} | {} |",
            row["group"].as_str().unwrap_or("?"),
            row["id"].as_str().unwrap_or("?"),
            row["peer"].as_str().unwrap_or("?"),
            row["runs"],
            row["expected_per_run"],
            row["lost"]
        );
    }
    let _ = writeln!(report);
}

fn render_memory(report: &mut String, memory: &Value) {
    let Some(rows) = memory.as_array() else {
        let _ = writeln!(report, "(no memory figures found)\n");
        return;
    };
    let _ = writeln!(report, "| kind | peer | create allocs | create bytes | bytes / message | waiter allocs (cold) | waiter allocs (warm) | allocs per recv poll+drop | allocs per send poll+drop | bytes kept per recv poll+drop | bytes kept per send poll+drop | retained bytes |");
    let _ = writeln!(
        report,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let cell = |value: &Value| match value {
        Value::Null => "–".to_owned(),
        Value::Number(n) if n.is_f64() => format!("{:.3}", n.as_f64().unwrap_or(0.0)),
        other => other.to_string(),
    };
    for row in rows {
        let _ = writeln!(
            report,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row["kind"].as_str().unwrap_or("?"),
            row["peer"].as_str().unwrap_or("?"),
            cell(&row["create_allocs"]),
            cell(&row["create_bytes"]),
            cell(&row["bytes_per_message"]),
            cell(&row["waiter_cold"]),
            cell(&row["waiter_warm"]),
            cell(&row["recv_poll_drop"]),
            cell(&row["send_poll_drop"]),
            cell(&row["recv_kept"]),
            cell(&row["send_kept"]),
            cell(&row["retained"]),
        );
    }
    let _ = writeln!(report);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(times: &[(&str, f64)]) -> BTreeMap<String, f64> {
        times.iter().map(|(p, t)| (p.to_string(), *t)).collect()
    }

    #[test]
    fn parameters_sort_by_their_numbers() {
        let mut params = vec!["mpsc/cap1024/u64", "mpsc/cap64/u64", "mpsc/cap1/u64"];
        params.sort_by_key(|p| natural_key(p));
        assert_eq!(
            params,
            ["mpsc/cap1/u64", "mpsc/cap64/u64", "mpsc/cap1024/u64"]
        );
    }

    #[test]
    fn the_fastest_peer_is_the_lowest_ratio_and_never_the_lossy_one() {
        let times = row(&[
            ("postage", 100.0),
            ("kanal", 80.0),
            ("tokio", 150.0),
            ("tokio (lossy)", 10.0),
        ]);
        assert_eq!(best_peer(&times), Some(("kanal", 0.8)));
    }

    #[test]
    fn a_row_without_postage_has_no_ratio() {
        assert_eq!(best_peer(&row(&[("kanal", 80.0)])), None);
    }

    #[test]
    fn times_are_printed_in_a_readable_unit() {
        assert_eq!(format_time(25.04), "25.0 ns");
        assert_eq!(format_time(1_500.0), "1.50 µs");
        assert_eq!(format_time(2_500_000.0), "2.50 ms");
    }

    #[test]
    fn a_factor_target_is_met_only_when_every_peer_is_slow_enough() {
        let mut results = Results::new();
        results.entry("broadcast".into()).or_default().insert(
            "p".into(),
            row(&[("postage", 100.0), ("a", 160.0), ("b", 140.0)]),
        );
        let target = factor_target(&results, "broadcast", "p", &["a", "b"], 1.5, "");
        assert_eq!(target.met, Some(false));
        let target = factor_target(&results, "broadcast", "p", &["a"], 1.5, "");
        assert_eq!(target.met, Some(true));
        let missing = factor_target(&results, "broadcast", "p", &["c"], 1.5, "");
        assert_eq!(missing.met, None);
    }

    #[test]
    fn a_fastest_peer_that_keeps_bytes_per_abandoned_wait_is_named_without_changing_the_verdict() {
        let mut results = Results::new();
        let group = results.entry("op/recv_empty".into()).or_default();
        group.insert(
            "watch".into(),
            row(&[("postage", 40.0), ("leaky", 20.0), ("tokio", 60.0)]),
        );
        group.insert("mpsc".into(), row(&[("postage", 40.0), ("tidy", 20.0)]));
        let memory: Value = serde_json::from_str(
            r#"[
                {"kind": "watch", "peer": "postage", "recv_poll_drop": 0.0, "recv_kept": 0.0},
                {"kind": "watch", "peer": "leaky", "recv_poll_drop": 0.032, "recv_kept": 24.5},
                {"kind": "mpsc", "peer": "postage", "recv_poll_drop": 0.0, "recv_kept": 0.0},
                {"kind": "mpsc", "peer": "tidy", "recv_poll_drop": 0.0, "recv_kept": 0.0}
            ]"#,
        )
        .unwrap();
        let list = targets(&results, &memory);
        let find = |row: &str| list.iter().find(|t| t.row == row).unwrap();

        let watch = find("`op/recv_empty` watch");
        assert_eq!(watch.met, Some(false));
        assert!(
            watch.measured.ends_with(
                "0.000 allocations per poll+drop (leaky keeps 24.5 bytes per poll+drop until a wake-up)"
            ),
            "{}",
            watch.measured
        );
        let mpsc = find("`op/recv_empty` mpsc");
        assert_eq!(mpsc.met, Some(false));
        assert!(!mpsc.measured.contains("keeps"), "{}", mpsc.measured);
    }
}
