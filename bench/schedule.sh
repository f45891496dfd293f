#!/usr/bin/env bash
# Benchmark of schedule import and session listing.
# Usage: bench/schedule.sh [BUILD_DIR] [RUNS]   (default ./build, 5 runs)
# Generates a 2,000-session CSV schedule (4 series x 500 sessions), then reports the median
# wall time of `echo session import` (into a fresh database, and a re-import that changes
# nothing) and of `echo session list --series X --json` on a 500-session series.
set -euo pipefail

build=${1:-./build}
runs=${2:-5}
echo_bin=$(cd "$build" && pwd)/echo
[[ -x $echo_bin ]] || { echo "schedule.sh: no echo binary in $build (build target echo_exe first)" >&2; exit 66; }

work=$(mktemp -d "${TMPDIR:-/tmp}/echo-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '[hub]\ntimezone = "America/Vancouver"\n' > echo.toml

# 4 series x 500 weekly sessions from 2026-01-06, noon Pacific (spans 10 years of DST changes).
python3 - <<'PY' > schedule.csv 2>/dev/null || {
import datetime
print("series,key,date,time,duration,topic,presenters")
start = datetime.date(2026, 1, 6)
for s in range(4):
    for n in range(500):
        d = start + datetime.timedelta(days=7 * n + s)
        print(f"bench-{s},k{n:04d},{d.isoformat()},12:00,60,\"Topic {n}, part {s}\",p{n % 50}@example.org;q{s}@example.org")
PY
  # Without python: the same file with date(1).
  echo "series,key,date,time,duration,topic,presenters"
  for s in 0 1 2 3; do
    for ((n = 0; n < 500; n++)); do
      d=$(date -d "2026-01-06 + $((7 * n + s)) days" +%F)
      printf 'bench-%d,k%04d,%s,12:00,60,"Topic %d, part %d",p%d@example.org;q%d@example.org\n' \
        "$s" "$n" "$d" "$n" "$s" "$((n % 50))" "$s"
    done
  done > schedule.csv
}

now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.1f ms", ns / 1e6}'; }

fresh_db() {
  rm -f hub.db hub.db-wal hub.db-shm
  for s in 0 1 2 3; do
    "$echo_bin" --config echo.toml --database hub.db -q series create "bench-$s" --title "Bench $s" >/dev/null
  done
}

import_times=()
reimport_times=()
for ((i = 0; i < runs; i++)); do
  fresh_db
  t0=$(now_ns)
  out=$("$echo_bin" --config echo.toml --database hub.db session import schedule.csv)
  t1=$(now_ns)
  [[ $out == "inserted 2000, updated 0, unchanged 0, cancelled 0" ]] || { echo "unexpected: $out" >&2; exit 1; }
  import_times+=($((t1 - t0)))
  t0=$(now_ns)
  out=$("$echo_bin" --config echo.toml --database hub.db session import schedule.csv)
  t1=$(now_ns)
  [[ $out == "inserted 0, updated 0, unchanged 2000, cancelled 0" ]] || { echo "unexpected: $out" >&2; exit 1; }
  reimport_times+=($((t1 - t0)))
done

list_times=()
for ((i = 0; i < runs; i++)); do
  t0=$(now_ns)
  n=$("$echo_bin" --config echo.toml --database hub.db session list --series bench-2 --format jsonl | wc -l)
  t1=$(now_ns)
  [[ $n -eq 500 ]] || { echo "unexpected row count $n" >&2; exit 1; }
  list_times+=($((t1 - t0)))
done

echo "echo schedule benchmark ($runs runs, median wall time; $(nproc) CPUs)"
echo "  session import, 2,000 sessions, fresh database : $(ms "$(printf '%s\n' "${import_times[@]}" | median)")"
echo "  session import, same file again (unchanged)    : $(ms "$(printf '%s\n' "${reimport_times[@]}" | median)")"
echo "  session list --series (500 sessions, jsonl)    : $(ms "$(printf '%s\n' "${list_times[@]}" | median)")"
