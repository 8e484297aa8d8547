#!/usr/bin/env bash
# The command line as a new user meets it: exit codes, messages, outputs,
# and that bad input leaves no output behind.
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

# info and help
"$bin" info > "$work/info.txt"; check "info exits 0" test $? -eq 0
check "info names the git SHA" grep -q "git SHA" "$work/info.txt"
for sub in run validate info; do
    "$bin" "$sub" --help > "$work/help.txt"; check "$sub --help exits 0" test $? -eq 0
done
"$bin" frobnicate > /dev/null 2>&1; check "unknown command exits 2" test $? -eq 2
"$bin" run > /dev/null 2>&1; check "run without a file exits 2" test $? -eq 2

# a good run writes both files, and summary.json follows the contract
"$bin" run "$src/tests/data/mini-cut.toml" --out "$work/ok" > "$work/run.txt"; check "run exits 0" test $? -eq 0
check "run prints the headline" grep -q "person-hours without international access" "$work/run.txt"
check "summary.json written" test -s "$work/ok/summary.json"
check "results.h5 written" test -s "$work/ok/results.h5"
check "no temporary files left" test -z "$(ls -A "$work/ok" | grep tmp)"
check "summary schema" grep -q '"schema": "rubilnik.summary/1"' "$work/ok/summary.json"
check "summary has users_affected" grep -q '"users_affected"' "$work/ok/summary.json"
check "summary has by_region" grep -q '"by_region"' "$work/ok/summary.json"

# bad input: exit 2, a message with file and line, and no output folder
cp -r "$src/tests/data/mini" "$work/mini"
sed 's/action = "cut"/action = "cutt"/' "$src/tests/data/mini-cut.toml" > "$work/broken.toml"
"$bin" run "$work/broken.toml" --out "$work/bad" 2> "$work/err.txt"; code=$?
check "broken scenario exits 2" test $code -eq 2
check "error names file and line" grep -q "broken.toml:9" "$work/err.txt"
check "error names the key" grep -q "event\[0\].action" "$work/err.txt"
check "no output folder for bad input" test ! -e "$work/bad"
"$bin" validate "$work/broken.toml" > /dev/null 2>&1; check "validate rejects it too" test $? -eq 2
"$bin" validate "$src/tests/data/mini" "$src/tests/data/mini-cut.toml" > /dev/null; check "validate accepts good input" test $? -eq 0
"$bin" run "$src/tests/data/mini-cut.toml" --draws 0 --out "$work/zero" > /dev/null 2>&1
check "--draws 0 exits 2" test $? -eq 2
check "--draws 0 writes nothing" test ! -e "$work/zero"
# The limit on draws (kMaxDraws): refused with the range, before any work.
"$bin" run "$src/tests/data/mini-cut.toml" --draws 100001 --out "$work/many" > /dev/null 2> "$work/many.err"
check "--draws 100001 exits 2" test $? -eq 2
check "--draws 100001 names the limit" grep -qF -- "--draws 100001 is outside 1..100000" "$work/many.err"
check "--draws 100001 writes nothing" test ! -e "$work/many"
"$bin" run "$src/tests/data/mini-cut.toml" --threads 1025 --out "$work/threads" > /dev/null 2> "$work/threads.err"
check "--threads 1025 exits 2" test $? -eq 2
check "--threads 1025 names the limit" grep -qF -- "--threads 1025 is more than 1024" "$work/threads.err"

# an earlier result stays intact when a later run fails
cp "$work/ok/summary.json" "$work/before.json"
"$bin" run "$work/broken.toml" --out "$work/ok" > /dev/null 2>&1
check "failed run keeps the previous result" cmp -s "$work/before.json" "$work/ok/summary.json"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
