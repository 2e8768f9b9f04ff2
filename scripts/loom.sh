#!/usr/bin/env bash
# Runs the loom models (postage/tests/loom_*.rs) deeper than CI does.
#
#   scripts/loom.sh [MODEL_FILTER]        e.g. scripts/loom.sh pending_send
#
# Environment:
#   LOOM_MAX_PREEMPTIONS  preemptions explored per execution (default 3; CI uses 2)
#   LOOM_TESTS            which test files (default 'loom_*', e.g. loom_mpsc)
#   LOOM_TARGET_DIR       build directory (default target/loom)
#
# The models build with `--cfg postage_loom`, which swaps the crate's sync facade to loom.
# They get their own target directory, so the changed RUSTFLAGS never invalidate the
# normal build.
set -euo pipefail
cd "$(dirname "$0")/.."

export RUSTFLAGS="--cfg postage_loom${RUSTFLAGS:+ $RUSTFLAGS}"
export CARGO_TARGET_DIR="${LOOM_TARGET_DIR:-target/loom}"
export LOOM_MAX_PREEMPTIONS="${LOOM_MAX_PREEMPTIONS:-3}"
tests="${LOOM_TESTS:-loom_*}"

echo "loom: LOOM_MAX_PREEMPTIONS=$LOOM_MAX_PREEMPTIONS, tests $tests${1:+, filter $1}"
cargo test -p postage --release --test "$tests" -- "$@"
