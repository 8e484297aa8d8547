#!/usr/bin/env bash
# Configure the `bench` preset, build every benchmark, run each one and
# gather the figures into bench/results/latest.json (per benchmark: our
# figure, the machine from /proc/cpuinfo and nproc, the load, the date).
#
#   bench/run.sh                      # build/bench, all benchmarks
#   BUILD_DIR=build/me CONFIGURE=0 bench/run.sh   # reuse a configured folder
#   BENCH_ARGS='--benchmark_filter=kz_draws' bench/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build/bench}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
cd "$root"
if [ "${CONFIGURE:-1}" != 0 ]; then
    cmake --preset bench -B "$build" > /dev/null
fi
cmake --build "$build" -j"$(nproc)" --target rubilnik_benchmarks
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
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$here/results"
/usr/bin/python3 - "$tmp" "$here/results/latest.json" "$load_before" "$load_after" \
    "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
import datetime, glob, json, os, sys
tmp, out, load_before, load_after, sha = sys.argv[1:6]
cpu = "unknown"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
machine = {"cpu": cpu, "nproc": os.cpu_count(), "load_average_before": load_before,
           "load_average_after": load_after}
date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
rows = []
for path in sorted(glob.glob(os.path.join(tmp, "*.json"))):
    data = json.load(open(path))
    for b in data.get("benchmarks", []):
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        row = {"executable": os.path.basename(path)[:-5], "name": b["name"],
               "real_time": b["real_time"], "cpu_time": b["cpu_time"], "time_unit": b["time_unit"],
               "iterations": b["iterations"]}
        if "draws_per_second" in b:
            row["figure"] = {"draws_per_second": b["draws_per_second"]}
        else:
            row["figure"] = {"real_time": b["real_time"], "unit": b["time_unit"]}
        row["machine"] = machine
        row["date"] = date
        rows.append(row)
json.dump({"schema": "rubilnik.bench/1", "git_sha": sha, "date": date, "machine": machine,
           "benchmarks": rows}, open(out, "w"), indent=2)
print("wrote %s (%d benchmarks)" % (out, len(rows)))
PY
