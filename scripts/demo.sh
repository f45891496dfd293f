#!/usr/bin/env bash
# Installs what is missing, builds echo, and runs the main job on the bundled example hub
# (examples/): a fresh hub database under build/demo/, shown with its config and contents.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" --target echo_exe

demo=build/demo
rm -rf "$demo"
mkdir -p "$demo"

if [ -t 2 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain" >&2; }
hub() {
  step "echo $*"
  ./build/echo --config examples/echo.toml --database "$demo/echo.db" "$@"
}

# init writes a commented config template and an empty database at the current schema; the
# example hub's own settings are in examples/echo.toml.
step "echo init $demo"
./build/echo init "$demo"

hub config show --format table
hub db info --format table
hub db check
