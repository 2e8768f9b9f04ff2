#!/usr/bin/env bash
# Runs postage's unit tests, and the drop-accounting integration tests (panicking `drop` and
# `clone` included), under Miri (undefined behaviour, data races, leaks) with strict
# provenance. Installs the nightly Miri components when they are missing.
#
#   scripts/miri.sh [TEST_FILTER]
#
# Miri keeps its build in target/miri, apart from the normal build. A test too slow to
# interpret shrinks its counts under cfg(miri) or is ignored with its reason written down.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup run nightly cargo miri --version >/dev/null 2>&1; then
    echo "installing the nightly toolchain's miri and rust-src components"
    rustup toolchain install nightly --profile minimal --no-self-update >/dev/null 2>&1 || true
    rustup component add --toolchain nightly miri rust-src
fi

export MIRIFLAGS="${MIRIFLAGS:--Zmiri-strict-provenance}"
rustup run nightly cargo miri setup >/dev/null
time rustup run nightly cargo miri test -p postage --lib -- "$@"
time rustup run nightly cargo miri test -p postage-tests --test drops -- "$@"
