#!/usr/bin/env bash
# Runs postage's unit tests and the integration, model and soak tests (the tests/ crate)
# under ThreadSanitizer and AddressSanitizer. Installs the nightly toolchain's rust-src
# component when it is missing.
#
#   scripts/sanitizers.sh [thread|address]...     (default: thread address)
#   scripts/sanitizers.sh thread -- select_soak   (arguments after -- go to the test binaries)
#
# Both sanitizers need the standard library rebuilt with the same flag (-Zbuild-std), so
# each gets its own target directory (target/sanitizer-thread, target/sanitizer-address)
# and never invalidates the normal build. `--target` keeps RUSTFLAGS off the host build:
# the proc-macro crate and build scripts run uninstrumented, as they must.
#
# What runs: `cargo test -p postage --lib` and `cargo test -p postage-tests --tests`, i.e.
# every unit test, every integration test on every executor, the proptest models (default
# case counts), the drop-accounting tests, the soak tests and the select! soak.
#
# What does not run, and why:
# - doctests: rustdoc builds each example as its own crate; the examples are covered by
#   `cargo test` and exercise nothing the unit tests do not.
# - ui-tests (trybuild): they compile code and compare compiler output; nothing runs
#   concurrently, and the instrumented build would only change the diagnostics' paths.
# - the loom models (postage/tests/loom_*.rs): they need `--cfg postage_loom`, which swaps
#   the sync facade for loom's simulated atomics and runs every interleaving on one
#   thread; a sanitizer has nothing to observe there (scripts/loom.sh runs them).
# - the benches: they measure speed; instrumented timings mean nothing.
#
# ThreadSanitizer does not model `std::sync::atomic::fence` and reports false races
# around it. The standard library avoids fences when built with `-Zsanitizer=thread`
# (Arc, for one, switches to an acquire load), which is why it is rebuilt here. postage
# has fences in one file: postage/src/core/queue.rs (mpsc, dispatch) issues
# `fence(SeqCst)` in its no-lost-wake-up hand-off (after a push or a freed slot, before
# loading the `signal` word; after setting a waiting bit, before looking at the buffer
# again; before draining for a gone receiver). Those fences order only atomic accesses
# against each other (which waiting bit or slot stamp the other side sees); every
# non-atomic access (a slot's value, the waiter lists) is ordered by the slots'
# release/acquire stamps or by the mutex, which TSan does model. So a fence TSan ignores
# can neither hide a data race from it nor make it report one, and no suppression covers
# postage. Suppressions are in scripts/tsan.supp, each with its reason: one, inside
# tokio's I/O driver (reached by tests/tests/chat.rs), none in postage.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-unknown-linux-gnu
sanitizers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    case "$1" in
    thread | address) sanitizers+=("$1") ;;
    *)
        echo "unknown sanitizer '$1' (thread or address)" >&2
        exit 2
        ;;
    esac
    shift
done
[ $# -gt 0 ] && shift
[ ${#sanitizers[@]} -eq 0 ] && sanitizers=(thread address)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "installing the nightly toolchain"
    rustup toolchain install nightly --profile minimal --no-self-update
fi
if ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
    echo "installing the nightly rust-src component (for -Zbuild-std)"
    rustup component add --toolchain nightly rust-src
fi

# halt_on_error: the first report fails the run, rather than a summary at the end.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan.supp}"
# detect_leaks: LeakSanitizer runs with AddressSanitizer; global executors' threads and
# queues stay reachable from statics and are not reported.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1 detect_leaks=1}"

for sanitizer in "${sanitizers[@]}"; do
    echo
    echo "==> ${sanitizer} sanitizer"
    start=$SECONDS
    export RUSTFLAGS="-Zsanitizer=${sanitizer}"
    export CARGO_TARGET_DIR="target/sanitizer-${sanitizer}"
    common=(-Zbuild-std --target "$target")
    rustup run nightly cargo test "${common[@]}" -p postage --lib -- "$@"
    rustup run nightly cargo test "${common[@]}" -p postage-tests --tests -- "$@"
    echo "${sanitizer} sanitizer: passed in $((SECONDS - start)) s"
done
