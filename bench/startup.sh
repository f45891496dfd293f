#!/usr/bin/env bash
# Start-up cost of echo against its floor: `sqlite3` answering a trivial query on the same
# database, and /bin/true (an exec and nothing else). For each command, on a small hub (the
# example schedule and participants):
#   - instructions, from callgrind's "Collected" total (valgrind --tool=callgrind): the same
#     number on every run, so it can be compared on a loaded machine;
#   - the median wall time of RUNS runs, the commands interleaved run by run, so that the load
#     of the machine falls on all of them alike.
# Usage: bench/startup.sh [BUILD_DIR] [RUNS]   (valgrind is optional: without it, times only)
# With BASE=path/to/an/older/echo, that binary's rows ("base: echo ...", on a hub it made
# itself) are measured in the same interleaved rounds: before and after a change in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-100}
echo_bin=$build/echo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$echo_bin" init "$work/hub" >/dev/null 2>&1
cfg=(--config "$work/hub/echo.toml")
# A small hub: the example schedule (10 sessions) and participants.
"$echo_bin" "${cfg[@]}" -q session import examples/schedules/palliative-care-2026.toml >/dev/null
"$echo_bin" "${cfg[@]}" -q participant import examples/participants.csv >/dev/null

db=$work/hub/echo.db
base=${BASE:-}
if [ -n "$base" ]; then
  "$base" init "$work/base" >/dev/null 2>&1
  "$base" --config "$work/base/echo.toml" -q session import examples/schedules/palliative-care-2026.toml >/dev/null
  "$base" --config "$work/base/echo.toml" -q participant import examples/participants.csv >/dev/null
fi
names=("/bin/true" "sqlite3 SELECT count(*) FROM series")
echo_args=("" "")
bins=(true sqlite3)
if [ -n "$base" ]; then
  # The floor moves with the schema: sqlite3 parses it too.
  names+=("base: sqlite3 SELECT count(*) FROM series")
  echo_args+=("")
  bins+=(base-sqlite3)
fi
for args in "--version" "config show" "series list" "session list" "participant list" "db info"; do
  if [ -n "$base" ]; then
    names+=("base: echo $args")
    echo_args+=("$args")
    bins+=(base)
  fi
  names+=("echo $args")
  echo_args+=("$args")
  bins+=(echo)
done

# Runs command number $1, after the words of a prefix (valgrind ...) when given.
# shellcheck disable=SC2086 # echo's arguments are words
run_cmd() {
  local i=$1
  shift
  case ${bins[$i]} in
    true) "$@" /bin/true ;;
    sqlite3) "$@" sqlite3 "$db" "SELECT count(*) FROM series" ;;
    base-sqlite3) "$@" sqlite3 "$work/base/echo.db" "SELECT count(*) FROM series" ;;
    base) "$@" "$base" --config "$work/base/echo.toml" ${echo_args[$i]} ;;
    *) "$@" "$echo_bin" "${cfg[@]}" ${echo_args[$i]} ;;
  esac
}

# Wall times: RUNS rounds, each running every command once.
declare -A times
for ((r = 0; r < runs; r++)); do
  for i in "${!names[@]}"; do
    start=$(date +%s%N)
    run_cmd "$i" >/dev/null 2>&1
    end=$(date +%s%N)
    times[$i]+="$(((end - start) / 1000)) "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Instructions: one callgrind run each (the same count on every run, give or take a few
# thousand for the environment).
instructions() {
  if ! command -v valgrind >/dev/null; then
    echo "-"
    return
  fi
  run_cmd "$1" valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" >/dev/null 2>"$work/callgrind.log"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/callgrind.log"
}

base_i=$(instructions 1)
base_t=$(median <<<"${times[1]}")
printf '%-40s %14s %10s %9s %9s\n' "command" "instructions" "median us" "x sqlite3" "x sqlite3"
printf '%-40s %14s %10s %9s %9s\n' "" "(callgrind)" "(wall)" "(instr)" "(wall)"
for i in "${!names[@]}"; do
  n=$(instructions "$i")
  t=$(median <<<"${times[$i]}")
  printf '%-40s %14s %10s %9s %9s\n' "${names[$i]}" "$n" "$t" \
    "$(awk -v n="$n" -v b="$base_i" 'BEGIN {if (n == "-" || b == "-") print "-"; else printf "%.2f", n / b}')" \
    "$(awk -v t="$t" -v b="$base_t" 'BEGIN {printf "%.2f", t / b}')"
done
