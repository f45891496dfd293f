#!/usr/bin/env bash
# Issue 17's table in one run: echo against its floor for every kind of work, medians of RUNS
# runs interleaved (echo, floor, echo, floor ...), with echo's peak resident memory.
#   - imports: `attendance import` of a generic CSV against `sqlite3 .import` of the same file
#     into a table with a unique (session, email) index; Zoom files one by one against
#     `sqlite3 .import` of each file (the median per file over the files, alternating);
#   - reports: the report against its bare SQL in the sqlite3 shell writing its rows as JSON, on
#     a small hub (8,000 people, 20,000 rows) and on the network-sized one (100,000 people,
#     2,000,000 rows), both built through echo's own imports by bench/hub.sh (so with the
#     statistics echo keeps, and no ANALYZE from the bench);
#   - listings against `sqlite3` start-up with a trivial query, `echo --version` against /bin/true.
#
#   bench/table.sh BUILD_DIR [RUNS]
# Sizes (environment): SMALL="8000 200 100" and BIG="100000 5000 400" (PEOPLE SESSIONS
# ROWS_PER_SESSION for bench/hub.sh; BIG="" skips the big hub), IMPORTS="1000000 100000 10000"
# (rows of the import rows; "" skips them), ZOOM_FILES=500 (0 skips), ONLY=REGEX (only the
# rows whose label matches; SMALL="" skips the small hub and the listings). WORK=DIR keeps the hubs
# and files there (reused when present, so a second run does not build them again).
set -euo pipefail
build=${1:?usage: bench/table.sh BUILD_DIR [RUNS]}
runs=${2:-5}
small=${SMALL-8000 200 100}
big=${BIG-100000 5000 400}
imports=${IMPORTS-1000000 100000 10000}
zoom_files=${ZOOM_FILES:-500}
only=${ONLY:-} # a regular expression: only the rows whose label matches (all when empty)
here=$(cd "$(dirname "$0")" && pwd)
echo_bin=$(cd "$build" && pwd)/echo
[[ -x $echo_bin ]] || { echo "no echo binary in $build" >&2; exit 2; }
work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/echo-bench-table.XXXXXX")}
mkdir -p "$work"
work=$(cd "$work" && pwd)
as_of=2030-01-01
as_of_utc=2030-01-01T08:00:00Z

