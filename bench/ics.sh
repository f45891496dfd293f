#!/usr/bin/env bash
# Benchmark of the ICS reader on hostile-but-plausible input.
# Usage: bench/ics.sh [BUILD_DIR]   (default ./build)
# Generates, then times `echo session import FILE --series bench --dry-run` on:
#   - rdate.ics  : one event with 40,000 RDATE lines (must finish under 2 s),
#   - nested.ics : 50,000 VALARMs nested in each other (must be refused with file:line, exit 65),
#   - long.ics   : one 10 MB unfolded DESCRIPTION line (refused with file:line, exit 65).
# Prints the wall time of each and fails (exit 1) when a limit or an expected outcome is missed.
# Then imports a 5,000-event calendar (one TZID'd event a day) into a fresh series, against the
# floor (`sqlite3 .import` of the same rows into a table with a unique (series, key) index), and
# counts the reader's stat() calls (strace, when there).
set -euo pipefail

build=${1:-./build}
echo_bin=$(cd "$build" && pwd)/echo
[[ -x $echo_bin ]] || { echo "ics.sh: no echo binary in $build (build target echo_exe first)" >&2; exit 66; }

work=$(mktemp -d "${TMPDIR:-/tmp}/echo-bench-ics.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '[hub]\ntimezone = "America/Vancouver"\n' > echo.toml
"$echo_bin" --config echo.toml --database hub.db -q series create bench --title "Bench" >/dev/null

python3 - <<'PY'
import datetime
head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//ics.sh//EN\r\n"
with open("rdate.ics", "w", newline="") as f:
    f.write(head)
    f.write("BEGIN:VEVENT\r\nUID:rdate@bench\r\nDTSTAMP:20260101T000000Z\r\n"
            "DTSTART;TZID=America/Vancouver:20260105T120000\r\nDURATION:PT1H\r\nSUMMARY:Many RDATEs\r\n")
    day = datetime.datetime(2026, 1, 6, 12, 0)
    for n in range(40000):
        f.write("RDATE;TZID=America/Vancouver:" + (day + datetime.timedelta(hours=n)).strftime("%Y%m%dT%H%M%S") + "\r\n")
    f.write("END:VEVENT\r\nEND:VCALENDAR\r\n")
with open("nested.ics", "w", newline="") as f:
    f.write(head)
    f.write("BEGIN:VEVENT\r\nUID:nested@bench\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T200000Z\r\n")
    f.write("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\n" * 50000)
    f.write("END:VALARM\r\n" * 50000)
    f.write("END:VEVENT\r\nEND:VCALENDAR\r\n")
with open("long.ics", "w", newline="") as f:
    f.write(head)
    f.write("BEGIN:VEVENT\r\nUID:long@bench\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T200000Z\r\n")
    f.write("DESCRIPTION:" + "\r\n ".join(["x" * 73] * (10 * 1024 * 1024 // 73)) + "\r\n")
    f.write("END:VEVENT\r\nEND:VCALENDAR\r\n")
PY

now_ns() { date +%s%N; }
status=0
run() { # name expected-exit limit-ms
  local name=$1 want=$2 limit=$3 t0 t1 code=0 ms
  t0=$(now_ns)
  "$echo_bin" --config echo.toml --database hub.db session import "$name" --series bench --dry-run \
    >"$name.out" 2>"$name.err" || code=$?
  t1=$(now_ns)
  ms=$(((t1 - t0) / 1000000))
  printf '  %-11s exit %-3s %6d ms  %s\n' "$name" "$code" "$ms" "$(head -c 160 "$name.err" | tr '\n' ' ')"
  if [[ $code -ne $want ]]; then echo "  ^ expected exit $want" >&2; status=1; fi
  if ((ms > limit)); then echo "  ^ over the ${limit} ms limit" >&2; status=1; fi
}
echo "echo ICS reader benchmark ($(nproc) CPUs)"
run rdate.ics 0 2000
run nested.ics 65 2000
run long.ics 65 2000
# --- 5,000 events: import against the floor, and the stat() calls of the reader ----------------
python3 - <<'PY'
import datetime
with open("events.ics", "w", newline="") as f, open("events.csv", "w") as c:
    f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//ics.sh//EN\r\n")
    d0 = datetime.datetime(2026, 1, 5, 12, 0)
    for n in range(5000):
        d = d0 + datetime.timedelta(days=n)
        f.write(f"BEGIN:VEVENT\r\nUID:ev{n}@bench\r\nDTSTAMP:20260101T000000Z\r\n"
                f"DTSTART;TZID=America/Vancouver:{d.strftime('%Y%m%dT%H%M%S')}\r\nDURATION:PT1H\r\n"
                f"SUMMARY:Topic {n}\r\nEND:VEVENT\r\n")
        c.write(f"bench,ev{n},{d.date().isoformat()},12:00,60,Topic {n}\n")
    f.write("END:VCALENDAR\r\n")
PY
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
ics_times=() floor_times=()
for ((i = 0; i < 5; i++)); do
  rm -f events.db events.db-wal events.db-shm floor.db
  "$echo_bin" --config echo.toml --database events.db -q series create bench --title "Bench" >/dev/null
  t0=$(now_ns)
  out=$("$echo_bin" --config echo.toml --database events.db session import events.ics --series bench)
  t1=$(now_ns)
  [[ $out == "inserted 5000, updated 0, unchanged 0, cancelled 0" ]] || { echo "unexpected: $out" >&2; status=1; }
  ics_times+=($((t1 - t0)))
  sqlite3 floor.db "CREATE TABLE s (series TEXT, key TEXT, date TEXT, time TEXT, duration INT, topic TEXT,
                    UNIQUE (series, key));"
  t0=$(now_ns)
  sqlite3 floor.db ".mode csv" ".import events.csv s"
  t1=$(now_ns)
  floor_times+=($((t1 - t0)))
done
ics_ms=$(printf '%s\n' "${ics_times[@]}" | median) floor_ms=$(printf '%s\n' "${floor_times[@]}" | median)
awk -v a="$ics_ms" -v b="$floor_ms" 'BEGIN {
  printf "  events.ics  5,000 events imported: %.1f ms, floor (sqlite3 .import of the same rows) %.1f ms: %.2fx\n",
         a / 1e6, b / 1e6, a / b }'
if command -v strace >/dev/null; then
  # stat() calls: the time zone database is read once per process, not once per event.
  strace -f -c -e trace=stat,lstat,newfstatat,statx -o stat.txt \
    "$echo_bin" --config echo.toml --database events.db session import events.ics --series bench --dry-run >/dev/null
  echo "  events.ics  stat() calls, dry run: $(awk '$NF == "total" {print $4}' stat.txt)"
fi
exit $status
