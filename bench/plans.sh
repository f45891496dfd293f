#!/usr/bin/env bash
# EXPLAIN QUERY PLAN of every report query, as echo runs it: every report (summary, series,
# attendance, participants, credits, credits --totals, credits --by-series, reach, competency,
# network, retention, registrations, evaluation) runs on HUB_DIR with bench/eqp.c preloaded,
# which writes each read-only statement's SQL and plan (its own bindings, on echo's connection)
# to OUT. Then the plan lines that scan a table (SCAN ...) without an index, per report.
#
#   bench/plans.sh BUILD_DIR HUB_DIR OUT
#   bench/hub.sh build /tmp/hub20k 8000 200 100 && bench/plans.sh build /tmp/hub20k /tmp/plans.txt
set -euo pipefail
build=${1:?usage: bench/plans.sh BUILD_DIR HUB_DIR OUT}
hub=${2:?usage: bench/plans.sh BUILD_DIR HUB_DIR OUT}
out=${3:?usage: bench/plans.sh BUILD_DIR HUB_DIR OUT}
here=$(cd "$(dirname "$0")" && pwd)
echo_bin=$(cd "$build" && pwd)/echo
shim=$(mktemp -d)/eqp.so
cc -shared -fPIC -O2 -o "$shim" "$here/eqp.c" -ldl -lsqlite3
series=$(sqlite3 "$hub/echo.db" "SELECT code FROM series ORDER BY id LIMIT 1 OFFSET 1")
series=${series:-$(sqlite3 "$hub/echo.db" "SELECT code FROM series ORDER BY id LIMIT 1")}
session="$series/2"
: >"$out"
for args in "summary" "series $series" "attendance" "participants" "credits" "credits --totals" \
            "credits --by-series" "reach --from 2025-01-01 --to 2025-05-31" "competency --by profession" \
            "network" "retention --series $series" "registrations" "evaluation --session $session"; do
  echo "##### report $args" >>"$out"
  as_of=(--as-of 2030-01-01)
  [[ $args == evaluation* ]] && as_of=() # an evaluation is of its session, whenever
  # shellcheck disable=SC2086
  ECHO_EQP_LOG=$out LD_PRELOAD=$shim "$echo_bin" --config "$hub/echo.toml" -q report $args "${as_of[@]}" \
    --json >/dev/null 2>>"$out" || echo "(exit $?)" >>"$out"
done
rm -f "$shim"
# Per report: the tables scanned whole (a SCAN without "USING ... INDEX"), but not the
# temporary b-trees and CTEs (their names are the CTEs').
awk '/^##### / {r = $0; sub(/^##### /, "", r)} /^=== SQL/ {s = 1} /^=== PLAN/ {s = 0}
     !s && /SCAN [a-z_]+( AS [a-z_0-9]+)?$/ {sub(/^ +/, ""); print r ": " $0}' "$out" | sort | uniq -c
