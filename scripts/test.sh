#!/usr/bin/env bash
# Installs what is missing, builds echo with warnings as errors, and runs the whole test suite
# (unit and end-to-end). This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build=${ECHO_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DECHO_BUILD_TESTS=ON -DECHO_WERROR=ON >/dev/null
cmake --build "$build" -j"$jobs"
ctest --test-dir "$build" -j"$jobs" --output-on-failure --timeout 300
