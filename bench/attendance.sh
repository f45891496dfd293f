#!/usr/bin/env bash
# Benchmark of `echo attendance import` on a hub with 2,000 sessions and 5,000 participants and a
# 200,000-row generic attendance CSV, against `sqlite3 .import` of the same file into a table
# with a unique index on (session, email), in the same run.
#
#   bench/attendance.sh BUILD_DIR [ROWS] [RUNS]
#
# Each of RUNS rounds (default 5) imports into a fresh copy of the seeded hub and a fresh baseline
# table, one after the other, so that both see the same machine load; the medians are compared.
#
# The same rows are also imported re-encoded as Excel saves them: Windows-1252 ("CSV") and UTF-16LE
# with a BOM and tabs ("Unicode Text"); each median must stay within 1.5x of the UTF-8 one.
#
# Then the instructions of one such import against sqlite3's (callgrind; CALLGRIND=0 skips them).
#
# Then ZOOM_FILES (default 500) Zoom reports of 30 rows, imported one by one, against one
# `sqlite3 .import` per file (time per file, and instructions of one such import).
#
# Leaves the imported hub at bench/out/attendance.db (with bench/out/echo.toml) for the report
# benchmarks to reuse. Needs sqlite3, awk, iconv and /usr/bin/time.
set -euo pipefail

build=${1:?usage: bench/attendance.sh BUILD_DIR [ROWS] [RUNS]}
rows=${2:-200000}
runs=${3:-5}
sessions=2000
participants=5000
per_session=$(( (rows + sessions - 1) / sessions ))

here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
bin=$(cd "$build" && pwd)/echo
[[ -x $bin ]] || bin=$(find "$build" -maxdepth 3 -type f -name echo -perm -u+x | head -n 1)
[[ -x $bin ]] || { echo "no echo binary under $build" >&2; exit 1; }

mkdir -p "$out"
rm -f "$out"/attendance.db "$out"/attendance.db-* "$out"/baseline.db "$out"/baseline.db-* "$out"/seeded.db
cat > "$out/echo.toml" <<TOML
[database]
path = "attendance.db"

[hub]
name = "Benchmark Hub"
timezone = "America/Vancouver"
TOML
echo_() { "$bin" --config "$out/echo.toml" -q "$@"; }

echo "== seeding $sessions sessions and $participants participants"
echo_ participant add --name "Seed" --email seed@bench.example.org >/dev/null
sqlite3 "$out/attendance.db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
DELETE FROM participant;
INSERT INTO series (id, code, title, timezone, start_date, start_time, duration, repeat, weekday, count,
                    created_at, updated_at)
VALUES (1, 'bench', 'Benchmark ECHO', 'America/Vancouver', '2020-01-07', '12:00', 60, 'weekly', 2, $sessions,
        '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $sessions)
INSERT INTO session (series_id, key, origin, local_date, local_time, start_utc, duration, topic, created_at, updated_at)
SELECT 1, date('2020-01-07', '+' || (i * 7) || ' days'), 'schedule', date('2020-01-07', '+' || (i * 7) || ' days'),
       '12:00', strftime('%Y-%m-%dT20:00:00Z', date('2020-01-07', '+' || (i * 7) || ' days')), 60,
       'Topic ' || (i + 1), '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'
  FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $participants)
INSERT INTO participant (id, name, name_key, email, profession, organization, region, rural, created_at, updated_at)
SELECT i, 'Person ' || i, 'person ' || i, 'p' || i || '@bench.example.org',
       CASE i % 5 WHEN 0 THEN 'Physician' WHEN 1 THEN 'Registered Nurse' WHEN 2 THEN 'Pharmacist'
                  WHEN 3 THEN 'Social Worker' ELSE 'Nurse Practitioner' END,
       'Organization ' || (i % 40),
       CASE i % 6 WHEN 0 THEN 'Fraser Health' WHEN 1 THEN 'Interior Health' WHEN 2 THEN 'Island Health'
                  WHEN 3 THEN 'Northern Health' WHEN 4 THEN 'Vancouver Coastal Health'
                  ELSE 'First Nations Health Authority' END,
       i % 3 = 0, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'
  FROM n;
