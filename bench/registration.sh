#!/usr/bin/env bash
# Benchmark of `echo registration import` on a hub with 200 sessions and 5,000 participants and a
# 10,000-row generic registration CSV (session,email,name,registered_at; one row in ten an email
# the hub does not know, so participants are created too), against `sqlite3 .import` of the same
# file into a table with a unique index on (session, email), in the same run.
#
#   bench/registration.sh BUILD_DIR [ROWS] [RUNS]
#
# Each of RUNS rounds (default 5) imports into a fresh copy of the seeded hub and a fresh baseline
# table, one after the other, so that both see the same machine load; the medians are compared.
# Then the same file is imported again (nothing changes: the idempotent path). Needs sqlite3, awk
# and /usr/bin/time.
#
# With INSTRUCTIONS=1 (needs valgrind), one more round counts instructions instead of timing:
# the "Collected" total of the whole process under callgrind (--trace-children=no) for echo's
# import, its re-import and sqlite3's .import. Counts do not depend on the machine's load.
set -euo pipefail

build=${1:?usage: bench/registration.sh BUILD_DIR [ROWS] [RUNS]}
rows=${2:-10000}
runs=${3:-5}
sessions=200
participants=5000
per_session=$(( (rows + sessions - 1) / sessions ))

here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
bin=$(cd "$build" && pwd)/echo
[[ -x $bin ]] || bin=$(find "$build" -maxdepth 3 -type f -name echo -perm -u+x | head -n 1)
[[ -x $bin ]] || { echo "no echo binary under $build" >&2; exit 1; }

mkdir -p "$out"
rm -f "$out"/registration.db "$out"/registration.db-* "$out"/regbaseline.db "$out"/regbaseline.db-* "$out"/regseeded.db
cat > "$out/registration.toml" <<TOML
[database]
path = "registration.db"

[hub]
name = "Benchmark Hub"
timezone = "America/Vancouver"
TOML
echo_() { "$bin" --config "$out/registration.toml" -q "$@"; }

echo "== seeding $sessions sessions and $participants participants"
echo_ participant add --name "Seed" --email seed@bench.example.org >/dev/null
sqlite3 "$out/registration.db" <<SQL
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
SELECT i, 'Person ' || i, 'person ' || i, 'p' || i || '@bench.example.org', NULL, NULL, NULL, 0,
       '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'
  FROM n;
-- The history triggers filed the seed's writes (the session-numbering trigger's updates: two
-- rows a session) under no command; echo's next write would delete them first, a cost a hub
-- built through echo never pays (22.9M instructions, 45% of one Zoom file's import).
DELETE FROM change_row;
COMMIT;
SQL

csv=$out/registrations.csv
echo "== generating $rows registration rows"
awk -v rows="$rows" -v per="$per_session" -v people="$participants" 'BEGIN {
  print "session,email,name,registered_at";
  for (i = 0; i < rows; i++) {
    s = int(i / per); j = i % per;
    p = (s * 97 + j * 53) % people + 1;
    email = (i % 10 == 9) ? sprintf("new%d@bench.example.org", i) : sprintf("p%d@bench.example.org", p);
    printf "bench/%d,%s,Pérson Désirée %d,2019-12-%02d %02d:%02d:00\n", s + 1, email, p, 1 + j % 28, 8 + j % 12, j % 60;
  }
}' > "$csv"

measure() { # label, command...: appends elapsed seconds and max RSS (KiB) to label_times, label_rss
  local label=$1; shift
  local log=$out/time-reg-$label.log
  /usr/bin/time -f '%e %M' -o "$log" "$@" > "$out/reg-$label.out"
  read -r secs rss < "$log"
  eval "${label}_times+=($secs); ${label}_rss+=($rss)"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
largest() { printf '%s\n' "$@" | sort -g | tail -n 1; }

cp "$out/registration.db" "$out/regseeded.db"
echo_times=(); echo_rss=(); sqlite3_times=(); sqlite3_rss=(); again_times=(); again_rss=()
echo "== timing ($runs rounds)"
for ((round = 1; round <= runs; round++)); do
  rm -f "$out"/registration.db "$out"/registration.db-* "$out"/regbaseline.db "$out"/regbaseline.db-*
  cp -p "$out/regseeded.db" "$out/registration.db"
  measure echo "$bin" --config "$out/registration.toml" -q registration import "$csv"
  measure again "$bin" --config "$out/registration.toml" -q registration import "$csv"
  sqlite3 "$out/regbaseline.db" "CREATE TABLE registration (session TEXT, email TEXT, name TEXT, registered_at TEXT);
                                 CREATE UNIQUE INDEX registration_session_email ON registration(session, email);"
  measure sqlite3 sqlite3 "$out/regbaseline.db" ".import --csv --skip 1 $csv registration"
  echo "round $round: echo ${echo_times[-1]}s (again ${again_times[-1]}s), sqlite3 ${sqlite3_times[-1]}s"
done
if [[ ${INSTRUCTIONS:-0} == 1 ]]; then
  echo "== instructions (callgrind, whole process)"
  collected() { # command...: prints the Collected total
    valgrind --tool=callgrind --trace-children=no --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      awk '/Collected/ { print $NF }'
  }
  rm -f "$out"/registration.db "$out"/registration.db-* "$out"/regbaseline.db "$out"/regbaseline.db-*
  cp -p "$out/regseeded.db" "$out/registration.db"
  echo_ir=$(collected "$bin" --config "$out/registration.toml" -q registration import "$csv")
  again_ir=$(collected "$bin" --config "$out/registration.toml" -q registration import "$csv")
  sqlite3 "$out/regbaseline.db" "CREATE TABLE registration (session TEXT, email TEXT, name TEXT, registered_at TEXT);
                                 CREATE UNIQUE INDEX registration_session_email ON registration(session, email);"
  sqlite3_ir=$(collected sqlite3 "$out/regbaseline.db" ".import --csv --skip 1 $csv registration")
  echo "instructions: echo $echo_ir (re-import $again_ir), sqlite3 $sqlite3_ir; ratio echo/sqlite3:" \
    "$(awk -v a="$echo_ir" -v b="$sqlite3_ir" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
fi
rm -f "$out/regseeded.db"

imported=$(sqlite3 "$out/registration.db" "SELECT count(*) FROM registration")
baseline=$(sqlite3 "$out/regbaseline.db" "SELECT count(*) FROM registration")
echo_median=$(median "${echo_times[@]}")
again_median=$(median "${again_times[@]}")
sqlite3_median=$(median "${sqlite3_times[@]}")
ratio=$(awk -v a="$echo_median" -v b="$sqlite3_median" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "rows: echo $imported, sqlite3 $baseline"
echo "median: echo ${echo_median}s (re-import ${again_median}s), sqlite3 ${sqlite3_median}s"
echo "ratio echo/sqlite3: $ratio; echo max RSS $(largest "${echo_rss[@]}") KiB, sqlite3 $(largest "${sqlite3_rss[@]}") KiB"
