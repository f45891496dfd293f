#!/usr/bin/env bash
# Benchmark: `evaluation import` of a REDCap-like post-session export of ROWS responses (6 items:
# likert5 with labels, a retrospective pre/post pair, yes/no, 0-10, free text), half of the
# respondents participants of the hub, against the floor of `sqlite3 .import` of the same file
# into one table. Then `report evaluation` on it.
#
#   bench/evaluation.sh BUILD_DIR [ROWS]
set -euo pipefail

build=${1:?usage: bench/evaluation.sh BUILD_DIR [ROWS]}
rows=${2:-20000}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out/evaluation
bin=$(cd "$build" && pwd)/echo
[[ -x $bin ]] || { echo "no echo binary at $bin" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/hub.db "$out"/hub.db-* "$out"/floor.db

awk -v n="$rows" 'BEGIN { print "name,email"; for (i = 1; i <= n / 2; i++) printf "Person %d,p%d@example.org\n", i, i }' \
  >"$out/people.csv"
awk -v n="$rows" 'BEGIN {
  split("Very dissatisfied,Dissatisfied,Neutral,Satisfied,Very satisfied", sat, ",")
  split("Not at all confident,Slightly confident,Somewhat confident,Very confident,Extremely confident", conf, ",")
  print "record_id,redcap_survey_identifier,email,sat_overall,conf_pre,conf_post,intent_change,recommend,comments,post_session_evaluation_complete"
  for (i = 1; i <= n; i++)
    printf "%d,,p%d@example.org,%s,%s,%s,%s,%d,\"Comment %d, with a comma\",Complete\n", i, i, sat[i % 5 + 1],
      conf[i % 3 + 1], conf[i % 3 + 3], (i % 4 ? "Yes" : "No"), i % 11, i
}' >"$out/survey.csv"
cat >"$out/map.toml" <<'MAP'
email = "email"
[[item]]
column = "sat_overall"
id = "satisfaction"
level = "satisfaction"
scale = "likert5"
labels = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
[[item]]
column = "conf_pre"
id = "confidence"
level = "self_efficacy"
scale = "likert5"
labels = ["Not at all confident", "Slightly confident", "Somewhat confident", "Very confident", "Extremely confident"]
phase = "pre"
[[item]]
column = "conf_post"
id = "confidence"
level = "self_efficacy"
scale = "likert5"
labels = ["Not at all confident", "Slightly confident", "Somewhat confident", "Very confident", "Extremely confident"]
[[item]]
column = "intent_change"
id = "intent"
level = "intent_to_change"
scale = "yesno"
[[item]]
column = "recommend"
id = "recommend"
level = "satisfaction"
scale = "0-10"
[[item]]
column = "comments"
id = "comments"
scale = "text"
MAP

echo_() { "$bin" --no-config --database "$out/hub.db" -q "$@"; }
echo_ participant import "$out/people.csv" >/dev/null
echo_ series create bench --title Bench --start 2026-01-13 --time 12:00 --timezone America/Vancouver --repeat weekly \
  --count 1 >/dev/null
echo_ series schedule bench >/dev/null
size=$(($(stat -c %s "$out/survey.csv") / 1024))
t_import=$( { /usr/bin/time -f "%e %M" "$bin" --no-config --database "$out/hub.db" -q evaluation import \
  "$out/survey.csv" --session bench/1 --map "$out/map.toml" >/dev/null; } 2>&1 | tail -n 1)
t_floor=$( { /usr/bin/time -f "%e" sqlite3 "$out/floor.db" ".import --csv $out/survey.csv survey" >/dev/null; } 2>&1 |
  tail -n 1)
t_report=$( { /usr/bin/time -f "%e" "$bin" --no-config --database "$out/hub.db" -q report evaluation --session bench/1 \
  --json >/dev/null; } 2>&1 | tail -n 1)
echo "$rows responses (${size} KB, $((rows * 6)) answers): import ${t_import% *} s (peak RSS ${t_import#* } KB)," \
  "sqlite3 .import floor ${t_floor} s, report evaluation ${t_report} s"
