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

step "loom models (release, LOOM_MAX_PREEMPTIONS=2, target/loom)"
# Every model runs to completion: the whole run takes about 6 minutes on the shared 2-core
# machine (build included). `scripts/loom.sh` alone goes deeper (three preemptions).
start=$SECONDS
LOOM_MAX_PREEMPTIONS=2 scripts/loom.sh
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
