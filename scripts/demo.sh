#!/usr/bin/env bash
# Installs what is missing, builds echo, and runs the main job on the bundled example hub
# (examples/): a fresh hub database under build/demo/; the 2026 schedules imported as CI
# would, the hub's participants, the Zoom exports of the first three sessions, a proposal taken
# from submission to a new series, and the series report a funder would get.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" --target echo_exe

demo=build/demo
rm -rf "$demo"
mkdir -p "$demo"

if [ -t 2 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain" >&2; }
# The example hub's settings (examples/echo.toml) with the database under build/demo/, so the
# examples folder stays clean. Output formats: tables for people, --json for programs.
hub() {
  step "./build/echo $*"
  ./build/echo --config examples/echo.toml --database "$demo/echo.db" "$@"
}

# init writes a commented config template and an empty database at the current schema.
step "./build/echo init $demo/new-hub"
./build/echo init "$demo/new-hub"

hub config show --format table

# Schedules, as a CI pipeline imports them: the TOML creates its series; the ICS (an Outlook
# export) fills a series created first. Re-importing changes nothing.
hub session import examples/schedules/palliative-care-2026.toml
hub series create nc-2026 --title "Nurse Coordinators ECHO 2026" --timezone America/Vancouver
hub session import examples/schedules/nurse-coordinators-2026.ics --series nc-2026
hub session import examples/schedules/palliative-care-2026.toml
hub session list --series pc-2026 --format table

# Participants, then the Zoom exports of pc-2026's first three sessions: each file finds its
# session from the meeting's start time.
hub participant import examples/participants.csv
for export in examples/zoom/*.csv; do
  hub attendance import "$export"
done
hub attendance unmatched --format table

# A partner's proposal, reviewed, approved and turned into a series.
hub proposal submit examples/proposals/rural-ltc-dementia.toml --actor demo
hub proposal review 1 --score need=5 --score feasibility=4 --score capacity=4 --score evaluation=3 \
  --note "Strong rural need" --actor reviewer
hub proposal approve 1 --actor director
hub proposal convert 1 --code ltc-dementia-2026 --time 12:00 --actor director
hub series schedule ltc-dementia-2026
hub series list --format table

# What a funder gets: the series report as it stood the day after the third session.
hub report series pc-2026 --as-of 2026-02-11 --format table
hub db check
