#!/usr/bin/env bash
# The correctness checks beyond `cargo test`: the loom models and the Miri run of the unit
# tests. Prints how long each took.
#
#   scripts/ci-extra.sh
#
# Loom runs with LOOM_MAX_PREEMPTIONS=2 in release, in its own target directory. Miri runs
# when the nightly toolchain has (or can install) the miri component; otherwise this says
# so plainly and goes on.
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
    echo
    echo "==> $*"
}

step "loom models (release, LOOM_MAX_PREEMPTIONS=2, at most 180 s per model, target/loom)"
# Four models of the lock-free mpsc queue (two senders, a cancelled send and a freed slot)
# take longer than a CI run can spend at two preemptions on 2 cores; CI explores each model
# for at most LOOM_MAX_DURATION seconds (a failure found in that time still fails the run).
# `scripts/loom.sh` runs every model to completion.
start=$SECONDS
LOOM_MAX_PREEMPTIONS=2 LOOM_MAX_DURATION=180 scripts/loom.sh
echo "loom: passed in $((SECONDS - start)) s"

step "miri: postage unit tests (MIRIFLAGS=-Zmiri-strict-provenance)"
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "miri: SKIPPED: no nightly toolchain on this machine (rustup toolchain install nightly)"
elif ! rustup run nightly cargo miri --version >/dev/null 2>&1 &&
    ! rustup component add --toolchain nightly miri rust-src >/dev/null 2>&1; then
    echo "miri: SKIPPED: the nightly miri component is not installed and could not be installed"
else
    start=$SECONDS
    scripts/miri.sh
    echo "miri: passed in $((SECONDS - start)) s"
fi
