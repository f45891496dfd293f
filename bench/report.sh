#!/usr/bin/env bash
# Times `echo report series` and `echo report summary` against the same aggregates written as
# bare SQL in the sqlite3 shell, on a hub of 2,000 sessions, 5,000 participants and 200,000
# attendance records. Usage: bench/report.sh BUILD_DIR [RUNS]   (goal: echo within 1.5x)
set -euo pipefail

build=${1:?usage: bench/report.sh BUILD_DIR [RUNS]}
runs=${2:-7}
echo_bin=$(cd "$build" && pwd)/echo
[[ -x $echo_bin ]] || { echo "no echo binary in $build" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI not found" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/echo-bench-report.XXXXXX")
trap 'rm -rf "$work"' EXIT
cfg=$work/echo.toml
dbf=$work/echo.db

# The database is created by echo itself (schema included), then filled with SQL. No ANALYZE:
# the benchmark measures the plans users get (echo refreshes statistics itself after a large
# import, PRAGMA optimize; a hub filled by SQL has none).
"$echo_bin" -q init "$work" >/dev/null
sqlite3 "$dbf" <<'SQL'
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO series (id, code, title, timezone, credit_hours, created_at, updated_at)
SELECT i, printf('s-%02d', i), printf('Series %d', i), 'America/Vancouver', 1.0 + (i % 3) * 0.5,
       '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n;
-- 20 series x 100 weekly sessions from 2024-01-02; every 37th cancelled.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)
INSERT INTO session (id, series_id, key, local_date, local_time, start_utc, duration, topic, status, created_at, updated_at)
SELECT i + 1, i / 100 + 1, date('2024-01-02', '+' || ((i % 100) * 7 + i / 100) || ' days'),
       date('2024-01-02', '+' || ((i % 100) * 7 + i / 100) || ' days'), '12:00',
       date('2024-01-02', '+' || ((i % 100) * 7 + i / 100) || ' days') || 'T20:00:00Z', 60,
       'Topic ' || i, CASE WHEN i % 37 = 5 THEN 'cancelled' ELSE 'scheduled' END,
       '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO participant (id, name, name_key, email, profession, region, rural, created_at, updated_at)
SELECT i, 'Person ' || i, 'person ' || i, 'p' || i || '@example.org',
       CASE i % 6 WHEN 0 THEN 'Nurse' WHEN 1 THEN 'Physician' WHEN 2 THEN 'Pharmacist'
                  WHEN 3 THEN 'Social worker' WHEN 4 THEN NULL ELSE 'Nurse practitioner' END,
       CASE i % 5 WHEN 0 THEN 'Interior' WHEN 1 THEN 'Fraser' WHEN 2 THEN 'Northern'
                  WHEN 3 THEN 'Island' ELSE '' END,
       i % 3 = 0, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n;
-- 100 distinct people per session (k * 31 < 5000 keeps them distinct); 1 in 20 in a hub role.
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 99)
INSERT INTO attendance (session_id, participant_id, role, minutes, source, created_at, updated_at)
SELECT s.id, ((s.id * 7919 + k.j * 31) % 5000) + 1,
       CASE WHEN k.j % 20 = 0 THEN 'hub' ELSE 'participant' END,
       10 + abs(random() % 61), 'zoom', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'
  FROM session s CROSS JOIN k;
INSERT INTO case_presentation (session_id, presenter_id, title, created_at)
SELECT id, (id % 5000) + 1, 'Case ' || id, '2024-01-01T00:00:00Z' FROM session WHERE id % 2 = 0;
COMMIT;

SQL

as_of_local="2025-06-01"
as_of_utc="2025-06-01T07:00:00Z" # midnight in Vancouver (PDT)
echo "hub: $(sqlite3 "$dbf" 'SELECT count(*) FROM session') sessions, $(sqlite3 "$dbf" 'SELECT count(*) FROM participant') participants, $(sqlite3 "$dbf" 'SELECT count(*) FROM attendance') attendance rows"

