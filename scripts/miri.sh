#!/usr/bin/env bash
# Runs postage's unit tests, and the drop-accounting integration tests (panicking `drop` and
# `clone` included), under Miri (undefined behaviour, data races, leaks) with strict
# provenance. Installs the nightly Miri components when they are missing.
#
#   scripts/miri.sh [TEST_FILTER]
#   scripts/miri.sh --deep [TEST_FILTER]
#
# --deep adds the weak-memory search. Miri emulates weak memory (a load may return an older
# store that the orderings allow) and picks thread interleavings from a seed; one seed
# explores one schedule, so the cross-thread tests run under many:
#   - the unit tests that cross threads, and the core unit tests, with
#     -Zmiri-many-seeds=0..MIRI_SEEDS (default 16);
#   - tests/tests/cross_thread.rs (a value handed between plain threads for every kind,
#     synchronised by the channel alone) with -Zmiri-many-seeds=0..MIRI_SEEDS;
#   - the proptest models (model_mpsc, model_dispatch, model_broadcast, model_watch) with
#     PROPTEST_CASES=MIRI_PROPTEST_CASES (default 8) cases each, for undefined behaviour on
#     the single-threaded paths the models reach. proptest looks for its regression files
#     and reads PROPTEST_CASES, so these run with -Zmiri-disable-isolation.
#
# Miri keeps its build in target/miri, apart from the normal build. A test too slow to
# interpret shrinks its counts under cfg(miri) or is ignored with its reason written down.
set -euo pipefail
cd "$(dirname "$0")/.."

deep=false
if [ "${1:-}" = "--deep" ]; then
    deep=true
    shift
fi

if ! rustup run nightly cargo miri --version >/dev/null 2>&1; then
    echo "installing the nightly toolchain's miri and rust-src components"
    rustup toolchain install nightly --profile minimal --no-self-update >/dev/null 2>&1 || true
    rustup component add --toolchain nightly miri rust-src
fi

base="${MIRIFLAGS:--Zmiri-strict-provenance}"
export MIRIFLAGS="$base"
rustup run nightly cargo miri setup >/dev/null
time rustup run nightly cargo miri test -p postage --lib -- "$@"
time rustup run nightly cargo miri test -p postage-tests --test drops -- "$@"

if $deep; then
    seeds="${MIRI_SEEDS:-16}"
    cases="${MIRI_PROPTEST_CASES:-8}"
    echo
    echo "==> weak memory: $seeds seeds over the cross-thread tests"
    export MIRIFLAGS="$base -Zmiri-many-seeds=0..$seeds"
    # Unit tests that cross threads (their names say so) and the cores.
    time rustup run nightly cargo miri test -p postage --lib -- thread core:: "$@"
    time rustup run nightly cargo miri test -p postage-tests --test cross_thread -- "$@"

    echo
    echo "==> proptest models, $cases cases each"
    export MIRIFLAGS="$base -Zmiri-disable-isolation"
    export PROPTEST_CASES="$cases"
    time rustup run nightly cargo miri test -p postage-tests \
        --test model_mpsc --test model_dispatch --test model_broadcast --test model_watch -- "$@"
fi
