#!/usr/bin/env bash
# Runs the cargo fuzz targets in fuzz/, each for a bounded time:
#
#   scripts/fuzz.sh [SECONDS] [TARGET]...     (default: 60 s each, targets generator channels)
#
#   generator  arbitrary token streams into the generator's front end (channel! and
#              #[derive(Channel)]): it must never panic and always expand to items
#   channels   the proptest models of mpsc, dispatch, broadcast and watch, driven by the
#              fuzzer's bytes: any difference from the model panics
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`); installs neither
# silently. Each target starts from its committed seeds (fuzz/corpus/TARGET/seed-*) and
# keeps what it finds in the same directory (ignored by git). A crash stops the run and
# leaves its reproducer in fuzz/artifacts/TARGET/; replay it with
#   cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-...
# (from fuzz/), and commit it under fuzz/regressions/TARGET/ with the fix.
#
# FUZZ_JOBS (default 1) runs that many fuzzing processes per target (each logs to
# fuzz/fuzz-N.log).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(generator channels)
jobs="${FUZZ_JOBS:-1}"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is missing: cargo install cargo-fuzz (and rustup toolchain install nightly)" >&2
    exit 2
fi

for target in "${targets[@]}"; do
    echo
    echo "==> fuzz target $target for $seconds s"
    start=$SECONDS
    # Replay the committed regressions first: each must pass before new inputs are tried.
    if [ -d "regressions/$target" ]; then
        cargo +nightly fuzz run "$target" "regressions/$target"/* -- -runs=0
    fi
    parallel=()
    [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
    cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 "${parallel[@]}"
    echo "$target: no finding in $((SECONDS - start)) s"
done