-- The history triggers filed the seed's writes (the session-numbering trigger's updates: two
-- rows a session) under no command; echo's next write would delete them first, a cost a hub
-- built through echo never pays (22.9M instructions, 45% of one Zoom file's import).
DELETE FROM change_row;
COMMIT;
SQL

csv=$out/attendance.csv
echo "== generating $rows attendance rows"
awk -v rows="$rows" -v per="$per_session" -v people="$participants" 'BEGIN {
  srand(42);
  print "session,email,name,minutes";
  for (i = 0; i < rows; i++) {
    s = int(i / per); j = i % per;
    p = (s * 97 + j * 53) % people + 1;   # distinct within a session while per <= people / gcd
    printf "bench/%d,p%d@bench.example.org,Pérson Désirée %d,%d\n", s + 1, p, p, 5 + int(rand() * 60);
  }
}' > "$csv"

# The same rows as Excel re-saves them: Windows-1252 (CSV) and UTF-16LE with BOM and tabs (Unicode Text).
iconv -f UTF-8 -t WINDOWS-1252 "$csv" > "$out/attendance-cp1252.csv"
{ printf '\xff\xfe'; tr ',' '\t' < "$csv" | iconv -f UTF-8 -t UTF-16LE; } > "$out/attendance-utf16.txt"

measure() { # label, command...: appends elapsed seconds and max RSS (KiB) to label_times, label_rss
  local label=$1; shift
  local log=$out/time-$label.log
  /usr/bin/time -f '%e %M' -o "$log" "$@" > "$out/$label.out"
  read -r secs rss < "$log"
  eval "${label}_times+=($secs); ${label}_rss+=($rss)"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
largest() { printf '%s\n' "$@" | sort -g | tail -n 1; }

cp "$out/attendance.db" "$out/seeded.db"
echo_times=(); echo_rss=(); sqlite3_times=(); sqlite3_rss=()
cp1252_times=(); cp1252_rss=(); utf16_times=(); utf16_rss=()
echo "== timing ($runs rounds)"
for ((round = 1; round <= runs; round++)); do
  rm -f "$out"/attendance.db "$out"/attendance.db-* "$out"/baseline.db "$out"/baseline.db-*
  cp -p "$out/seeded.db" "$out/attendance.db"
  measure echo "$bin" --config "$out/echo.toml" -q attendance import "$csv"
  sqlite3 "$out/baseline.db" "CREATE TABLE attendance (session TEXT, email TEXT, name TEXT, minutes INTEGER);
                              CREATE UNIQUE INDEX attendance_session_email ON attendance(session, email);"
  measure sqlite3 sqlite3 "$out/baseline.db" ".import --csv --skip 1 $csv attendance"
  for enc in cp1252 utf16; do
    rm -f "$out"/encoded.db "$out"/encoded.db-*
    cp -p "$out/seeded.db" "$out/encoded.db"
    file=$out/attendance-cp1252.csv
    [[ $enc == utf16 ]] && file=$out/attendance-utf16.txt
    measure "$enc" "$bin" --config "$out/echo.toml" --database "$out/encoded.db" -q attendance import "$file"
  done
  echo "round $round: echo ${echo_times[-1]}s, sqlite3 ${sqlite3_times[-1]}s, windows-1252 ${cp1252_times[-1]}s, utf-16 ${utf16_times[-1]}s"
done
# Instructions (valgrind --tool=callgrind, the whole process) of one more import of the same rows
# into a fresh copy of the seeded hub, against sqlite3's into a fresh indexed table: the figure
# that is not noise on a loaded machine. Set CALLGRIND=0 to skip.
if [[ ${CALLGRIND:-1} != 0 ]] && command -v valgrind >/dev/null; then
  count_ir() { valgrind --tool=callgrind --trace-children=no --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
                 awk '/Collected/ { print $NF }'; }
  rm -f "$out"/cg.db "$out"/cg.db-* "$out"/cgbase.db "$out"/cgbase.db-*
  cp -p "$out/seeded.db" "$out/cg.db"
  import_ir=$(count_ir "$bin" --config "$out/echo.toml" --database "$out/cg.db" -q attendance import "$csv")
  sqlite3 "$out/cgbase.db" "CREATE TABLE attendance (session TEXT, email TEXT, name TEXT, minutes INTEGER);
                            CREATE UNIQUE INDEX attendance_session_email ON attendance(session, email);"
  floor_ir=$(count_ir sqlite3 "$out/cgbase.db" ".import --csv --skip 1 $csv attendance")
  awk -v a="$import_ir" -v b="$floor_ir" -v r="$rows" 'BEGIN {
    printf "%d rows, instructions (callgrind): echo %d, sqlite3 .import %d; ratio %.2f (goal <= 1.30)\n",
           r, a, b, (b > 0 ? a / b : 0) }'
  rm -f "$out"/cg.db "$out"/cg.db-* "$out"/cgbase.db "$out"/cgbase.db-*
