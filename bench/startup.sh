#!/usr/bin/env bash
# Start-up cost of echo against sqlite3 doing a trivial query: median wall time of many runs of
#   echo --version, config show, and listings on a small hub (series, sessions, participants)
# versus `sqlite3 DB "SELECT count(*) FROM series"`. Usage: bench/startup.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-200}
echo_bin=$build/echo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$echo_bin" init "$work/hub" >/dev/null 2>&1
cfg=(--config "$work/hub/echo.toml")
# A small hub: the example schedule (10 sessions) and participants.
"$echo_bin" "${cfg[@]}" -q session import examples/schedules/palliative-care-2026.toml >/dev/null
"$echo_bin" "${cfg[@]}" -q participant import examples/participants.csv >/dev/null

# Median wall time in microseconds of running "$@" $runs times.
median_us() {
  local times=() i start end
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

base=$(median_us sqlite3 "$work/hub/echo.db" "SELECT count(*) FROM series")
printf '%-36s %8s us\n' "sqlite3 trivial query" "$base"
for args in "--version" "config show" "series list" "session list" "participant list" "db info"; do
  # shellcheck disable=SC2086
  t=$(median_us "$echo_bin" "${cfg[@]}" $args)
  printf '%-36s %8s us  %5.2fx sqlite3\n' "echo $args" "$t" "$(awk -v t="$t" -v b="$base" 'BEGIN {print t / b}')"
done
