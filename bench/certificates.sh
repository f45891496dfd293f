#!/usr/bin/env bash
# Times `echo certificate issue` for 1,000 certificates: a series of 4 held sessions and 1,000
# participants who attended all of them (names in several scripts), issued once into a
# directory (1,000 PDFs) and once into one 1,000-page PDF (re-issue: same numbers).
# Usage: bench/certificates.sh BUILD_DIR   (goal: each under 10 s)
set -euo pipefail

build=${1:?usage: bench/certificates.sh BUILD_DIR}
echo_bin=$(cd "$build" && pwd)/echo
[[ -x $echo_bin ]] || { echo "no echo binary in $build" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI not found" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/echo-bench-certificates.XXXXXX")
trap 'rm -rf "$work"' EXIT
dbf=$work/echo.db
"$echo_bin" -q init "$work" >/dev/null
cfg=$work/echo.toml
sed -i 's/^statement = ""/statement = "Approved for up to 1.5 Mainpro+ certified credits per session."/; s/^signatory = ""/signatory = "Dr. Ada Lovelace, Medical Director"/; s/^name = ""/name = "BC Centre for Palliative Care"/' "$cfg"

sqlite3 "$dbf" <<'SQL'
BEGIN;
INSERT INTO series (id, code, title, timezone, credit_hours, created_at, updated_at)
VALUES (1, 'pc-2026', 'Palliative Care ECHO 2026', 'UTC', 1.5, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
INSERT INTO session (id, series_id, key, local_date, local_time, start_utc, duration, topic, status, created_at, updated_at)
SELECT i, 1, date('2026-01-06', '+' || (i * 7) || ' days'), date('2026-01-06', '+' || (i * 7) || ' days'), '12:00',
       date('2026-01-06', '+' || (i * 7) || ' days') || 'T12:00:00Z', 60, 'Topic ' || i, 'scheduled',
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO participant (id, name, name_key, email, rural, created_at, updated_at)
SELECT i, CASE i % 4 WHEN 0 THEN 'Renée Müller ' WHEN 1 THEN 'Ελένη Παπαδοπούλου ' WHEN 2 THEN 'Дмитрий Иванов '
                     ELSE 'Ann Archer ' END || i,
       'person ' || printf('%04d', i), 'p' || i || '@example.org', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
INSERT INTO attendance (session_id, participant_id, role, minutes, source, created_at, updated_at)
SELECT s.id, p.id, 'participant', 60, 'zoom', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
  FROM session s CROSS JOIN participant p;
COMMIT;
SQL

run() {
  local start end
  start=$(date +%s.%N)
  "$echo_bin" -q --config "$cfg" --database "$dbf" certificate issue --series pc-2026 --as-of 2026-03-01 "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
dir_time=$(run -o "$work/out")
file_time=$(run -o "$work/all.pdf")
files=$(find "$work/out" -name '*.pdf' | wc -l)
pages=$(pdfinfo "$work/all.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
echo "issue 1,000 certificates into a directory: ${dir_time} s (${files} files, $(du -sh "$work/out" | cut -f1))"
echo "re-issue them into one PDF:               ${file_time} s (${pages:-?} pages, $(du -h "$work/all.pdf" | cut -f1))"
awk -v a="$dir_time" -v b="$file_time" 'BEGIN { exit !(a < 10 && b < 10) }' || { echo "SLOWER than 10 s" >&2; exit 1; }