fi
encoded_rows=$(sqlite3 "$out/encoded.db" "SELECT count(*) FROM attendance")
rm -f "$out"/encoded.db "$out"/encoded.db-*

# Small files: ZOOM_FILES Zoom meeting reports of 30 rows each (default 500), one `attendance
# import` per file (each finds its session by the meeting's start), against one `sqlite3 .import`
# per file of the same 30 rows into a table with a unique index. Each of ZOOM_RUNS rounds (default
# 3) starts from the seeded hub and a fresh table. Then the instructions of one more such import
# into the hub that holds them all (valgrind --tool=callgrind, the whole process), against
# sqlite3's for the same rows.
zoom_files=${ZOOM_FILES:-500}
zoom_runs=${ZOOM_RUNS:-3}
zdir=$out/zoom
rm -rf "$zdir"
mkdir -p "$zdir"
(( zoom_files > 0 )) || zoom_runs=0
(( zoom_files > 0 )) && echo "== generating $((zoom_files + 1)) Zoom files of 30 rows"
# Times are written in UTC (imported with --timezone UTC): the seeded sessions start at 20:00Z
# all year round, so a local 12:00 would miss them across daylight saving time.
sqlite3 "$out/seeded.db" "SELECT strftime('%m/%d/%Y', start_utc) FROM session ORDER BY start_utc, id
                          LIMIT $((zoom_files + 1))" |
  awk -v dir="$zdir" -v people="$participants" '{
    s = NR; d = $1;
    f = sprintf("%s/meeting-%04d.csv", dir, s); r = sprintf("%s/rows-%04d.csv", dir, s);
    printf "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\n" > f;
    printf "\"872 %04d 0000\",Benchmark ECHO,%s 07:52:10 PM,%s 09:07:44 PM,host@bench.example.org,76,30,\n\n", s, d, d > f;
    printf "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,\n" > f;
    for (j = 0; j < 30; j++) {
      p = (s * 97 + j * 53) % people + 1;
      line = sprintf("Person %d,p%d@bench.example.org,%s 07:5%d:00 PM,%s 08:5%d:00 PM,60,No,Y,No,", p, p, d, j % 10, d, j % 10);
      print line > f; print line > r;
    }
    close(f); close(r);
  }'
