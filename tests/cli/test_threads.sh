#!/usr/bin/env bash
# The issue's acceptance check, as a user runs it: the Kazakhstan replay at
# 1000 draws gives identical summary.json metrics with 1 and 2 threads (only
# meta.threads may differ), and the money metrics have P5 < P50 < P95.
set -u
bin="$1"
src="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in 1 2; do
    "$bin" run "$src/scenarios/kz-2022-01.toml" --draws 1000 --threads "$t" --out "$work/t$t" --quiet || {
        echo "FAIL: run with --threads $t exited $?"; exit 1; }
done
/usr/bin/python3 - "$work/t1/summary.json" "$work/t2/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
fail = 0
if a["meta"]["threads"] != 1 or b["meta"]["threads"] != 2:
    print("FAIL: meta.threads is not 1 and 2"); fail += 1
if a["metrics"] != b["metrics"]:
    diff = [k for k in a["metrics"] if a["metrics"][k] != b["metrics"].get(k)]
    print("FAIL: metrics differ between 1 and 2 threads:", ", ".join(diff[:10])); fail += 1
money = ["gdp_loss_direct_usd", "gdp_loss_total_usd", "payments_failed_value_usd", "payments_lost_value_usd",
         "mining_lost_revenue_usd", "welfare_loss_usd", "telecom_revenue_loss_usd"]
for k in money:
    m = a["metrics"].get(k)
    if m is None:
        continue
    if not (m["p5"] < m["p50"] < m["p95"]):
        print("FAIL: %s does not have P5 < P50 < P95: %r" % (k, m)); fail += 1
if a["meta"]["draws_done"] != 1000:
    print("FAIL: draws_done", a["meta"]["draws_done"]); fail += 1
print("%d metrics identical on 1 and 2 threads" % len(a["metrics"]) if not fail else "%d failures" % fail)
sys.exit(1 if fail else 0)
PY
