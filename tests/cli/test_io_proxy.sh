#!/usr/bin/env bash
# `rubilnik io-proxy` rebuilds the shipped Kazakhstan input-output proxy table
# bit for bit (docs/io-proxy.md §2.5), writes its provenance with the
# SHA-256 of inputs and output, and refuses a missing input with exit 2 and
# the file's name. Usage: test_io_proxy.sh RUBILNIK SOURCE_DIR
set -u
bin="$1"
io="$2/scenarios/countries/kz/io"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" io-proxy --data "$io/source" --out "$tmp/io_table.csv" --provenance "$tmp/io_table.source.txt" >"$tmp/log" 2>&1 ||
    fail "io-proxy exited $?: $(cat "$tmp/log")"
cmp -s "$tmp/io_table.csv" "$io/io_table.csv" || fail "the rebuilt table differs from the shipped io_table.csv"
sum=$(sha256sum "$tmp/io_table.csv" | cut -d' ' -f1)
grep -q "$sum  $tmp/io_table.csv" "$tmp/io_table.source.txt" || fail "the provenance lacks the table's SHA-256"
# The shipped provenance was written by the command and names the shipped table.
grep -q "^Command: rubilnik io-proxy " "$io/io_table.source.txt" || fail "io_table.source.txt does not name the command"
grep -q "$sum  io_table.csv" "$io/io_table.source.txt" || fail "io_table.source.txt lacks the shipped table's SHA-256"

mkdir "$tmp/empty"
"$bin" io-proxy --data "$tmp/empty" --out "$tmp/none.csv" >"$tmp/log" 2>&1
rc=$?
[ "$rc" = 2 ] || fail "a missing input exited $rc, expected 2: $(cat "$tmp/log")"
grep -q "$tmp/empty/" "$tmp/log" || fail "the message does not name the missing file: $(cat "$tmp/log")"
[ ! -e "$tmp/none.csv" ] || fail "a failed run wrote its output"
echo "io-proxy: ok"
