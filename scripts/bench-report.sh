#!/usr/bin/env bash
# Runs the benchmark suite against the peer crates and writes BENCHMARKS.md at the
# repository root. Takes about a quarter of an hour on a 2-core machine.
#
#   scripts/bench-report.sh               # the full suite, then the report
#   scripts/bench-report.sh op/try_pair   # only matching benchmarks (criterion filter),
#                                         # then a report of everything measured so far
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
    # A full run starts clean, so no result of an older run ends up in the report.
    rm -rf target/criterion target/postage-benches
fi
cargo bench -p postage-benches -- "$@"
cargo run --release -p postage-benches --bin bench-report -- --out BENCHMARKS.md
