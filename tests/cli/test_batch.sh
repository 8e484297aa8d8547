#!/usr/bin/env bash
# Any country, any shutdown, from the command line: a baseline from
# indicators for a country without a hand-built one, validated and run; the
# STOP fixture imported; a batch killed with SIGKILL part-way and completed
# with --resume, recomputing only what was missing.
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
cd "$src"

# --- baseline new: Iran has no hand-built baseline --------------------------------------------
"$bin" baseline new --country IR --year 2022 --out "$work/ir" > "$work/new.txt"
check "baseline new exits 0" test $? -eq 0
check "baseline new names the income group" grep -q "lower_middle income" "$work/new.txt"
check "baseline new says GDP fell back to 2020" grep -q "NY.GDP.MKTP.CD: no value for 2022; used 2020" "$work/new.txt"
check "the baseline validates" "$bin" validate "$work/ir"
check "SOURCES.md cites the WDI codes" grep -q "| SP.POP.TOTL | 88550570 | 2022 |" "$work/ir/SOURCES.md"
# The shipped example (scenarios/ir-2022-09.toml) on a baseline generated where it expects one.
mkdir -p "$work/ex/countries"
"$bin" baseline new --country IR --year 2022 --out "$work/ex/countries/ir-2022" > /dev/null
cp scenarios/ir-2022-09.toml "$work/ex/"
"$bin" validate "$work/ex/ir-2022-09.toml" > /dev/null
check "the shipped Iran scenario validates on a generated baseline" test $? -eq 0
"$bin" run "$work/ex/ir-2022-09.toml" --draws 20 --out "$work/ir-run" --quiet
check "a scenario on the generated baseline runs" test -s "$work/ir-run/summary.json"
"$bin" baseline new --country IR --year 2022 --out "$work/ir" 2> "$work/err.txt" > /dev/null
check "an existing folder is not replaced (exit 2)" test $? -eq 2
check "... and the message says so" grep -q "already exists" "$work/err.txt"
"$bin" baseline new --country ZZ --year 2022 --out "$work/zz" 2> "$work/err.txt" > /dev/null
check "an unknown country exits 2" test $? -eq 2

# --- import stop -------------------------------------------------------------------------------
"$bin" import stop tests/data/stop/sample.csv --year 2022 --baselines scenarios/countries --out "$work/stop" \
    > "$work/import.txt"
check "import stop exits 0" test $? -eq 0
check "import stop counts" grep -q "wrote 13 scenarios" "$work/import.txt"
check "the report lists skipped rows" grep -q "skipped,\"ongoing (no end date)\"" "$work/stop/import-report.csv"
check "every imported scenario validates" "$bin" validate "$work"/stop/*.toml
# The whole STOP 2022 year that ships (data/stop/), with the counts docs/stop-2022.md reports.
"$bin" import stop data/stop/stop-2022.csv --year 2022 --baselines scenarios/countries --out "$work/y2022" \
    > "$work/y2022.txt"
check "the 2022 rows import" test $? -eq 0
check "206 rows of 2022 selected" grep -q "206 selected (count_year 2022)" "$work/y2022.txt"
check "156 scenarios, 5 clipped, 50 skipped, 26 baselines" \
    grep -q "wrote 156 scenarios to $work/y2022 (5 clipped to the year), skipped 50 rows, built 26 baselines" "$work/y2022.txt"
check "skips counted by reason" grep -q "^  34  ongoing (no end date)$" "$work/y2022.txt"
check "Libya skipped for its missing indicator" grep -q "^  3  no baseline for LY 2022$" "$work/y2022.txt"
check "one scenario file per imported row" test "$(ls "$work"/y2022/*.toml | wc -l)" -eq 156
printf 'start_date_type,start_date\n"open\n' > "$work/bad.csv"
"$bin" import stop "$work/bad.csv" --out "$work/bad" 2> "$work/err.txt"
check "a malformed STOP file exits 2" test $? -eq 2
check "... naming its line" grep -q "bad.csv:2" "$work/err.txt"
check "... writing nothing" test ! -e "$work/bad"

# --- batch, killed, resumed --------------------------------------------------------------------
ls "$work"/stop/stop-2022-*.toml | head -6 > "$work/list.txt"
"$bin" batch "$work/list.txt" --draws 40 --out "$work/b" > "$work/b1.txt" &
pid=$!
for _ in $(seq 1 600); do  # up to 60 s on a busy machine
    [ "$(ls "$work"/b/*/summary.json 2> /dev/null | wc -l)" -ge 1 ] && break
    sleep 0.1
done
kill -9 "$pid" 2> /dev/null
wait "$pid" 2> /dev/null
done_before=$(ls "$work"/b/*/summary.json 2> /dev/null | wc -l)
check "the killed batch completed at least one scenario" test "$done_before" -ge 1
"$bin" batch "$work/list.txt" --draws 40 --out "$work/b" --resume > "$work/b2.txt"
check "the resumed batch exits 0" test $? -eq 0
check "resume keeps every complete result and computes the rest" \
    grep -q "$((6 - done_before)) computed, $done_before resumed, 0 failed" "$work/b2.txt"
check "every scenario has its result" test "$(ls "$work"/b/*/summary.json | wc -l)" -eq 6
check "batch.csv has six scenario rows" test "$(grep -c '^scenario,' "$work/b/batch.csv")" -eq 6
check "batch.csv has an all-scenarios total" grep -q '^all,' "$work/b/batch.csv"
check "no temporary files remain" test -z "$(find "$work/b" -name '.*tmp-*' -o -name '.staging-*')"
"$bin" batch "$work/list.txt" --draws 40 --out "$work/b" --resume > "$work/b3.txt"
check "a finished batch resumes without computing" grep -q "0 computed, 6 resumed, 0 failed" "$work/b3.txt"
"$bin" batch "$work/nothing" --out "$work/b" 2> "$work/err.txt"
check "a missing input exits 2" test $? -eq 2

echo "$pass passed, $fail failed"
test "$fail" -eq 0
