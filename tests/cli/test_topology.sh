#!/usr/bin/env bash
# `rubilnik topology` and `rubilnik import caida-asrel` as a user meets them:
# reports and JSON on the KZ baseline, the hand-checked mini fixture and the
# whole 2018 CAIDA graph; the import round trip; errors with line numbers.
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
py() { /usr/bin/python3 -c "$@"; }
caida="$src/tests/data/caida/20180101.as-rel.txt.xz"
names="$src/tests/data/caida/ASN_lookup.xz"

for sub in "topology" "import" "import caida-asrel"; do
    $bin $sub --help > /dev/null; check "$sub --help exits 0" test $? -eq 0
done

# --- the KZ baseline: both layers, JSON contract ---------------------------
"$bin" topology "$src/scenarios/countries/kz" --json "$work/kz.json" > "$work/kz.txt"
check "topology on the KZ baseline exits 0" test $? -eq 0
check "report has the national graph" grep -q "^National graph" "$work/kz.txt"
check "report has the AS graph" grep -q "^AS graph" "$work/kz.txt"
check "report names a single point" grep -q "core:kazakhtelecom" "$work/kz.txt"
py "
import json, csv, sys
j = json.load(open('$work/kz.json'))
ops = {r['id'] for r in csv.DictReader(open('$src/scenarios/countries/kz/operators.csv'))}
assert j['schema'] == 'rubilnik.topology/1'
for key in ('min_cut_operators', 'min_cut_ases', 'single_points', 'layers'):
    assert key in j, key
for key in ('0.5', '0.9', '0.99'):
    assert key in j['min_cut_operators'] and key in j['min_cut_ases'], key
p = j['min_cut_operators']['0.99']
assert p['cuts'] == len(p['cut']) >= 1 and set(p['cut']) <= ops, p['cut']
assert p['share_isolated'] >= 0.99
assert all({'node', 'users_isolated'} <= set(s) for s in j['single_points'])
assert set(j['layers']) == {'national', 'as'}
for layer in j['layers'].values():
    assert layer['operators'] and layer['ases'] and layer['stats']
" 2> "$work/py.txt"
check "KZ JSON: keys, shares, the 99 % plan names existing operators" test $? -eq 0
"$bin" topology "$src/scenarios/kz-2022-01.toml" > "$work/sc.txt"
check "a scenario stands for its baseline" grep -q "(scenario, country KZ)" "$work/sc.txt"

# --- the mini fixture, checked by hand ---------------------------------------
# Users: EAST 800 (fixed 200 inc; mobile 300 inc + 300 mob), WEST 400 (fixed 200
# inc; mobile 100 inc + 100 mob): inc 800, mob 400, 1200 in all. The only way
# abroad is core:inc - gw - foreign-internet, and core:mob reaches core:inc
# directly or through the exchange. So gw and core:inc each isolate all 1200,
# core:mob its own 400, the exchange no users but the two hosts behind it
# (bank, wallet); one order (inc) isolates 100 %.
"$bin" topology "$src/tests/data/mini" --json "$work/mini.json" --shares 0.3,0.5 > "$work/mini.txt"
check "topology on mini exits 0" test $? -eq 0
py "
import json
j = json.load(open('$work/mini.json'))
n = j['layers']['national']
assert list(n['min_cut_operators']) == ['0.3', '0.5']
assert n['stats']['users connected (100 % of the shares)'] == 1200
single = {s['node']: s['users_isolated'] for s in j['single_points']}
assert single == {'gw': 1200, 'core:inc': 1200, 'core:mob': 400, 'ix': 0}, single
for share in ('0.3', '0.5'):
    p = j['min_cut_operators'][share]
    assert p['cut'] == ['inc'] and p['exact'] and p['share_isolated'] == 1.0, p
    q = j['min_cut_ases'][share]
    assert q['cuts'] == 1 and q['nodes'][0] in ('gw', 'core:inc') and q['exact'], q
ops = {o['operator']: o['users_isolated'] for o in n['operators']}
assert ops == {'inc': 1200, 'mob': 400}, ops
ix = [a for a in n['ases'] if a['node'] == 'ix'][0]
assert ix['users_isolated'] == 0 and ix['vertices_isolated'] == 3
assert j['min_cut_ases_layer'] == 'national'
" 2> "$work/py.txt"
check "mini: single points, plans and ranks as derived by hand" test $? -eq 0
test -s "$work/py.txt" && cat "$work/py.txt"

# --- the whole 2018 Internet and the shipped extract agree -------------------
"$bin" topology --as-rel "$caida" --country KZ --names "$names" --json "$work/world.json" > "$work/world.txt"
check "topology --as-rel on the 2018 CAIDA file exits 0" test $? -eq 0
check "report counts the whole graph" grep -q "261340" "$work/world.txt"
"$bin" topology --as-rel "$src/scenarios/countries/kz/as-rel/kz-as-rel-20180101.csv" --country kz \
    --json "$work/extract.json" > /dev/null
check "topology --as-rel on the KZ extract exits 0" test $? -eq 0
py "
import json
w = json.load(open('$work/world.json')); e = json.load(open('$work/extract.json'))
assert w['min_cut_ases']['0.5']['cuts'] == 4 and w['min_cut_ases']['0.5']['exact']
for k in ('0.5', '0.9', '0.99'):
    assert w['min_cut_ases'][k]['ases'] == e['min_cut_ases'][k]['ases'], k
