#!/usr/bin/env bash
# Installs what is missing, checks the formatting, builds echo with warnings as errors, and runs
# the whole test suite (unit and end-to-end). This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# Formatting is checked first: it takes a second, and a red build for a missing space is late.
git ls-files -z '*.cpp' '*.hpp' '*.h' | xargs -0 clang-format --dry-run -Werror
build=${ECHO_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DECHO_BUILD_TESTS=ON -DECHO_WERROR=ON >/dev/null
cmake --build "$build" -j"$jobs"
ctest --test-dir "$build" -j"$jobs" --output-on-failure --timeout 300