# The same figures as bare SQL: session counts, then participations per participant and series
# rolled up into totals and breakdowns (eligible >= 45 minutes, certificate at 75 %).
bare_sql() { # $1: series id or NULL
  cat <<SQL
WITH scope AS (SELECT id, series_id, local_date, status,
                      CASE WHEN status <> 'cancelled' AND start_utc < '$as_of_utc' THEN 1 ELSE 0 END AS held
                 FROM session WHERE ($1 IS NULL OR series_id = $1))
SELECT count(*), sum(held), sum(status = 'cancelled'), count(DISTINCT CASE WHEN held = 1 THEN series_id END),
       (SELECT count(*) FROM scope JOIN case_presentation c ON c.session_id = scope.id WHERE scope.held = 1),
       min(local_date) FROM scope;
WITH scope AS (SELECT id, series_id FROM session
                WHERE ($1 IS NULL OR series_id = $1) AND status <> 'cancelled' AND start_utc < '$as_of_utc'),
held AS (SELECT series_id, count(*) AS held FROM scope GROUP BY series_id),
ps AS (SELECT a.participant_id, sc.series_id, count(*) AS sessions, sum(a.minutes >= 45) AS eligible,
              sum(a.minutes) AS minutes
         FROM scope sc JOIN attendance a ON a.session_id = sc.id WHERE a.role = 'participant'
        GROUP BY a.participant_id, sc.series_id),
pp AS MATERIALIZED (
  SELECT ps.participant_id, sum(ps.sessions) AS sessions, sum(ps.eligible) AS eligible, sum(ps.minutes) AS minutes,
         sum(ps.eligible * r.credit_hours) AS credit_hours,
         sum(ps.eligible > 0 AND ps.eligible * 100.0 >= 75 * h.held) AS certificates,
         coalesce(nullif(trim(p.profession), ''), '(unknown)') AS profession,
         coalesce(nullif(trim(p.region), ''), '(unknown)') AS region, p.rural,
         NOT EXISTS (SELECT 1 FROM attendance a2
                      WHERE a2.participant_id = ps.participant_id AND a2.role = 'participant'
                        AND a2.session_id IN (SELECT id FROM session s2
                              WHERE s2.status <> 'cancelled' AND s2.start_utc < '$as_of_utc'
                                AND s2.local_date < (SELECT min(local_date) FROM session
                                                      WHERE ($1 IS NULL OR series_id = $1)))) AS is_new
    FROM ps JOIN held h ON h.series_id = ps.series_id JOIN series r ON r.id = ps.series_id
    JOIN participant p ON p.id = ps.participant_id
   GROUP BY ps.participant_id)
SELECT 'total', NULL, count(*), sum(sessions), sum(eligible), sum(minutes), round(sum(credit_hours), 2),
       sum(certificates), sum(is_new), sum(rural) FROM pp
UNION ALL SELECT 'profession', profession, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM pp GROUP BY profession
UNION ALL SELECT 'region', region, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM pp GROUP BY region;
SQL
}
bare_sql 3 >"$work/series.sql"
bare_sql NULL >"$work/summary.sql"

now_ns() { date +%s%N; }
# Median wall time in milliseconds of `runs` runs of the command (after one warm-up run).
median_ms() {
  "$@" >/dev/null
  local times=() t0 t1
  for ((r = 0; r < runs; r++)); do
    t0=$(now_ns)
    "$@" >/dev/null
    t1=$(now_ns)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000}'
}

run_echo() { "$echo_bin" --config "$cfg" --database "$dbf" "$@"; }
run_sql() { sqlite3 "$dbf" <"$1"; }

printf '%-28s %10s %10s %7s\n' "report" "echo ms" "sqlite3 ms" "ratio"
status=0
for which in series summary; do
  if [[ $which == series ]]; then
    e=$(median_ms run_echo report series s-03 --as-of "$as_of_local" --json)
  else
    e=$(median_ms run_echo report summary --as-of "$as_of_local" --json)
  fi
  s=$(median_ms run_sql "$work/$which.sql")
  ratio=$(awk -v e="$e" -v s="$s" 'BEGIN {printf "%.2f", e / s}')
  printf '%-28s %10s %10s %7s\n' "report $which" "$e" "$s" "$ratio"
  awk -v r="$ratio" 'BEGIN {exit !(r <= 1.5)}' || status=1
done
# The figures agree: echo's JSON against the bare SQL's totals row.
echo_p=$(run_echo report summary --as-of "$as_of_local" --json | sed -n 's/.*"participations": \([0-9]*\).*/\1/p')
sql_p=$(run_sql "$work/summary.sql" | awk -F'|' '$1 == "total" {print $4}')
echo "summary participations: echo $echo_p, sqlite3 $sql_p"
[[ $echo_p == "$sql_p" ]] || { echo "figures differ" >&2; status=1; }
exit $status
