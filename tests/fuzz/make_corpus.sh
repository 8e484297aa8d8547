#!/usr/bin/env bash
# Regenerates the seeds of tests/fuzz/corpus/ that are taken from the shipped
# inputs (files named shipped-*); hand-written seeds (hand-*) are kept.
# Run after a baseline, scenario or data file changes shape:
#   tests/fuzz/make_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus
mini=tests/data/mini
kz=scenarios/countries/kz
for t in fuzz_csv fuzz_toml_scenario fuzz_baseline fuzz_distribution fuzz_caida fuzz_wdi fuzz_stop; do
    mkdir -p "$corpus/$t"
    rm -f "$corpus/$t"/shipped-*
done

# fuzz_csv: every shipped CSV table (seeds over 64 KiB would only slow libFuzzer).
for f in $mini/*.csv $kz/*.csv $kz/io/*.csv $kz/as-rel/*.csv; do
    [ "$(stat -c %s "$f")" -le 65536 ] || continue
    cp "$f" "$corpus/fuzz_csv/shipped-$(echo "${f%.csv}" | tr / -).csv"
done

# fuzz_toml_scenario: the shipped scenarios, pointed at tests/data/mini (the
# target resolves baselines from tests/data), so their syntax seeds the run.
cp tests/data/mini-cut.toml "$corpus/fuzz_toml_scenario/shipped-mini-cut.toml"
for f in scenarios/*.toml; do
    sed 's|^baseline *=.*|baseline = "mini"|' "$f" > "$corpus/fuzz_toml_scenario/shipped-$(basename "$f")"
done

# fuzz_baseline: one byte picks the file of the mini baseline to replace.
i=0
# The order is fixed in fuzz_baseline.cpp (kFiles).
for f in baseline.toml regions.csv operators.csv market_shares.csv profiles.csv sectors.csv nodes.csv links.csv \
         payments.csv mining.csv welfare.csv telecom.csv; do
    [ -f "$mini/$f" ] && { printf "\\x$(printf %02x $i)"; cat "$mini/$f"; } > "$corpus/fuzz_baseline/shipped-mini-$i-$f"
    i=$((i + 1))
done

# fuzz_distribution: the [parameters] of the shipped baselines.
cp $mini/baseline.toml "$corpus/fuzz_distribution/shipped-mini-baseline.toml"
cp $kz/baseline.toml "$corpus/fuzz_distribution/shipped-kz-baseline.toml"

# fuzz_caida: one byte picks the reader (0 text, 1 file/xz, 2 names, 3 extract).
d=tests/data/caida
set +o pipefail  # head closes the pipe early on purpose
{ printf '\x00'; xz -dc $d/20180101.as-rel.txt.xz | head -n 300; } > "$corpus/fuzz_caida/shipped-asrel-text"
{ printf '\x01'; xz -dc $d/20180101.as-rel.txt.xz | head -n 300 | xz -c; } > "$corpus/fuzz_caida/shipped-asrel-xz"
{ printf '\x01'; xz -dc $d/20180101.as-rel.txt.xz | sed -n '1000,1200p'; } > "$corpus/fuzz_caida/shipped-asrel-plain"
{ printf '\x02'; xz -dc $d/ASN_lookup.xz | head -n 300; } > "$corpus/fuzz_caida/shipped-asn-names"
{ printf '\x02'; xz -dc $d/ASN_lookup.xz | grep ', KZ$' | head -n 100 | xz -c; } > "$corpus/fuzz_caida/shipped-asn-names-xz"
{ printf '\x03'; cat $kz/as-rel/kz-as-rel-20180101.csv; } > "$corpus/fuzz_caida/shipped-kz-extract"

# fuzz_wdi: one byte picks the reader (0 WDI table, 1 country table); the
# WDI tables are cut to their first 40 lines (metadata, header, 35 economies).
for f in data/wdi/API_*.csv; do
    { printf '\x00'; head -n 40 "$f"; } > "$corpus/fuzz_wdi/shipped-$(basename "$f" .csv | cut -d_ -f2)"
done
{ printf '\x01'; cat data/countries/countries.csv; } > "$corpus/fuzz_wdi/shipped-countries.csv"

# fuzz_stop: no STOP export is shipped yet; the hand-written seeds stand in.
echo "seeds: $(find $corpus -type f | wc -l) files in $corpus"
