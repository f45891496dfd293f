#!/usr/bin/env bash
# Builds a benchmark hub through echo's own imports, as a hub grows in use: `echo init`, one
# schedule TOML per series (`session import`), a participant CSV (`participant import`), every
# 37th session cancelled (`session cancel`), then one generic attendance CSV (`attendance
# import`). No ANALYZE from here: the hub has exactly the statistics echo keeps itself (it
# analyzes a table after a write of >= 10,000 rows), which the script prints at the end.
#
#   bench/hub.sh BUILD_DIR DIR [PEOPLE] [SESSIONS] [ROWS_PER_SESSION]
#   bench/hub.sh build /tmp/hub2m 100000 5000 400   # the network-sized hub: 2,000,000 rows
#   bench/hub.sh build /tmp/hub20k 8000 200 100     # 8,000 people, 20,000 rows
#
# Series of 100 weekly sessions (SESSIONS / 100 series, at least one) from 2024-01-02 at 12:00
# America/Vancouver; ROWS_PER_SESSION distinct people per held session, spread over PEOPLE;
# each session's first attendee is its presenter (recorded in that role). People work at 40
# organizations spelt in two cases, with six professions (one unknown) and five regions.
# Leaves the generated files in DIR/gen. Needs python3 and sqlite3.
set -euo pipefail
build=${1:?usage: bench/hub.sh BUILD_DIR DIR [PEOPLE] [SESSIONS] [ROWS_PER_SESSION]}
dir=${2:?usage: bench/hub.sh BUILD_DIR DIR [PEOPLE] [SESSIONS] [ROWS_PER_SESSION]}
people=${3:-100000}
sessions=${4:-5000}
per=${5:-400}
echo_bin=$(cd "$build" && pwd)/echo
[[ -x $echo_bin ]] || { echo "no echo binary in $build" >&2; exit 2; }
((per <= people)) || { echo "ROWS_PER_SESSION exceeds PEOPLE" >&2; exit 2; }

rm -rf "$dir"
"$echo_bin" -q init "$dir" >/dev/null
gen=$dir/gen
mkdir -p "$gen"
python3 - "$gen" "$people" "$sessions" "$per" <<'PY'
import datetime, sys
gen, people, sessions, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
series = max(1, sessions // 100)
stride = max(1, people // per)
start = datetime.date(2024, 1, 2)
professions = ['Nurse', 'Physician', 'Pharmacist', 'Social worker', '', 'Nurse practitioner']
regions = ['Interior', 'Fraser', 'Northern', 'Island', '']
with open(f'{gen}/participants.csv', 'w') as f:
    f.write('name,email,profession,organization,region,rural\n')
    for i in range(1, people + 1):
        org = ('Hospital %d' if i % 2 == 0 else 'HOSPITAL %d') % (i % 40)
        f.write(f'Person {i},p{i}@example.org,{professions[i % 6]},{org},{regions[i % 5]},'
                f'{"yes" if i % 3 == 0 else "no"}\n')
def attendees(i):  # session i (0-based, global): per distinct people
    return [((i + 1) * 7919 + j * stride) % people + 1 for j in range(per)]
tomls = [open(f'{gen}/series-{s + 1:03d}.toml', 'w') for s in range(series)]
for s, t in enumerate(tomls):
    t.write(f'[series]\ncode = "s-{s + 1:03d}"\ntitle = "Series {s + 1}"\ntimezone = "America/Vancouver"\n'
            f'credit_hours = {1.0 + (s + 1) % 3 * 0.5}\n')
cancelled = open(f'{gen}/cancelled.txt', 'w')
with open(f'{gen}/attendance.csv', 'w') as a:
    a.write('session,email,name,minutes\n')
    number = [0] * series
    rnd = 12345
    for i in range(sessions):
        s = i % series
        number[s] += 1
        day = start + datetime.timedelta(days=(i // series) * 7 + i % 7)
        who = attendees(i)
        tomls[s].write(f'\n[[session]]\nkey = "k{i}"\ndate = {day.isoformat()}\ntime = 12:00:00\nduration = 60\n'
                       f'topic = "Topic {i}"\npresenters = ["p{who[0]}@example.org"]\n')
        ref = f's-{s + 1:03d}/{number[s]}'
        if i % 37 == 5:
            cancelled.write(ref + '\n')
            continue
        for p in who:
            rnd = (rnd * 1103515245 + 12345) % 2147483648
            a.write(f'{ref},p{p}@example.org,Person {p},{10 + rnd % 61}\n')
for t in tomls:
    t.close()
cancelled.close()
PY

run() { "$echo_bin" --config "$dir/echo.toml" -q "$@"; }
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); awk -v d=$((t1 - t0)) 'BEGIN {printf "%.1f", d / 1e9}'; }
t0=$(date +%s%N)
for f in "$gen"/series-*.toml; do run session import "$f" >/dev/null; done
t_sched=$(awk -v d=$(($(date +%s%N) - t0)) 'BEGIN {printf "%.1f", d / 1e9}')
t_people=$(secs run participant import "$gen/participants.csv")
t0=$(date +%s%N)
while read -r ref; do run session cancel "$ref" --reason "bench" >/dev/null; done <"$gen/cancelled.txt"
t_cancel=$(awk -v d=$(($(date +%s%N) - t0)) 'BEGIN {printf "%.1f", d / 1e9}')
t_att=$( { /usr/bin/time -f '%e s, %M KiB' "$echo_bin" --config "$dir/echo.toml" -q attendance import \
  "$gen/attendance.csv" >/dev/null; } 2>&1 | tail -n 1)
q() { sqlite3 "$dir/echo.db" "$1"; }
echo "hub $dir: $(q 'SELECT count(*) FROM session') sessions ($(q "SELECT count(*) FROM session WHERE status = 'cancelled'") cancelled), $(q 'SELECT count(*) FROM participant') participants, $(q 'SELECT count(*) FROM attendance') attendance rows"
echo "built by echo: schedules ${t_sched} s, participants ${t_people} s, cancellations ${t_cancel} s, attendance ${t_att}"
echo "statistics echo keeps (sqlite_stat1): $(q "SELECT group_concat(tbl || ' ' || coalesce(idx, '-') || ' ' || stat, '; ') FROM sqlite_stat1" 2>/dev/null || echo none)"
