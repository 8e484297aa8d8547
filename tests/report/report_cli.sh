#!/usr/bin/env bash
# rubilnik report as a user meets it: from a run's folder, with --report on
# run, with a sensitivity file; refusals exit 2 and name the file.
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

"$bin" report --help > "$work/help.txt"; check "report --help exits 0" test $? -eq 0
check "help names --methods-table" grep -q -- "--methods-table" "$work/help.txt"
"$bin" run --help > "$work/help.txt"; check "run --help names --report" grep -q -- "--report" "$work/help.txt"

"$bin" run "$src/tests/data/mini-cut.toml" --draws 50 --out "$work/run" --report > "$work/run.txt"
check "run --report exits 0" test $? -eq 0
check "run --report writes report.html" test -s "$work/run/report.html"
check "run --report writes report.md" test -s "$work/run/report.md"
check "run --report writes the charts" test -s "$work/run/report-charts/events.svg"
check "run --report says so" grep -q "report.html" "$work/run.txt"

"$bin" report "$work/run/results.h5" --out "$work/again" --format md > /dev/null
check "report exits 0" test $? -eq 0
check "--format md writes no HTML" test ! -e "$work/again/report.html"
check "--format md writes Markdown" test -s "$work/again/report.md"
check "no temporary files" test -z "$(find "$work" -name '*.tmp*')"
check "the same report either way" cmp -s "$work/run/report.md" "$work/again/report.md"

"$bin" report "$work/run/results.h5" --format pdf > /dev/null 2> "$work/err.txt"; code=$?
check "unknown format exits 2" test $code -eq 2
check "unknown format named" grep -q "unknown format 'pdf'" "$work/err.txt"
"$bin" report "$work/none.h5" > /dev/null 2> "$work/err.txt"; code=$?
check "missing file exits 2" test $code -eq 2
check "missing file named" grep -q "none.h5: no such file" "$work/err.txt"
"$bin" report "$src/tests/data/mini-cut.toml" --out "$work/bad" > /dev/null 2> "$work/err.txt"; code=$?
check "a non-HDF5 file exits 2" test $code -eq 2
check "nothing written for bad input" test ! -e "$work/bad"
"$bin" report "$work/run/results.h5" --sensitivity "$work/run/results.h5" > /dev/null 2> "$work/err.txt"; code=$?
check "a file without /sensitivity exits 2" test $code -eq 2
check "the missing group is named" grep -q "/sensitivity: missing" "$work/err.txt"
"$bin" report > /dev/null 2>&1; check "report without a file exits 2" test $? -eq 2

echo "$pass passed, $fail failed"
test "$fail" -eq 0
