#!/usr/bin/env bash
# Cost of a clean build of one commit, as scripts/test.sh builds it: configure (RelWithDebInfo,
# tests, -Werror) and `cmake --build` of everything, with ccache disabled, in a fresh temporary
# directory (the commit's files from `git archive`, so the work tree is not touched).
# Prints the CPU seconds (user + sys, from /usr/bin/time: the compilers and linkers are the
# build's children) and the wall time of each step, and the load average around the build.
#
#   bench/build.sh [COMMIT...]     default HEAD; several commits are built one after the other
#   JOBS=1 bench/build.sh ab5615d HEAD
#
# Env: JOBS (parallel jobs, default 2), CMAKE_ARGS (more configure options, e.g.
# -DECHO_FULL_DEBUG_INFO=ON), KEEP=1 keeps the temporary directories (their path is printed). CPU seconds barely depend on -j and little on the load; wall time depends on both,
# so compare commits built with the same JOBS, one right after the other.
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
jobs=${JOBS:-2}
[ $# -gt 0 ] || set -- HEAD

for rev in "$@"; do
  commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}")
  short=${commit:0:7}
  work=$(mktemp -d "${TMPDIR:-/tmp}/echo-build-$short.XXXXXX")
  mkdir "$work/src"
  git -C "$repo" archive "$commit" | tar -x -C "$work/src"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  (
    cd "$work"
    export CCACHE_DISABLE=1
    /usr/bin/time -f '%U %S %e' -o configure.time \
      cmake -S src -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DECHO_BUILD_TESTS=ON -DECHO_WERROR=ON \
      -DECHO_BUILD_COMMIT="$short" ${CMAKE_ARGS:-} >configure.log 2>&1
    /usr/bin/time -f '%U %S %e' -o build.time cmake --build build -j"$jobs" >build.log 2>&1
  ) || {
    echo "$short: the build failed; see $work/configure.log and $work/build.log" >&2
    exit 1
  }
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  read -r cu cs ce <"$work/configure.time"
  read -r bu bs be <"$work/build.time"
  awk -v c="$short" -v j="$jobs" -v cu="$cu" -v cs="$cs" -v ce="$ce" -v bu="$bu" -v bs="$bs" -v be="$be" \
    -v l0="$load_before" -v l1="$load_after" 'BEGIN {
      printf "%s -j%s  configure %.1f CPU-s (%.1f wall)  build %.1f CPU-s = %.1f user + %.1f sys (%.1f wall)  total %.1f CPU-s  load %s -> %s\n",
        c, j, cu + cs, ce, bu + bs, bu, bs, be, cu + cs + bu + bs, l0, l1 }'
  if [ "${KEEP:-0}" = 1 ]; then
    echo "  kept $work"
  else
    rm -rf "$work"
  fi
done
