#!/usr/bin/env bash
# Runs libFuzzer targets built by the `fuzz` preset for a fixed time each and
# reports executions and crashes (docs/fuzzing.md).
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# BUILD_DIR is a `fuzz` preset build (e.g. build/fuzz); with no TARGET every
# target in BUILD_DIR/fuzz-targets.txt runs, one after another. New inputs go
# to BUILD_DIR/fuzz-work/<target>/corpus; a crash, leak, timeout or
# out-of-memory input is saved as BUILD_DIR/fuzz-work/<target>/crash-* (or
# leak-*, timeout-*, oom-*) and makes the script exit 1.
# Extra libFuzzer flags may be passed in FUZZ_FLAGS (e.g. "-jobs=2 -workers=2").
set -uo pipefail
build="${1:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}"
seconds="${2:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}"
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "$build" && pwd)"
if [ "$#" -gt 0 ]; then targets=("$@"); else mapfile -t targets < "$build/fuzz-targets.txt"; fi
failed=0
printf "%-20s %12s %10s %8s  %s\n" target executions exec/s seconds result
for t in "${targets[@]}"; do
    [ -n "$t" ] || continue
    bin="$build/tests/fuzz/$t"
    work="$build/fuzz-work/$t"
    mkdir -p "$work/corpus"
    inputs=("$here/corpus/$t")
    [ -d "$here/regressions/$t" ] && inputs+=("$here/regressions/$t")
    dict=()
    case "$t" in fuzz_toml_scenario|fuzz_distribution|fuzz_baseline) dict=(-dict="$here/scenario.dict") ;; esac
    start=$(date +%s)
    # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: one that
    # needs 2 GB is a runaway allocation. Both count as crashes.
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$work/" "${dict[@]}" ${FUZZ_FLAGS:-} "$work/corpus" "${inputs[@]}" > "$work/log.txt" 2>&1
    code=$?
    took=$(( $(date +%s) - start ))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log.txt" | tail -1 | grep -o '[0-9]*$')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/log.txt" | tail -1 | grep -o '[0-9]*$')
    artifacts=$(find "$work" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    result="ok"
    if [ "$code" -ne 0 ] || [ "$artifacts" -gt 0 ]; then
        result="FAILED (exit $code, $artifacts artifact(s); see $work/log.txt)"
        failed=1
    fi
    printf "%-20s %12s %10s %8s  %s\n" "$t" "${execs:-?}" "${rate:-?}" "$took" "$result"
done
exit "$failed"