assert w['single_points'] == e['single_points']
" 2> "$work/py.txt"
check "whole graph and extract give the same cuts (docs/network-as.md, Reduction)" test $? -eq 0

# --- import caida-asrel: round trip --------------------------------------------
"$bin" import caida-asrel "$caida" --country KZ --names "$names" --out "$work/imp" > "$work/imp.txt"
check "import exits 0" test $? -eq 0
check "import writes as-rel.csv" test -s "$work/imp/as-rel.csv"
check "import writes SOURCES.md with the CAIDA citation" grep -q "The CAIDA AS Relationships Dataset, 2018-01-01" "$work/imp/SOURCES.md"
check "import header has a source column" test "$(head -1 "$work/imp/as-rel.csv")" = "as_a,as_b,rel,cc_a,cc_b,name_a,name_b,source"
norm() { tail -n +2 "$1" | cut -d, -f1-3 | awk -F, '{ if ($3 == 0 && $1 > $2) print $2","$1","$3; else print }' | sort; }
check "imported links = shipped KZ extract" cmp -s <(norm "$work/imp/as-rel.csv") <(norm "$src/scenarios/countries/kz/as-rel/kz-as-rel-20180101.csv")
cp -r "$src/scenarios/countries/kz" "$work/kz"
sed -i 's|^as_rel = .*|as_rel = "../imp/as-rel.csv"|' "$work/kz/baseline.toml"
sed 's|^baseline = "countries/kz"|baseline = "kz"|' "$src/scenarios/kz-2022-01.toml" > "$work/kz-imported.toml"
"$bin" validate "$work/kz" "$work/kz-imported.toml" > /dev/null
check "a baseline naming the imported graph loads, and its replay builds" test $? -eq 0
"$bin" topology "$work/kz" --json "$work/kz-imp.json" > /dev/null
py "
import json
a = json.load(open('$work/kz.json')); b = json.load(open('$work/kz-imp.json'))
assert a['min_cut_ases'] == b['min_cut_ases'] and a['single_points'] == b['single_points']
" 2> "$work/py.txt"
check "imported graph gives the shipped extract's chokepoints" test $? -eq 0
"$bin" import caida-asrel "$caida" --out "$work/all" > /dev/null
check "import without --country keeps every link" test "$(($(wc -l < "$work/all/as-rel.csv") - 1))" -eq 261340

# --- errors: exit 2, a message naming the file and line ------------------------
"$bin" topology --as-rel "$caida" --names "$names" > /dev/null 2> "$work/err.txt"
check "--as-rel without --country exits 2" test $? -eq 2
check "... and says --country is needed" grep -q "needs --country" "$work/err.txt"
"$bin" topology --as-rel "$caida" --country KZ > /dev/null 2> "$work/err.txt"
check "a CAIDA file without --names exits 2" test $? -eq 2
printf '# comment\n1|2|-1\n2|3|x\n' > "$work/bad.as-rel.txt"
"$bin" topology --as-rel "$work/bad.as-rel.txt" --country KZ --names "$names" > /dev/null 2> "$work/err.txt"
check "malformed CAIDA line exits 2" test $? -eq 2
check "... naming file and line 3" grep -q "bad.as-rel.txt:3" "$work/err.txt"
"$bin" import caida-asrel "$work/bad.as-rel.txt" --out "$work/bad-out" > /dev/null 2> "$work/err.txt"
check "import of a malformed file exits 2" test $? -eq 2
check "... naming line 3" grep -q "bad.as-rel.txt:3" "$work/err.txt"
check "... and writes nothing" test ! -e "$work/bad-out"
printf 'as_a,as_b,rel,cc_a,cc_b,name_a,name_b\n1,2,-1,KZ,RU,A,B\n1,2,0,KZ,RU,A,B\n' > "$work/bad.csv"
"$bin" topology --as-rel "$work/bad.csv" --country KZ > /dev/null 2> "$work/err.txt"
check "a pair listed twice in an extract exits 2" test $? -eq 2
check "... naming line 3" grep -q "bad.csv:3" "$work/err.txt"
"$bin" import caida-asrel "$caida" --country KZ --out "$work/x" > /dev/null 2> "$work/err.txt"
check "import --country without --names exits 2" test $? -eq 2
"$bin" import caida-asrel "$caida" > /dev/null 2>&1
check "import without --out exits 2" test $? -eq 2
"$bin" topology "$src/tests/data/mini" --shares 0.5,1.5 > /dev/null 2> "$work/err.txt"
check "a share above 1 exits 2" test $? -eq 2
"$bin" topology "$src/tests/data/mini" --as-rel "$caida" --country KZ > /dev/null 2>&1
check "TARGET and --as-rel together exit 2" test $? -eq 2
"$bin" topology "$work/nowhere" > /dev/null 2>&1
check "a missing target exits 2" test $? -eq 2
"$bin" topology > /dev/null 2>&1
check "no target exits 2" test $? -eq 2

echo "$pass passed, $fail failed"
test "$fail" -eq 0
