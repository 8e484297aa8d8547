#!/usr/bin/env bash
# The MPI build (docs/scaling.md): `mpirun -np 2 rubilnik run|sensitivity|batch`
# writes the same results as one process with the same seed: summary.json
# equal key for key except meta.threads and meta.ranks (run), the
# sensitivity JSON equal except meta (indices, intervals), and batch.csv
# byte for byte. An error on the ranks ends mpirun with the command's exit
# code; a command that does not run across ranks is refused with exit 2.
#   test_mpi.sh RUBILNIK SOURCE_DIR [MPIRUN]
set -u
bin="$1"
src="$2"
mpirun="${3:-mpirun}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
check() {  # check NAME CONDITION...
    local name="$1"; shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
# One thread per rank keeps the two ranks on this machine's two cores.
mpi=("$mpirun" -np 2 --oversubscribe --allow-run-as-root --bind-to none)
export OMPI_MCA_btl_vader_single_copy_mechanism=none  # containers without CMA
sc="$src/scenarios/kz-2022-01.toml"

# --- run: 301 draws, so the two blocks differ in size (151 + 150) ---------------------------
"$bin" run "$sc" --draws 301 --threads 1 --out "$work/one" --quiet
check "run, 1 process, exits 0" test $? -eq 0
"${mpi[@]}" "$bin" run "$sc" --draws 301 --threads 1 --out "$work/two" --quiet
check "run, 2 ranks, exits 0" test $? -eq 0
/usr/bin/python3 - "$work/one/summary.json" "$work/two/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = []
if a["meta"]["ranks"] != 1 or b["meta"]["ranks"] != 2:
    bad.append("meta.ranks is %r and %r, not 1 and 2" % (a["meta"]["ranks"], b["meta"]["ranks"]))
for m in (a["meta"], b["meta"]):
    del m["ranks"]
if a != b:
    keys = [k for k in a["metrics"] if a["metrics"][k] != b["metrics"].get(k)]
    bad.append("summary.json differs; metrics: %s; other sections: %s" %
               (", ".join(keys[:10]), [k for k in a if k != "metrics" and a[k] != b.get(k)]))
if b["meta"]["draws_done"] != 301 or not b["meta"]["complete"]:
    bad.append("2 ranks: draws_done %r" % b["meta"]["draws_done"])
for x in bad:
    print("FAIL:", x)
print("run: %d metrics bit-identical on 1 process and 2 ranks" % len(a["metrics"]) if not bad else "")
sys.exit(1 if bad else 0)
PY
check "run: summary.json identical" test $? -eq 0
check "run: only rank 0 wrote (no stray files)" test "$(ls "$work/two" | tr '\n' ' ')" = "results.h5 summary.json "
# Each rank computes the statistics of a share of the slots (engine.cpp):
# results.h5's hourly, cumulative, breakdown and per-draw datasets must be
# the same bits as one process's, also on 3 ranks (uneven shares of draws
# and of hourly series).
"${mpi[@]/-np 2/-np 3}" "$bin" run "$sc" --draws 301 --threads 1 --out "$work/three" --quiet
check "run, 3 ranks, exits 0" test $? -eq 0
for k in two three; do
    /usr/bin/python3 - "$work/one/results.h5" "$work/$k/results.h5" <<'PY'
import sys
import h5py
import numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
names, bad = [], []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) and
             n.split("/")[0] in ("series", "cumulative", "breakdown", "ensemble") else None)
for n in names:
    x, y = a[n][()], b[n][()] if n in b else None
    if y is None or x.shape != y.shape or not np.array_equal(x, y, equal_nan=x.dtype.kind == "f"):
        bad.append(n)
if len(names) < 50 or "cumulative/gdp_loss_total_usd" not in names:
    bad.append("only %d datasets found" % len(names))
print("FAIL: results.h5 differs: %s" % bad[:10] if bad else "run: %d results.h5 datasets bit-identical" % len(names))
sys.exit(1 if bad else 0)
PY
    check "run: results.h5 statistics identical ($k ranks)" test $? -eq 0
done

# --- sensitivity: 33 base rows ---------------------------------------------------------------
"$bin" sensitivity "$sc" --draws 33 --resamples 50 --threads 1 --json "$work/s1.json" --quiet
check "sensitivity, 1 process, exits 0" test $? -eq 0
"${mpi[@]}" "$bin" sensitivity "$sc" --draws 33 --resamples 50 --threads 1 --json "$work/s2.json" --quiet
check "sensitivity, 2 ranks, exits 0" test $? -eq 0
/usr/bin/python3 - "$work/s1.json" "$work/s2.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ra, rb = a["meta"].pop("ranks"), b["meta"].pop("ranks")
ok = a == b and ra == 1 and rb == 2
print("sensitivity: indices identical" if ok else "FAIL: sensitivity JSON differs (ranks %r, %r)" % (ra, rb))
sys.exit(0 if ok else 1)
PY
check "sensitivity: JSON identical" test $? -eq 0

# --- batch: two scenarios ----------------------------------------------------------------------
mkdir -p "$work/scen"
for n in a b; do
    sed -e "s/^name = .*/name = \"kz-$n\"/" -e "s|^baseline = \"countries/kz\"|baseline = \"$src/scenarios/countries/kz\"|" \
        "$sc" > "$work/scen/kz-$n.toml"
done
"$bin" batch "$work/scen" --draws 41 --threads 1 --out "$work/b1" --quiet > /dev/null
check "batch, 1 process, exits 0" test $? -eq 0
"${mpi[@]}" "$bin" batch "$work/scen" --draws 41 --threads 1 --out "$work/b2" --quiet > /dev/null
check "batch, 2 ranks, exits 0" test $? -eq 0
check "batch: batch.csv identical" cmp -s "$work/b1/batch.csv" "$work/b2/batch.csv"
/usr/bin/python3 - "$work/b1" "$work/b2" <<'PY'
import json, sys
bad = 0
for n in ("kz-a", "kz-b"):
    a, b = (json.load(open("%s/%s/summary.json" % (d, n))) for d in sys.argv[1:3])
    if a["metrics"] != b["metrics"]:
        print("FAIL: batch %s: metrics differ" % n); bad += 1
sys.exit(1 if bad else 0)
PY
check "batch: every scenario's metrics identical" test $? -eq 0
"${mpi[@]}" "$bin" batch "$work/scen" --draws 41 --threads 1 --out "$work/b2" --resume > "$work/resume.txt"
check "batch --resume on 2 ranks keeps both" grep -q "0 computed, 2 resumed, 0 failed" "$work/resume.txt"

# --- errors end every rank with the command's exit code --------------------------------------
"${mpi[@]}" "$bin" run "$work/missing.toml" --quiet > /dev/null 2> "$work/err.txt"
code=$?
check "bad input on 2 ranks exits 2 (got $code)" test "$code" -eq 2
"${mpi[@]}" "$bin" validate "$sc" > /dev/null 2> "$work/err.txt"
code=$?
check "a command that does not run across ranks is refused with 2 (got $code)" test "$code" -eq 2
check "... saying which commands do" grep -q "only run, sensitivity and batch" "$work/err.txt"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
