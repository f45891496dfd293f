#!/usr/bin/env bash
# Benchmark (issue 11): peak memory of `participant import` for ROWS and 2 x ROWS rows. The file
# is streamed; what grows with the rows is the duplicate check (a 64-bit hash and a line number
# per email), so the peak should grow by well under the file's own size.
#
#   bench/participants.sh BUILD_DIR [ROWS]
set -euo pipefail

build=${1:?usage: bench/participants.sh BUILD_DIR [ROWS]}
rows=${2:-150000}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out/participants
bin=$(cd "$build" && pwd)/echo
[[ -x $bin ]] || { echo "no echo binary at $bin" >&2; exit 1; }
mkdir -p "$out"

for n in "$rows" $((rows * 2)); do
  awk -v n="$n" 'BEGIN { print "name,email,profession,organization,region,rural"
    for (i = 1; i <= n; i++) printf "Person %d,p%d@example.org,Registered Nurse,Kootenay Lake Hospital,Interior Health,no\n", i, i }' \
    >"$out/p.csv"
  rm -f "$out"/hub.db "$out"/hub.db-*
  size=$(($(stat -c %s "$out/p.csv") / 1024))
  peak=$( { /usr/bin/time -f "%M %e" "$bin" --no-config --database "$out/hub.db" -q participant import "$out/p.csv" \
    >/dev/null; } 2>&1 | tail -n 1)
  echo "$n rows: file ${size} KB, peak RSS ${peak% *} KB, ${peak#* } s"
done
