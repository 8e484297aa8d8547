#!/usr/bin/env bash
# The CI jobs after the README's test suite (.ci/run runs them; docs/hardening.md
# "CI"): the MPI build with its 2-rank test, the code health gates, the whole
# suite under AddressSanitizer + UBSan built with warnings as errors, and a
# short libFuzzer run of every fuzz target. Each job prints its time.
#   RUBILNIK_CI_FUZZ_SECONDS   seconds per fuzz target (default 30)
# Expects the packages of scripts/bootstrap.sh to be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
mark=$start
took() {  # took LABEL: time since the previous mark
    local now
    now=$(date +%s)
    echo "ci: $1 done in $((now - mark)) s (total $((now - start)) s)"
    mark=$now
}

# MPI job (docs/scaling.md): the mpi preset builds only the rubilnik binary
# with OpenMPI; its test runs run, sensitivity and batch on 2 ranks and
# compares them with one process, bit for bit.
cmake --preset mpi > /dev/null && cmake --build --preset mpi -j"$(nproc)" && ctest --preset mpi -R mpi
took "mpi (build, 2-rank test)"

# The hardening jobs (docs/hardening.md "CI"). Their times on the 2-core CI
# machine are in docs/hardening.md; 30 s per fuzz target keeps the whole of
# .ci/run under 45 minutes there.

# Code health gate: no source file over ~600 lines without a stated reason.
./scripts/check-file-length.sh
# Format gate: every tracked C++ file follows .clang-format (clang-format-14);
# `scripts/check-format.sh --fix FILE...` rewrites a file that does not.
./scripts/check-format.sh

# Sanitizer job: the whole suite under ASan + UBSan (halt on the first
# report, leaks included: CMakePresets.json, test preset "sanitize"), built
# with warnings as errors, so this job is also the -Werror gate.
cmake --preset sanitize -DRUBILNIK_WERROR=ON > /dev/null
cmake --build --preset sanitize -j "$(nproc)"
took "sanitizer build"
ctest --preset sanitize
took "sanitizer tests"

# Fuzz job: clang-14 + libFuzzer (docs/fuzzing.md). Replay every seed and
# regression, then fuzz each target for a fixed time; any crash fails CI.
cmake --preset fuzz > /dev/null
cmake --build --preset fuzz -j "$(nproc)"
took "fuzz build"
ctest --preset fuzz
tests/fuzz/run.sh build/fuzz "${RUBILNIK_CI_FUZZ_SECONDS:-30}"
took "fuzz run"

echo "ci: further jobs passed in $(($(date +%s) - start)) s"
