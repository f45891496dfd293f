#!/usr/bin/env bash
# Benchmark of schedule import and session listing.
# Usage: bench/schedule.sh [BUILD_DIR] [RUNS]   (default ./build, 5 runs)
# Generates a 2,000-session CSV schedule (4 series x 500 sessions), then reports the median
# wall time of `echo session import` (into a fresh database, and a re-import that changes
# nothing) and of `echo session list --series X --json` on a 500-session series.
# Then a 5,000-session TOML schedule (one series, a presenter and a facilitator each): a fresh
# import and an unchanged re-import (answered from the ledger's hash), and the same sessions as
# a CSV schedule (a fresh import), against the floor,
# `sqlite3 .import` of the same rows into a table with a unique (series, key) index, and the
# sqlite3_prepare calls of each import (an LD_PRELOAD shim, when cc is there).
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

# --- 5,000-session TOML: fresh import, unchanged re-import, floor -----------------------------
python3 - <<'PY'
import datetime
with open("big.toml", "w") as f, open("big.csv", "w") as c:
    f.write('[series]\ncode = "big"\ntitle = "Big ECHO"\ntimezone = "America/Vancouver"\ntime = "12:00"\n\n')
    d0 = datetime.date(2026, 1, 5)
    for n in range(5000):
        d = d0 + datetime.timedelta(days=n)
        f.write(f'[[session]]\nkey = "s{n:04d}"\ndate = {d.isoformat()}\ntime = 12:00:00\ntopic = "Topic {n}"\n'
                f'presenters = ["p{n % 50}@example.org"]\nfacilitator = "f{n % 7}@example.org"\n\n')
        c.write(f'big,s{n:04d},{d.isoformat()},12:00,60,Topic {n},p{n % 50}@example.org,f{n % 7}@example.org\n')
# The same sessions as a CSV schedule (echo's columns, with a header).
with open("big.csv") as c, open("big-schedule.csv", "w") as s:
    s.write("series,key,date,time,duration,topic,presenters,facilitator\n")
    s.write(c.read())
PY
# sqlite3_prepare_v2 calls counted by an LD_PRELOAD shim (when a C compiler is there).
shim=""
if command -v cc >/dev/null; then
  cat > prepare_count.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
typedef int (*prep_fn)(void*, const char*, int, void**, const char**);
static long count;
static void report(void) {
  FILE* f = fopen(getenv("PREPARE_COUNT_FILE"), "w");
  if (f) { fprintf(f, "%ld\n", count); fclose(f); }
}
int sqlite3_prepare_v2(void* db, const char* sql, int n, void** stmt, const char** tail) {
  static prep_fn real;
  if (!real) {
    real = (prep_fn)dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
    if (getenv("PREPARE_COUNT_FILE")) atexit(report);
  }
  ++count;
  return real(db, sql, n, stmt, tail);
}
C
  cc -O2 -shared -fPIC -o prepare_count.so prepare_count.c -ldl 2>/dev/null && shim=$PWD/prepare_count.so
fi
big_fresh=() big_again=() big_csv=() floor=()
for ((i = 0; i < runs; i++)); do
  rm -f big.db big.db-wal big.db-shm floor.db
  # The database exists first: creating it is not the import's work.
  "$echo_bin" --config echo.toml --database big.db -q series create other --title Other >/dev/null
  t0=$(now_ns)
  out=$(LD_PRELOAD=$shim PREPARE_COUNT_FILE=$PWD/prep.fresh "$echo_bin" --config echo.toml --database big.db \
    session import big.toml)
  t1=$(now_ns)
  [[ $out == "inserted 5000, updated 0, unchanged 0, cancelled 0" ]] || { echo "unexpected: $out" >&2; exit 1; }
  big_fresh+=($((t1 - t0)))
  t0=$(now_ns)
  out=$(LD_PRELOAD=$shim PREPARE_COUNT_FILE=$PWD/prep.again "$echo_bin" --config echo.toml --database big.db \
    session import big.toml)
  t1=$(now_ns)
  [[ $out == "inserted 0, updated 0, unchanged 5000, cancelled 0" ]] || { echo "unexpected: $out" >&2; exit 1; }
  big_again+=($((t1 - t0)))
  # The same 5,000 sessions from CSV, into a database where the series exists.
  rm -f csv.db csv.db-wal csv.db-shm
  "$echo_bin" --config echo.toml --database csv.db -q series create big --title "Big ECHO" >/dev/null
  t0=$(now_ns)
  out=$("$echo_bin" --config echo.toml --database csv.db session import big-schedule.csv)
  t1=$(now_ns)
  [[ $out == "inserted 5000, updated 0, unchanged 0, cancelled 0" ]] || { echo "unexpected: $out" >&2; exit 1; }
  big_csv+=($((t1 - t0)))
  sqlite3 floor.db "CREATE TABLE s (series TEXT, key TEXT, date TEXT, time TEXT, duration INT, topic TEXT,
                    presenter TEXT, facilitator TEXT, UNIQUE (series, key));"
  t0=$(now_ns)
  sqlite3 floor.db ".mode csv" ".import big.csv s"
  t1=$(now_ns)
  floor+=($((t1 - t0)))
done
med() { printf '%s\n' "$@" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
f_fresh=$(med "${big_fresh[@]}") f_again=$(med "${big_again[@]}") f_csv=$(med "${big_csv[@]}")
f_floor=$(med "${floor[@]}")
echo "  5,000-session TOML, fresh import               : $(ms "$f_fresh") ($(ratio "$f_fresh" "$f_floor") the floor)"
echo "  5,000-session TOML, unchanged re-import        : $(ms "$f_again") ($(ratio "$f_again" "$f_floor") the floor)"
echo "  5,000-session CSV, fresh import                : $(ms "$f_csv") ($(ratio "$f_csv" "$f_floor") the floor)"
echo "  floor: sqlite3 .import of the same 5,000 rows  : $(ms "$f_floor")"
[[ -z $shim ]] || echo "  sqlite3_prepare calls, fresh / re-import       : $(cat prep.fresh) / $(cat prep.again)"
