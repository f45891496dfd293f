#!/usr/bin/env bash
# The row reports against their bare SQL, in one run: `report participants` and `report credits`
# (--json, --totals html) on a hub built by bench/hub.sh, medians of RUNS interleaved runs
# (echo, then sqlite3, then echo ...), with echo's peak resident memory (/usr/bin/time).
# The floor is the report's statement in the sqlite3 shell writing its rows as JSON (.mode json).
#
#   bench/rows.sh BUILD_DIR HUB_DIR [RUNS]
#   bench/hub.sh build /tmp/hub2m 100000 5000 400 && bench/rows.sh build /tmp/hub2m
set -euo pipefail
build=${1:?usage: bench/rows.sh BUILD_DIR HUB_DIR [RUNS]}
hub=${2:?usage: bench/rows.sh BUILD_DIR HUB_DIR [RUNS]}
runs=${3:-5}
echo_bin=$(cd "$build" && pwd)/echo
db=$hub/echo.db
as_of_utc=2030-01-01T08:00:00Z

participants_sql="WITH scope AS (SELECT s.id, s.series_id FROM session s WHERE s.status <> 'cancelled' AND s.start_utc < '$as_of_utc'),
held AS (SELECT series_id, count(*) AS held FROM scope GROUP BY series_id),
ps AS (SELECT a.participant_id, sc.series_id, count(*) AS sessions, count(*) FILTER (WHERE a.minutes >= 45) AS eligible,
              sum(a.minutes) AS minutes FROM scope sc JOIN attendance a ON a.session_id = sc.id
        WHERE a.role = 'participant' GROUP BY a.participant_id, sc.series_id)
SELECT p.email, p.name, p.profession, p.region, sum(ps.sessions) AS sessions, sum(ps.eligible) AS eligible_sessions,
       sum(ps.minutes) AS minutes, sum(ps.eligible * r.credit_hours) AS credit_hours,
       group_concat(CASE WHEN ps.eligible > 0 AND ps.eligible * 100.0 >= 75 * h.held THEN r.code END) AS certificates,
       p.rural FROM ps JOIN held h ON h.series_id = ps.series_id JOIN series r ON r.id = ps.series_id
  JOIN participant p ON p.id = ps.participant_id GROUP BY p.id ORDER BY p.name_key, p.email, p.id;"
credits_sql="SELECT p.email, p.name, r.code AS series, r.code || '/' || s.number AS session, s.local_date AS date, s.topic,
       a.minutes, r.credit_hours, sum(r.credit_hours) OVER (PARTITION BY a.participant_id) AS total_credit_hours
  FROM session s JOIN attendance a ON a.session_id = s.id JOIN series r ON r.id = s.series_id
  JOIN participant p ON p.id = a.participant_id
 WHERE s.status <> 'cancelled' AND s.start_utc < '$as_of_utc' AND a.role = 'participant' AND a.minutes >= 45
 ORDER BY p.name_key, p.email, p.id, s.start_utc, s.id;"

ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
run_echo() { "$echo_bin" --config "$hub/echo.toml" -q "$@" --as-of 2030-01-01; }
run_sql() { sqlite3 -json "$db" "$1"; }

printf '%-40s %9s %9s %6s %10s\n' "report ($(sqlite3 "$db" 'SELECT count(*) FROM attendance') rows)" "echo ms" "sql ms" "ratio" "echo RSS"
for row in "participants --json|$participants_sql" "participants --format html|$participants_sql" \
           "credits --json|$credits_sql" "credits --totals --format html|$credits_sql"; do
  args=${row%%|*}
  sql=${row#*|}
  e=() s=()
  for ((i = 0; i < runs; i++)); do
    # shellcheck disable=SC2086
    e+=("$(ms run_echo report $args)")
    s+=("$(ms run_sql "$sql")")
  done
  em=$(printf '%s\n' "${e[@]}" | median)
  sm=$(printf '%s\n' "${s[@]}" | median)
  # shellcheck disable=SC2086
  rss=$( { /usr/bin/time -f %M "$echo_bin" --config "$hub/echo.toml" -q report $args --as-of 2030-01-01 >/dev/null; } 2>&1 | tail -n 1)
  printf '%-40s %9s %9s %6s %7s MiB\n' "report $args" "$em" "$sm" "$(awk -v e="$em" -v s="$sm" 'BEGIN {printf "%.2f", e / s}')" \
    "$((rss / 1024))"
done
