#!/usr/bin/env bash
# A run killed with SIGKILL while it writes its results must leave the
# previous summary.json and results.h5 byte for byte, and nothing that looks
# like a result; what it did leave (hidden ".staging-<pid>" folders and
# ".<name>.tmp-<pid>" files) is removed by the next run into the folder, but
# never while the process that owns it is alive.
#
# RUBILNIK_TEST_PAUSE_BEFORE_RENAME=<s> makes every atomic write print
# "test pause before rename of <path>" between a complete temporary file and
# its rename, and RUBILNIK_TEST_PAUSE_AT=<n> makes the n-th such point stop
# there for <s> seconds (sim/io/atomic_file.cpp): the test kills at exactly
# that point. A run has three points: results.h5 staged, summary.json staged,
# then the staging folder before the final renames.
set -u
bin="$1"
src="$2"
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
pass=0
fail=0
check() {  # check NAME CONDITION...
    local name="$1"; shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
scenario="$src/tests/data/mini-cut.toml"
out="$work/out"

# Lists what is in the output folder, hidden files included, one per line.
listing() { (cd "$out" && find . -mindepth 1 | sort); }

# Starts a run that pauses at its PAUSE-th rename, waits for that pause,
# then kills it with SIGKILL. Prints nothing; sets $killed_pid.
kill_at_pause() {
    local pause="$1" seed="$2" err="$work/err-$1.txt"
    RUBILNIK_TEST_PAUSE_BEFORE_RENAME=30 RUBILNIK_TEST_PAUSE_AT="$pause" "$bin" run "$scenario" --draws 20 --seed "$seed" --out "$out" --quiet \
        2> "$err" &
    killed_pid=$!
    for _ in $(seq 1 200); do  # up to 20 s, for a slow sanitizer build on a busy machine
        [ "$(grep -c 'test pause before rename' "$err")" -ge "$pause" ] && break
        sleep 0.1
    done
    check "run $pause reached pause $pause" test "$(grep -c 'test pause before rename' "$err")" -ge "$pause"
    kill -9 "$killed_pid"
    wait "$killed_pid" 2> /dev/null
}

# A first, complete result to protect.
"$bin" run "$scenario" --out "$out" --quiet; check "first run exits 0" test $? -eq 0
cp "$out/summary.json" "$work/summary.before"
cp "$out/results.h5" "$work/results.before"
listing > "$work/listing.before"

for pause in 1 2 3; do
    kill_at_pause "$pause" "$((100 + pause))"
    check "kill at pause $pause: summary.json intact" cmp -s "$work/summary.before" "$out/summary.json"
    check "kill at pause $pause: results.h5 intact" cmp -s "$work/results.before" "$out/results.h5"
    check "kill at pause $pause: no new visible file" \
        test -z "$(listing | grep -v '^\./\.' | grep -vxF -f "$work/listing.before")"
    check "kill at pause $pause: the leftovers are the dead run's hidden staging" \
        test -d "$out/.staging-$killed_pid"
done

# Files of a live process are left alone; those of dead ones go.
sleep 30 & live=$!
touch "$out/.summary.json.tmp-$live"
true & dead=$!
wait "$dead"
touch "$out/.summary.json.tmp-$dead"
"$bin" run "$scenario" --draws 20 --seed 7 --out "$out" --quiet; check "run after the kills exits 0" test $? -eq 0
check "stale staging folders removed" test -z "$(find "$out" -maxdepth 1 -name '.staging-*')"
check "stale temporary of a dead process removed" test ! -e "$out/.summary.json.tmp-$dead"
check "temporary of a live process kept" test -e "$out/.summary.json.tmp-$live"
kill "$live"; wait "$live" 2> /dev/null
check "new summary.json replaced the old" test -n "$(cmp "$work/summary.before" "$out/summary.json" 2>&1)"
check "new summary.json is complete" grep -q '"complete": true' "$out/summary.json"
check "new summary.json has 20 draws" grep -q '"draws_done": 20' "$out/summary.json"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
