#!/usr/bin/env bash
# Builds a benchmark hub: `echo init` (the schema), then series, sessions, participants and
# attendance written with SQL in one transaction (echo's own imports of 2,000,000 rows take
# minutes; the hub they would build is the same). No ANALYZE: a hub has the statistics echo
# itself keeps, nothing more.
#
#   bench/hub.sh BUILD_DIR DIR PEOPLE SESSIONS ROWS_PER_SESSION
#   bench/hub.sh build /tmp/hub2m 100000 5000 400   # the network-sized hub: 2,000,000 rows
#   bench/hub.sh build /tmp/hub200k 8000 2000 100   # 200,000 rows
set -euo pipefail
build=${1:?usage: bench/hub.sh BUILD_DIR DIR PEOPLE SESSIONS ROWS_PER_SESSION}
dir=${2:?usage}
people=${3:-100000}
sessions=${4:-5000}
per=${5:-400}
echo_bin=$(cd "$build" && pwd)/echo
(( per * (people / per) <= people && per <= people )) || { echo "ROWS_PER_SESSION exceeds PEOPLE" >&2; exit 2; }
stride=$((people / per))
rm -rf "$dir"
"$echo_bin" -q init "$dir" >/dev/null
series=$(( sessions / 100 > 0 ? sessions / 100 : 1 ))
sqlite3 "$dir/echo.db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $series)
INSERT INTO series (id, code, title, timezone, credit_hours, created_at, updated_at)
SELECT i, printf('s-%03d', i), printf('Series %d', i), 'America/Vancouver', 1.0 + (i % 3) * 0.5,
       '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n;
-- Weekly sessions per series from 2024-01-02; every 37th cancelled.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $sessions - 1)
INSERT INTO session (id, series_id, key, number, local_date, local_time, start_utc, duration, topic, status,
                     created_at, updated_at)
SELECT i + 1, i % $series + 1, 'k' || i, i / $series + 1,
       date('2024-01-02', '+' || ((i / $series) * 7 + i % 7) || ' days'), '12:00',
       date('2024-01-02', '+' || ((i / $series) * 7 + i % 7) || ' days') || 'T20:00:00Z', 60,
       'Topic ' || i, CASE WHEN i % 37 = 5 THEN 'cancelled' ELSE 'scheduled' END,
       '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $people)
INSERT INTO participant (id, name, name_key, email, profession, region, rural, created_at, updated_at)
SELECT i, 'Person ' || i, 'person ' || printf('%07d', i), 'p' || i || '@example.org',
       CASE i % 6 WHEN 0 THEN 'Nurse' WHEN 1 THEN 'Physician' WHEN 2 THEN 'Pharmacist'
                  WHEN 3 THEN 'Social worker' WHEN 4 THEN NULL ELSE 'Nurse practitioner' END,
       CASE i % 5 WHEN 0 THEN 'Interior' WHEN 1 THEN 'Fraser' WHEN 2 THEN 'Northern'
                  WHEN 3 THEN 'Island' ELSE '' END,
       i % 3 = 0, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n;
-- ROWS_PER_SESSION distinct people per session; 1 in 20 in a hub role.
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < $per - 1)
INSERT INTO attendance (session_id, participant_id, role, minutes, source, created_at, updated_at)
SELECT s.id, ((s.id * 7919 + k.j * $stride) % $people) + 1,
       CASE WHEN k.j % 20 = 0 THEN 'hub' ELSE 'participant' END,
       10 + abs(random() % 61), 'zoom', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'
  FROM session s CROSS JOIN k;
COMMIT;
SQL
echo "hub $dir: $(sqlite3 "$dir/echo.db" 'SELECT count(*) FROM session') sessions, $(sqlite3 "$dir/echo.db" 'SELECT count(*) FROM participant') participants, $(sqlite3 "$dir/echo.db" 'SELECT count(*) FROM attendance') attendance rows"
