#!/usr/bin/env bash
# Benchmark (issue 11): `attendance import` of ROWS guest rows without email (none matches a
# participant, so every row goes through the unmatched-name check) into one session. Each name
# is checked against the session's unmatched rows by a hash lookup, so the time grows with the
# rows, not with their square. The check: under 2 s for 80,000 rows (the median of RUNS).
#
#   bench/unmatched.sh BUILD_DIR [ROWS] [RUNS]
set -euo pipefail

build=${1:?usage: bench/unmatched.sh BUILD_DIR [ROWS] [RUNS]}
rows=${2:-80000}
runs=${3:-3}
limit=2.0

here=$(cd "$(dirname "$0")" && pwd)
out=$here/out/unmatched
bin=$(cd "$build" && pwd)/echo
[[ -x $bin ]] || { echo "no echo binary at $bin" >&2; exit 1; }
mkdir -p "$out"
cat >"$out/echo.toml" <<TOML
[database]
path = "hub.db"

[hub]
timezone = "America/Vancouver"
TOML
echo_() { "$bin" --config "$out/echo.toml" -q "$@"; }

# Guests "Guest 1" .. "Guest ROWS", no email, 45 minutes each, at session guests/1.
awk -v n="$rows" 'BEGIN { print "session,email,name,minutes"; for (i = 1; i <= n; i++) printf "guests/1,,Guest %d,45\n", i }' \
  >"$out/guests.csv"

times=()
for run in $(seq "$runs"); do
  rm -f "$out"/hub.db "$out"/hub.db-*
  echo_ series create guests --title "Guest benchmark" --start 2026-01-13 --time 12:00 >/dev/null
  echo_ series schedule guests >/dev/null
  start=$(date +%s.%N)
  echo_ attendance import "$out/guests.csv" >/dev/null
  end=$(date +%s.%N)
  t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  unmatched=$(sqlite3 "$out/hub.db" "SELECT count(*) FROM unmatched_row")
  echo "run $run: $rows guest rows in ${t}s ($unmatched unmatched rows)"
  times+=("$t")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: ${median}s for $rows rows (limit ${limit}s)"
awk -v m="$median" -v l="$limit" 'BEGIN { exit !(m < l) }' || { echo "FAIL: over ${limit}s" >&2; exit 1; }
