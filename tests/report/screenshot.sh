#!/usr/bin/env bash
# Renders the mini report in headless Chromium (Debian's `chromium`) and
# checks a screenshot was taken: the HTML opens offline and draws. Skipped
# (exit 77, ctest SKIP_RETURN_CODE) when Chromium is not installed; nothing
# else in the suite depends on it.
set -u
bin="$1"
src="$2"
chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
    echo "skipped: $chromium not installed (apt-get install chromium)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" run "$src/tests/data/mini-cut.toml" --draws 20 --out "$work/run" --report --quiet || { echo "FAIL: run"; exit 1; }
# No network: a fresh profile, background services off; the report's own
# Content-Security-Policy forbids any load besides.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --disable-sync --user-data-dir="$work/profile" \
    --screenshot="$work/report.png" --window-size=1280,4000 "file://$work/run/report.html" > "$work/chromium.log" 2>&1
size=$(stat -c %s "$work/report.png" 2>/dev/null || echo 0)
# PNG signature and a plausible size: a blank 1280x4000 page compresses to
# a few kB, a drawn report to hundreds.
if [ "$(head -c 8 "$work/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && [ "$size" -gt 50000 ]; then
    echo "screenshot: $size bytes"
    echo "1 passed, 0 failed"
else
    echo "FAIL: no usable screenshot ($size bytes)"; cat "$work/chromium.log"
    echo "0 passed, 1 failed"
    exit 1
fi
