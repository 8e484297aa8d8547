#!/usr/bin/env bash
# `rubilnik compare`: one table with the bottom-up rows and every comparator,
# each followed by its reading; bad options exit 2. Usage: test_compare.sh RUBILNIK SOURCE_DIR
set -u
bin="$1"
src="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" compare "$src/tests/data/mini-cut.toml" --draws 20 --seed 7 >"$tmp/out" 2>&1 || fail "compare exited $?: $(cat "$tmp/out")"
for row in "bottom-up: direct" "bottom-up: total" "Deloitte (2016) tiers" "Brookings (2016) / COST-style" \
    "Top10VPN-style" "NetLoss-style" "OECD-style telecom revenue" "ICRIER elasticities" "20 draws, seed 7"; do
    grep -qF "$row" "$tmp/out" || fail "no '$row' in: $(cat "$tmp/out")"
done
grep -qF "a fixed 0.4 % of daily GDP per full-shutdown day" "$tmp/out" || fail "the Deloitte reading lacks its share"
# The mini country has no io table: no indirect row.
! grep -qF "bottom-up: indirect" "$tmp/out" || fail "an indirect row without an io table"

# Kazakhstan has one: the indirect row appears, with the recovery time.
"$bin" compare "$src/scenarios/kz-2022-01.toml" --draws 1 >"$tmp/kz" 2>&1 || fail "compare KZ exited $?: $(cat "$tmp/kz")"
grep -qF "bottom-up: indirect" "$tmp/kz" || fail "no indirect row for Kazakhstan: $(cat "$tmp/kz")"
grep -qF "one central run" "$tmp/kz" || fail "--draws 1 is not reported as a central run"

"$bin" compare "$src/tests/data/mini-cut.toml" --draws 0 >"$tmp/out" 2>&1
[ "$?" = 2 ] || fail "--draws 0 did not exit 2"
grep -qF -- "--draws 0 is outside 1.." "$tmp/out" || fail "--draws 0: $(cat "$tmp/out")"
"$bin" compare "$tmp/missing.toml" >"$tmp/out" 2>&1
[ "$?" = 2 ] || fail "a missing scenario did not exit 2"
echo "compare: ok"