# One timed run of "$@" (output discarded): sets ms (wall) and kib (peak RSS).
timed() {
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  t1=$(date +%s%N)
  ms=$(((t1 - t0) / 1000000))
  kib=$(tail -n 1 "$work/rss")
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
row() { # label, echo ms, floor ms, echo KiB, floor label
  printf '%-50s %9s %9s %6s %7s MiB  %s\n' "$1" "$2" "$3" \
    "$(awk -v e="$2" -v s="$3" 'BEGIN {if (s > 0) printf "%.2fx", e / s; else print "-"}')" "$(($4 / 1024))" "$5"
}
# compare LABEL FLOOR_LABEL: RUNS interleaved runs of ${E[@]} and ${F[@]}, each after the
# untimed command ${PE[@]} / ${PF[@]} when set (a fresh copy of a database).
compare() {
  local e=() f=() r=() i
  if [[ -n $only && ! $1 =~ $only ]]; then
    PE=() PF=()
    return
  fi
  for ((i = 0; i < runs; i++)); do
    ((${#PE[@]})) && "${PE[@]}"
    timed "${E[@]}"
    e+=("$ms") r+=("$kib")
    ((${#PF[@]})) && "${PF[@]}"
    timed "${F[@]}"
    f+=("$ms")
  done
  row "$1" "$(printf '%s\n' "${e[@]}" | median)" "$(printf '%s\n' "${f[@]}" | median)" \
    "$(printf '%s\n' "${r[@]}" | sort -n | tail -n 1)" "$2"
  PE=() PF=()
}
PE=() PF=()

printf '%-50s %9s %9s %7s %11s  %s\n' "work" "echo ms" "floor ms" "ratio" "echo peak" "floor"

# --- imports ------------------------------------------------------------------------------------
# A seeded hub (one series of 2,000 sessions, 5,000 participants, written with SQL and copied
# fresh for every run), a generic CSV of N rows, and the floor's uniquely indexed table.
seed=$work/seed
if [[ -n $imports || $zoom_files -gt 0 ]] && [[ ! -f $seed/echo.db ]]; then
  rm -rf "$seed"
  "$echo_bin" -q init "$seed" >/dev/null
  sqlite3 "$seed/echo.db" <<'SQL'
BEGIN;
INSERT INTO series (id, code, title, timezone, created_at, updated_at)
VALUES (1, 'bench', 'Benchmark ECHO', 'America/Vancouver', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < 2000)
INSERT INTO session (series_id, key, number, local_date, local_time, start_utc, duration, topic, created_at, updated_at)
SELECT 1, 'k' || i, i + 1, date('2020-01-07', '+' || i || ' days'), '12:00',
       date('2020-01-07', '+' || i || ' days') || 'T20:00:00Z', 60, 'Topic ' || i, '2020-01-01T00:00:00Z',
       '2020-01-01T00:00:00Z' FROM n;
UPDATE series SET last_session_number = 2000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO participant (id, name, name_key, email, created_at, updated_at)
SELECT i, 'Person ' || i, 'person ' || i, 'p' || i || '@example.org', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'
  FROM n;
COMMIT;
SQL
fi
fresh_hub() { rm -rf "$work/imp" && cp -r "$seed" "$work/imp"; }
fresh_floor() {
  rm -f "$work/floor.db"
  sqlite3 "$work/floor.db" "CREATE TABLE attendance (session TEXT, email TEXT, name TEXT, minutes INTEGER);
                            CREATE UNIQUE INDEX attendance_session_email ON attendance(session, email);"
}
for n in $imports; do
  csv=$work/import-$n.csv
  # n rows over the 2,000 sessions, distinct people within a session.
  [[ -f $csv ]] || awk -v n="$n" 'BEGIN { srand(7); print "session,email,name,minutes"
    per = int((n + 1999) / 2000); for (i = 0; i < n; i++) { s = int(i / per); p = (s * 97 + i % per) % 5000 + 1
      printf "bench/%d,p%d@example.org,Person %d,%d\n", s + 1, p, p, 5 + int(rand() * 60) } }' >"$csv"
  PE=(fresh_hub) E=("$echo_bin" --config "$work/imp/echo.toml" -q attendance import "$csv")
  PF=(fresh_floor) F=(sqlite3 "$work/floor.db" ".import --csv --skip 1 $csv attendance")
  compare "import $n generic rows" "sqlite3 .import"
done

# Zoom files of 30 rows (the newer lowercase export, times in the seeded hub's UTC), one per
# session, imported one by one.
if ((zoom_files > 0)); then
  zdir=$work/zoom-$zoom_files
  if [[ ! -d $zdir ]]; then
    mkdir -p "$zdir"
    python3 - "$zdir" "$zoom_files" <<'PY'
import datetime, sys
d, n = sys.argv[1], int(sys.argv[2])
for f in range(n):
    day = datetime.date(2020, 1, 7) + datetime.timedelta(days=f)
    us = day.strftime('%m/%d/%Y')
    with open(f'{d}/z{f + 1:04d}.csv', 'w') as out:
        out.write('Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n')
        out.write(f'Benchmark ECHO,123 456 {f:04d},Host,62,{us} 07:58:00 PM,{us} 09:00:00 PM,30\n\n')
        out.write('Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,In waiting room\n')
        for j in range(30):
            p = (f * 53 + j) % 5000 + 1
            out.write(f'Person {p},p{p}@example.org,{us} 08:0{j % 10}:00 PM,{us} 08:5{j % 10}:00 PM,50,No,No\n')
PY
  fi
  fresh_hub
  fresh_floor
  sqlite3 "$work/floor.db" "CREATE TABLE zoom (name TEXT, email TEXT, joined TEXT, left TEXT, minutes INTEGER, guest TEXT, waiting TEXT);"
  e=() f=() r=()
  for file in "$zdir"/z*.csv; do
    n=$((10#$(basename "$file" .csv | tr -d z)))
    timed "$echo_bin" --config "$work/imp/echo.toml" -q attendance import "$file" --session "bench/$n" --date-order mdy
    e+=("$ms") r+=("$kib")
    timed sqlite3 "$work/floor.db" ".import --csv --skip 4 $file zoom"
    f+=("$ms")
  done
  row "$zoom_files Zoom files of 30 rows, one by one (per file)" "$(printf '%s\n' "${e[@]}" | median)" \
    "$(printf '%s\n' "${f[@]}" | median)" "$(printf '%s\n' "${r[@]}" | sort -n | tail -n 1)" "sqlite3 .import per file"
fi

# --- reports ------------------------------------------------------------------------------------
# The bare SQL of each report: the statement a hand-written query would run for the same figures,
# written by the sqlite3 shell as JSON rows (.mode json), as echo writes its rows.
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
totals_sql="WITH scope AS (SELECT s.id, s.series_id FROM session s WHERE s.status <> 'cancelled' AND s.start_utc < '$as_of_utc'),
held AS (SELECT series_id, count(*) AS held FROM scope GROUP BY series_id),
ps AS (SELECT a.participant_id, sc.series_id, count(*) AS eligible FROM scope sc JOIN attendance a ON a.session_id = sc.id
        WHERE a.role = 'participant' AND a.minutes >= 45 GROUP BY a.participant_id, sc.series_id)
SELECT p.email, p.name, p.profession, p.region, sum(ps.eligible) AS eligible_sessions,
       sum(ps.eligible * r.credit_hours) AS credit_hours, max(ps.eligible * 100.0 >= 75 * h.held) AS certificate,
       group_concat(CASE WHEN ps.eligible * 100.0 >= 75 * h.held THEN r.code END) AS certificates
  FROM ps JOIN held h ON h.series_id = ps.series_id JOIN series r ON r.id = ps.series_id
  JOIN participant p ON p.id = ps.participant_id GROUP BY p.id ORDER BY p.name_key, p.email, p.id;"
credits_sql="SELECT p.email, p.name, r.code AS series, r.code || '/' || s.number AS session, s.local_date AS date, s.topic,
       a.minutes, r.credit_hours, sum(r.credit_hours) OVER (PARTITION BY a.participant_id) AS total_credit_hours
  FROM session s JOIN attendance a ON a.session_id = s.id JOIN series r ON r.id = s.series_id
  JOIN participant p ON p.id = a.participant_id
 WHERE s.status <> 'cancelled' AND s.start_utc < '$as_of_utc' AND a.role = 'participant' AND a.minutes >= 45
 ORDER BY p.name_key, p.email, p.id, s.start_utc, s.id;"
# summary (series: the same for one series): session counts, then the participants' totals,
# breakdowns and new participants (first participation in the period) in one pass.
summary_sql() { # $1: series id or NULL
  cat <<SQL
WITH scope AS (SELECT id, series_id, local_date, status,
                      CASE WHEN status <> 'cancelled' AND start_utc < '$as_of_utc' THEN 1 ELSE 0 END AS held
                 FROM session WHERE ($1 IS NULL OR series_id = $1))
SELECT count(*) AS sessions, sum(held) AS held, sum(status = 'cancelled') AS cancelled,
       count(DISTINCT CASE WHEN held = 1 THEN series_id END) AS series, min(local_date) AS first FROM scope;
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
         EXISTS (SELECT 1 FROM first_participation f JOIN scope ON scope.id = f.session_id
                  WHERE f.participant_id = ps.participant_id) AS is_new
    FROM ps JOIN held h ON h.series_id = ps.series_id JOIN series r ON r.id = ps.series_id
    JOIN participant p ON p.id = ps.participant_id
   GROUP BY ps.participant_id)
SELECT 'total' AS k, NULL AS v, count(*) AS participants, sum(sessions) AS participations, sum(eligible) AS eligible,
       sum(minutes) AS minutes, round(sum(credit_hours), 2) AS credit_hours, sum(certificates) AS certificates,
       sum(is_new) AS new, sum(rural) AS rural FROM pp
UNION ALL SELECT 'profession', profession, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM pp GROUP BY profession
UNION ALL SELECT 'region', region, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM pp GROUP BY region;
SQL
}

reports() { # hub dir: labelled with its own counts
  local hub=$1 db=$1/echo.db sid code size
  size="$(($(sqlite3 "$db" "SELECT count(*) FROM participant") / 1000))k people, $(($(sqlite3 "$db" "SELECT count(*) FROM attendance") / 1000))k rows"
  sid=$(sqlite3 "$db" "SELECT min(id) + 1 FROM series")
  code=$(sqlite3 "$db" "SELECT code FROM series WHERE id = $sid")
  [[ -n $code ]] || { sid=1 code=$(sqlite3 "$db" "SELECT code FROM series WHERE id = 1"); }
  summary_sql NULL >"$work/summary.sql"
  summary_sql "$sid" >"$work/series.sql"
  local ech=("$echo_bin" --config "$hub/echo.toml" -q report)
  E=("${ech[@]}" summary --as-of "$as_of" --json) F=(sqlite3 -json "$db" -init "$work/summary.sql" .quit)
  compare "report summary json ($size)" "bare SQL"
  E=("${ech[@]}" series "$code" --as-of "$as_of" --json) F=(sqlite3 -json "$db" -init "$work/series.sql" .quit)
  compare "report series json ($size)" "bare SQL"
  E=("${ech[@]}" participants --as-of "$as_of" --json) F=(sqlite3 -json "$db" "$participants_sql")
  compare "report participants json ($size)" "bare SQL"
  E=("${ech[@]}" participants --as-of "$as_of" --format html) F=(sqlite3 -json "$db" "$participants_sql")
  compare "report participants html ($size)" "bare SQL"
  E=("${ech[@]}" credits --totals --as-of "$as_of" --json) F=(sqlite3 -json "$db" "$totals_sql")
  compare "report credits --totals json ($size)" "bare SQL"
  # The credits page holds the totals and then the eligible participations (with or without
  # --totals): its floor is both statements.
  E=("${ech[@]}" credits --totals --as-of "$as_of" --format html) F=(sqlite3 -json "$db" "$totals_sql $credits_sql")
  compare "report credits --totals html ($size)" "bare SQL (totals + credits)"
  E=("${ech[@]}" credits --as-of "$as_of" --json) F=(sqlite3 -json "$db" "$credits_sql")
  compare "report credits json ($size)" "bare SQL"
  E=("${ech[@]}" credits --as-of "$as_of" --format xlsx -o "$work/credits.xlsx") F=(sqlite3 -json "$db" "$credits_sql")
  compare "report credits xlsx ($size)" "bare SQL (json)"
}

build_hub() { # dir, "PEOPLE SESSIONS PER"
  # shellcheck disable=SC2086
  [[ -f $1/echo.db ]] || "$here/hub.sh" "$build" "$1" $2 >&2
}
if [[ -n $small ]]; then
  build_hub "$work/hub-small" "$small"
  reports "$work/hub-small"
fi
if [[ -n $big ]]; then
  build_hub "$work/hub-big" "$big"
  reports "$work/hub-big"
fi

# --- listings and start-up ----------------------------------------------------------------------
if [[ -n $small ]]; then
  hub=$work/hub-small
  E=("$echo_bin" --config "$hub/echo.toml" series list) F=(sqlite3 "$hub/echo.db" "SELECT count(*) FROM series")
  compare "series list" "sqlite3 start-up"
  E=("$echo_bin" --config "$hub/echo.toml" session list --series "$(sqlite3 "$hub/echo.db" "SELECT code FROM series LIMIT 1")")
  F=(sqlite3 "$hub/echo.db" "SELECT count(*) FROM series")
  compare "session list (one series)" "sqlite3 start-up"
  E=("$echo_bin" --version) F=(/bin/true)
  compare "echo --version" "/bin/true"
fi
