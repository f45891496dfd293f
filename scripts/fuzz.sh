#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (build-fuzz/), seeds each target's corpus from the test fixtures
# and examples (and tests/fuzz/regressions/TARGET/, the inputs of past findings), and runs each
# target for SECONDS (default 60).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 600 fuzz_schedule_ics
#
# Runs targets one after the other, at nice 19. Each run's last libFuzzer status line (execs,
# coverage) is printed; a finding stops the script with its status after saving the input to
# build-fuzz/findings/TARGET/ (turn it into a regression test, then add it under
# tests/fuzz/regressions/TARGET/).
set -euo pipefail
cd "$(dirname "$0")/.."

budget=${1:-60}
shift || true
all=(fuzz_attendance_csv fuzz_participant_csv fuzz_registration_csv fuzz_schedule_toml fuzz_schedule_csv fuzz_schedule_json
  fuzz_schedule_ics fuzz_proposal_toml fuzz_config fuzz_evaluation_map)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

scripts/install-deps.sh
jobs=${FUZZ_JOBS:-2}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DECHO_FUZZ=ON -DECHO_SANITIZE=ON \
  -DECHO_BUILD_TESTS=OFF -DECHO_WERROR=OFF >/dev/null
nice cmake --build build-fuzz -j"$jobs" --target "${targets[@]}" >/dev/null

seeds_of() {
  case $1 in
  fuzz_attendance_csv) ls tests/fixtures/zoom/*.csv tests/fixtures/attendance/history*.csv examples/zoom/*.csv ;;
  fuzz_participant_csv) ls tests/fixtures/attendance/participants*.csv examples/participants.csv ;;
  fuzz_registration_csv) ls tests/fixtures/registrations/*.csv tests/fixtures/zoom/webinar.csv ;;
  fuzz_schedule_toml) ls tests/fixtures/schedule/*.toml examples/schedules/*.toml ;;
  fuzz_schedule_csv) ls tests/fixtures/schedule/*.csv ;;
  fuzz_schedule_json) ls tests/fixtures/schedule/*.json ;;
  fuzz_schedule_ics) ls tests/fixtures/schedule/*.ics examples/schedules/*.ics ;;
  fuzz_proposal_toml) ls tests/fixtures/proposal/*.toml examples/proposals/*.toml ;;
  fuzz_config) ls config/echo.toml examples/echo.toml ;;
  fuzz_evaluation_map) ls tests/fixtures/evaluations/*.toml examples/evaluations/*.toml ;;
  esac
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t
  findings=build-fuzz/findings/$t
  mkdir -p "$corpus" "$findings"
  for f in $(seeds_of "$t") tests/fuzz/regressions/"$t"/*; do
    [ -f "$f" ] && cp -f "$f" "$corpus/seed-$(basename "$f")"
  done
  log=build-fuzz/$t.log
  # -rss_limit_mb and -timeout: a reader that needs 2 GB or 10 s for one input is a finding too.
  if nice -n 19 build-fuzz/tests/fuzz/"$t" "$corpus" -max_total_time="$budget" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1; then
    execs=$(grep -m1 '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "$t: ok, ${budget}s, ${execs:-?} executions, $(grep -E '^#[0-9]+' "$log" | tail -n 1)"
  else
    status=1
    echo "$t: FINDING (see $log and $findings/)" >&2
    grep -E 'ERROR|SUMMARY|abort|exception' "$log" | head -n 5 >&2 || true
  fi
done
exit $status