zoom_list=()
for ((i = 1; i <= zoom_files; i++)); do zoom_list+=("$(printf '%04d' "$i")"); done
now() { date +%s.%N; }
zoom_echo_times=(); zoom_sqlite3_times=()
for ((round = 1; round <= zoom_runs; round++)); do
  rm -f "$out"/zoom.db "$out"/zoom.db-* "$out"/zoombase.db "$out"/zoombase.db-*
  cp -p "$out/seeded.db" "$out/zoom.db"
  start=$(now)
  for n in "${zoom_list[@]}"; do
    "$bin" --config "$out/echo.toml" --database "$out/zoom.db" -q attendance import "$zdir/meeting-$n.csv" \
      --timezone UTC --date-order mdy >/dev/null
  done
  zoom_echo_times+=("$(echo "$(now) - $start" | bc)")
  sqlite3 "$out/zoombase.db" "CREATE TABLE attendance (name TEXT, email TEXT, join_time TEXT, leave_time TEXT,
                                minutes INTEGER, guest TEXT, consent TEXT, waiting TEXT, extra TEXT);
                              CREATE UNIQUE INDEX attendance_email_join ON attendance(email, join_time);"
  start=$(now)
  for n in "${zoom_list[@]}"; do
    sqlite3 "$out/zoombase.db" ".import --csv $zdir/rows-$n.csv attendance"
  done
  zoom_sqlite3_times+=("$(echo "$(now) - $start" | bc)")
  echo "zoom round $round: echo ${zoom_echo_times[-1]}s, sqlite3 ${zoom_sqlite3_times[-1]}s for $zoom_files files"
done
if (( zoom_runs > 0 )); then
zoom_rows=$(sqlite3 "$out/zoom.db" "SELECT count(*) FROM attendance")
zoom_echo=$(median "${zoom_echo_times[@]}")
zoom_sqlite3=$(median "${zoom_sqlite3_times[@]}")
awk -v a="$zoom_echo" -v b="$zoom_sqlite3" -v n="$zoom_files" -v r="$zoom_rows" 'BEGIN {
  printf "zoom files: %d files, %d rows; median per file: echo %.1f ms, sqlite3 %.1f ms; ratio %.2f\n",
         n, r, a * 1000 / n, b * 1000 / n, (b > 0 ? a / b : 0) }'
if command -v valgrind >/dev/null; then
  last=$(printf '%04d' $((zoom_files + 1)))
  instructions() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
                     awk '/Collected/ { print $NF }'; }
  echo_ir=$(instructions "$bin" --config "$out/echo.toml" --database "$out/zoom.db" -q attendance import \
            "$zdir/meeting-$last.csv" --timezone UTC --date-order mdy)
  sqlite3_ir=$(instructions sqlite3 "$out/zoombase.db" ".import --csv $zdir/rows-$last.csv attendance")
  awk -v a="$echo_ir" -v b="$sqlite3_ir" 'BEGIN {
    printf "one 30-row Zoom file, instructions (callgrind): echo %d, sqlite3 .import %d; ratio %.2f\n",
           a, b, (b > 0 ? a / b : 0) }'
fi
fi
rm -f "$out"/zoom.db "$out"/zoom.db-* "$out"/zoombase.db "$out"/zoombase.db-*
rm -f "$out/seeded.db"

imported=$(sqlite3 "$out/attendance.db" "SELECT count(*) FROM attendance")
baseline=$(sqlite3 "$out/baseline.db" "SELECT count(*) FROM attendance")
echo_median=$(median "${echo_times[@]}")
sqlite3_median=$(median "${sqlite3_times[@]}")
ratio=$(awk -v a="$echo_median" -v b="$sqlite3_median" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "rows: echo $imported, sqlite3 $baseline"
echo "median: echo ${echo_median}s, sqlite3 ${sqlite3_median}s"
echo "ratio echo/sqlite3: $ratio (goal <= 1.30); echo max RSS $(largest "${echo_rss[@]}") KiB, sqlite3 $(largest "${sqlite3_rss[@]}") KiB"
cp1252_median=$(median "${cp1252_times[@]}")
utf16_median=$(median "${utf16_times[@]}")
for enc in cp1252 utf16; do
  m=${enc}_median
  awk -v a="${!m}" -v b="$echo_median" -v e="$enc" 'BEGIN { printf "%s: median %ss, ratio to UTF-8 %.2f (goal <= 1.50)\n", e, a, (b > 0 ? a / b : 0) }'
done
echo "rows imported from the UTF-16 file: $encoded_rows"
echo "hub database for reuse: $out/attendance.db (config $out/echo.toml)"
