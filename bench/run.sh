#!/usr/bin/env bash
# Build and run every benchmark, measure rubilnik beside the tool a user
# would otherwise pick in the same run, and write bench/results/latest.json:
# per comparison our figure, the peer's figure, their ratio, the target and
# pass/fail, plus the machine (cpu, nproc, load average). bench/README.md
# explains each row and how to rerun on a cluster.
#
#   bench/run.sh                                   # configure + build build/bench, run all
#   BUILD_DIR=build/me CONFIGURE=0 bench/run.sh    # reuse a configured folder
#   BENCH_ARGS='--benchmark_filter=kz_draws' bench/run.sh
#   MPI=0 bench/run.sh                             # skip the 1 vs 2 rank comparison
#   MPI_DRAWS=10000 MPI_NP=2 bench/run.sh          # ranks compared (1 vs MPI_NP)
#   MPI_REPEATS=9 bench/run.sh                     # runs of each (fastest and median kept; default 7)
#
# The bench preset is Release with -DRUBILNIK_MPI=ON when OpenMPI is
# installed (mpicc and mpirun found), so one build gives the benchmarks and
# an MPI-capable rubilnik for the rank comparison; the benchmarks never
# start MPI, so they are single-process either way.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build/bench}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
cd "$root"
t_start=$(date +%s)

mpi=${MPI:-auto}
if [ "$mpi" = auto ]; then
    if command -v mpirun > /dev/null && command -v mpicc > /dev/null; then mpi=1; else mpi=0; fi
fi
if [ "${CONFIGURE:-1}" != 0 ]; then
    mpi_flag=OFF
    [ "$mpi" = 1 ] && mpi_flag=ON
    cmake --preset bench -B "$build" -DRUBILNIK_MPI="$mpi_flag" > /dev/null
fi
targets=(rubilnik_benchmarks)
[ "$mpi" = 1 ] && targets+=(rubilnik)
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"
t_built=$(date +%s)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
found=0
for exe in "$build"/bench/bench_*; do
    [ -f "$exe" ] && [ -x "$exe" ] || continue
    found=1
    name=$(basename "$exe")
    echo "== $name"
    # shellcheck disable=SC2086
    "$exe" --benchmark_out="$tmp/$name.json" --benchmark_out_format=json ${BENCH_ARGS:-}
done
[ "$found" = 1 ] || { echo "no benchmark executables in $build/bench" >&2; exit 1; }

# 1 vs MPI_NP ranks of the KZ replay, one thread per rank, MPI_REPEATS
# (default 7) runs of each, alternating; collect.py judges the fastest of
# each (other load only adds time) and reports the median beside it.
# The engine's own time (draws, exchange between ranks, statistics) comes
# from results.h5 /meta seconds; the whole command (load, build, write) is
# timed too.
mpi_status="skipped: built without MPI (install libopenmpi-dev openmpi-bin, or MPI=0 was given)"
if [ "$mpi" = 1 ] && [ -x "$build/rubilnik" ]; then
    np=${MPI_NP:-2}
    draws=${MPI_DRAWS:-10000}
    echo "== mpi: KZ replay, $draws draws, 1 and $np ranks, 1 thread each"
    for rep in $(seq 1 "${MPI_REPEATS:-7}"); do
        for k in 1 "$np"; do
            s=$(date +%s.%N)
            /usr/bin/time -f '%U %S' -o "$tmp/cpu$k" \
                mpirun -np "$k" --oversubscribe --allow-run-as-root --bind-to none \
                "$build/rubilnik" run scenarios/kz-2022-01.toml --draws "$draws" --threads 1 \
                --out "$tmp/mpi$k-$rep" --quiet
            e=$(date +%s.%N)
            echo "$k $draws $s $e $(tail -1 "$tmp/cpu$k") $rep" >> "$tmp/mpi.txt"
        done
    done
    mpi_status="measured"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$here/results"
/usr/bin/python3 "$here/collect.py" "$tmp" "$here/results/latest.json" "$load_before" "$load_after" \
    "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$mpi_status" \
    "$((t_built - t_start))" "$(($(date +%s) - t_start))"
