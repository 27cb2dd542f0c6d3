#!/usr/bin/env bash
# Runs a fuzz target under libFuzzer (with ASan and UBSan) for SECONDS:
#   tests/fuzz/run.sh TARGET SECONDS [LIBFUZZER-OPTION...]
#   tests/fuzz/run.sh all SECONDS      every target in turn (what scripts/test does briefly)
# Builds the targets first in $PM_FUZZ_BUILD (default build-fuzz, configured with clang and
# -DPM_FUZZ=ON on every run; PM_FUZZ_NO_BUILD=1 runs them as last built). tests/fuzz/corpus/TARGET
# is read: the seeds (make_seeds.py) and the corpus of earlier campaigns, merged in by
# `build-fuzz/tests/fuzz/fuzz_TARGET -merge=1 tests/fuzz/corpus/TARGET build-fuzz/corpus/TARGET`
# (files named by their SHA-1). What the fuzzer adds goes to $PM_FUZZ_BUILD/corpus/TARGET,
# which later runs go on from. An input that crashes,
# hangs (over 10 s), leaks or runs out of memory (2 GB) is written to
# tests/fuzz/regressions/TARGET/, where ctest replays it as the test `fuzz: TARGET`; the run
# then fails. Each run appends "TARGET SECONDS-TAKEN EXECUTIONS STATUS" to
# $PM_FUZZ_BUILD/runs.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() {
  echo "usage: tests/fuzz/run.sh TARGET|all SECONDS [LIBFUZZER-OPTION...]" >&2
  echo "targets: $(targets | tr '\n' ' ')" >&2
  exit 2
}
targets() { find tests/fuzz -maxdepth 1 -name '*.cpp' ! -name replay_main.cpp -printf '%f\n' | sed 's/\.cpp$//' | sort; }

[ $# -ge 2 ] || usage
target=$1 seconds=$2
shift 2
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then usage; fi
if [ "$target" = all ]; then
  mapfile -t list < <(targets)
else
  targets | grep -qx -- "$target" || usage
  list=("$target")
fi

build=${PM_FUZZ_BUILD:-build-fuzz}
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
if [ -z "${PM_FUZZ_NO_BUILD:-}" ]; then # set: run the targets as last built (a long run beside edits)
  # Every option is given on each run, whatever an earlier configure left in the cache. Not
  # -Werror: the warnings are judged by the GCC builds of scripts/test, and clang 14 has its own
  # (-Wconversion includes -Wsign-conversion), which must not keep the fuzzers from running.
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DPM_FUZZ=ON -DPM_SANITIZE= -DPM_BUILD_TESTS=OFF \
    -DPM_WERROR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$build" "${list[@]/#/fuzz_}" >/dev/null
fi

status=0
for name in "${list[@]}"; do
  work="$build/corpus/$name"
  regressions="tests/fuzz/regressions/$name"
  mkdir -p "$work" "$regressions"
  log="$build/$name.log"
  echo "== fuzz $name for ${seconds}s" >&2
  started=$SECONDS
  set +e
  ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$regressions/" "$@" "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "$name $((SECONDS - started)) ${runs:-?} $rc" >>"$build/runs.log"
  if [ "$rc" -ne 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz $name: failed (status $rc); the input is in $regressions/, the log in $log" >&2
    status=1
  else
    echo "fuzz $name: ${runs:-?} runs, no failure" >&2
  fi
done
exit $status
