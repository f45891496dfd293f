#!/usr/bin/env bash
# Benchmark (issue 16): shell completion's live values on a hub of PEOPLE participants and a
# series of 40 sessions: `echoctl __complete` for an email prefix, a session reference and a
# series code, the median of RUNS calls each. The check: under 50 ms.
#
#   bench/completion.sh BUILD_DIR [PEOPLE] [RUNS]
set -euo pipefail

build=${1:?usage: bench/completion.sh BUILD_DIR [PEOPLE] [RUNS]}
people=${2:-10000}
runs=${3:-21}
limit_ms=50

here=$(cd "$(dirname "$0")" && pwd)
out=$here/out/completion
bin=$(cd "$build" && pwd)/echo
[[ -x $bin ]] || { echo "no echo binary at $bin" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/hub.db "$out"/hub.db-*
printf '[database]\npath = "hub.db"\n\n[hub]\ntimezone = "America/Vancouver"\n' >"$out/echo.toml"
awk -v n="$people" 'BEGIN { print "name,email,profession,organization,region,rural";
  for (i = 0; i < n; i++) printf "Person %d,p%05d@example.org,Registered Nurse,Org %d,Interior Health,no\n", i, i, i % 50 }' \
  >"$out/people.csv"
"$bin" --config "$out/echo.toml" -q participant import "$out/people.csv" >/dev/null
"$bin" --config "$out/echo.toml" -q series create pc-2026 --title "Benchmark" --start 2026-01-13 --time 12:00 \
  --repeat weekly --count 40 >/dev/null
"$bin" --config "$out/echo.toml" -q series schedule pc-2026 >/dev/null

status=0
median_ms() { # the median wall time of RUNS calls of __complete WORDS..., in ms
  local times=() s e
  for _ in $(seq "$runs"); do
    s=$(date +%s%N)
    "$bin" __complete --config "$out/echo.toml" "$@" >/dev/null
    e=$(date +%s%N)
    times+=($(((e - s) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}
for words in "participant show p01" "session show pc-2026/" "series show p"; do
  # shellcheck disable=SC2086
  m=$(median_ms $words)
  echo "__complete $words: median ${m} ms over $runs calls ($people people)"
  awk -v m="$m" -v l="$limit_ms" 'BEGIN { exit !(m < l) }' || { echo "FAIL: over ${limit_ms} ms" >&2; status=1; }
done
exit $status
