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
encoded_rows=$(sqlite3 "$out/encoded.db" "SELECT count(*) FROM attendance")
rm -f "$out"/encoded.db "$out"/encoded.db-*
rm -f "$out/seeded.db"

imported=$(sqlite3 "$out/attendance.db" "SELECT count(*) FROM attendance")
baseline=$(sqlite3 "$out/baseline.db" "SELECT count(*) FROM attendance")
echo_median=$(median "${echo_times[@]}")
sqlite3_median=$(median "${sqlite3_times[@]}")
ratio=$(awk -v a="$echo_median" -v b="$sqlite3_median" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "rows: echo $imported, sqlite3 $baseline"
echo "median: echo ${echo_median}s, sqlite3 ${sqlite3_median}s"
echo "ratio echo/sqlite3: $ratio (goal <= 2.00); echo max RSS $(largest "${echo_rss[@]}") KiB, sqlite3 $(largest "${sqlite3_rss[@]}") KiB"
cp1252_median=$(median "${cp1252_times[@]}")
utf16_median=$(median "${utf16_times[@]}")
for enc in cp1252 utf16; do
  m=${enc}_median
  awk -v a="${!m}" -v b="$echo_median" -v e="$enc" 'BEGIN { printf "%s: median %ss, ratio to UTF-8 %.2f (goal <= 1.50)\n", e, a, (b > 0 ? a / b : 0) }'
done
echo "rows imported from the UTF-16 file: $encoded_rows"
echo "hub database for reuse: $out/attendance.db (config $out/echo.toml)"
