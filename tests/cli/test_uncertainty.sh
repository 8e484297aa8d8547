#!/usr/bin/env bash
# sensitivity, sweep and run --csv as a user meets them: exit codes,
# messages, the files written (read back with Debian's h5py), and that bad
# input writes nothing.
set -u
bin="$1"
src="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
check() {  # check NAME CONDITION...
    local name="$1"; shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
mini="$src/tests/data/mini-cut.toml"

for sub in sensitivity sweep; do
    "$bin" "$sub" --help > "$work/help.txt"; check "$sub --help exits 0" test $? -eq 0
done
check "sweep --help documents the keys" grep -q "event.<id>.duration" "$work/help.txt"

# sensitivity: the table, JSON and HDF5
"$bin" sensitivity "$mini" --draws 500 --json "$work/s.json" --out "$work/sens" > "$work/sens.txt"
check "sensitivity exits 0" test $? -eq 0
check "tornado names the driver" grep -q "economy.dependence.B" "$work/sens.txt"
check "sensitivity.json written" test -s "$work/s.json"
check "sensitivity.h5 written" test -s "$work/sens/sensitivity.h5"
/usr/bin/python3 - "$work/s.json" "$work/sens/sensitivity.h5" <<'PY'
import json, sys
import h5py
j = json.load(open(sys.argv[1]))
assert j["schema"] == "rubilnik.sensitivity/1", j["schema"]
idx = j["metrics"]["gdp_loss_total_usd"]["indices"]
assert [x["factor"] for x in idx] == ["economy.dependence.B"], idx
assert abs(idx[0]["st"] - 1.0) < 0.15, idx
with h5py.File(sys.argv[2], "r") as f:
    assert f["meta"].attrs["schema"] == "rubilnik.sensitivity/1"
    g = f["sensitivity/gdp_loss_total_usd"]
    assert list(g["parameters"].asstr()[...]) == ["economy.dependence.B"]
    assert g["indices"].shape == (1, 6) and g["indices"][0, 3] == g["ST"][0]
    assert abs(g["ST"][0] - idx[0]["st"]) < 1e-12
    assert g["ST_lo"][0] <= g["ST"][0] <= g["ST_hi"][0]
    assert g.attrs["units"] == "USD"
    assert g["ST"].compression == "gzip"
PY
check "sensitivity outputs read back (json + h5py)" test $? -eq 0
"$bin" sensitivity "$mini" --metric no_such_metric --out "$work/bad-sens" > /dev/null 2> "$work/err.txt"
check "unknown metric exits 2" test $? -eq 2
check "unknown metric is named" grep -q "'no_such_metric' is not a metric" "$work/err.txt"
check "no output for bad input" test ! -e "$work/bad-sens"

# sweep: table and CSV
"$bin" sweep "$mini" --vary event.mobile-cut.duration=1h,2h --vary economy.substitution=0.1..0.3:3 --draws 20 \
    --csv "$work/sweep.csv" > "$work/sweep.txt"
check "sweep exits 0" test $? -eq 0
check "sweep prints 6 points" grep -q "6 points" "$work/sweep.txt"
check "sweep CSV header" test "$(head -n 1 "$work/sweep.csv")" = \
    "point,event.mobile-cut.duration_hours,economy.substitution,metric,unit,p5,p50,p95,mean"
check "sweep CSV has person-hours at 2 h" grep -q "^5,2,0.3,person_hours_offline,person\*h,1600,1600,1600,1600" "$work/sweep.csv"
"$bin" sweep "$mini" --vary event.mobile-cut.factor=0.5 --csv "$work/bad.csv" > /dev/null 2> "$work/err.txt"
check "factor on a cut exits 2" test $? -eq 2
check "factor error explains" grep -q "only throttle events have a factor" "$work/err.txt"
check "no CSV for bad input" test ! -e "$work/bad.csv"
"$bin" sweep "$mini" --vary economy.substitution=0..1:1001 > /dev/null 2> "$work/err.txt"
check "too many points exits 2" test $? -eq 2

# run --csv
"$bin" run "$mini" --draws 20 --csv --out "$work/run" --quiet
check "run --csv exits 0" test $? -eq 0
check "summary.csv header" test "$(head -n 1 "$work/run/summary.csv")" = "metric,axis,label,p5,p50,p95,mean,unit"
check "series.csv header" test "$(head -n 1 "$work/run/series.csv")" = "hour_utc,hour_local,metric,p5,p50,p95,mean,unit"
check "summary.json beside them" test -s "$work/run/summary.json"
"$bin" run "$mini" --out "$work/nocsv" --quiet
check "no CSV without --csv" test ! -e "$work/nocsv/summary.csv"

# rubilnik report draws its tornado chart from sensitivity.h5
"$bin" report "$work/run/results.h5" --sensitivity "$work/sens/sensitivity.h5" --out "$work/rep" --format md > /dev/null
check "report accepts sensitivity.h5" test $? -eq 0
check "report has the tornado" grep -q "tornado-gdp-loss-total-usd" "$work/rep/report.md"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
