#!/usr/bin/env bash
# Benchmark of the ICS reader on hostile-but-plausible input.
# Usage: bench/ics.sh [BUILD_DIR]   (default ./build)
# Generates, then times `echo session import FILE --series bench --dry-run` on:
#   - rdate.ics  : one event with 40,000 RDATE lines (must finish under 2 s),
#   - nested.ics : 50,000 VALARMs nested in each other (must be refused with file:line, exit 65),
#   - long.ics   : one 10 MB unfolded DESCRIPTION line (refused with file:line, exit 65).
# Prints the wall time of each and fails (exit 1) when a limit or an expected outcome is missed.
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
exit $status
