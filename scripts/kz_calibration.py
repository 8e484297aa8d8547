#!/usr/bin/env python3
"""Derive the Kazakhstan payments and mining inputs from the copied data, and
set a run's results against what was measured (docs/calibration-kz.md).

    scripts/kz_calibration.py                      # the derived inputs
    scripts/kz_calibration.py out/kz-2022-01/summary.json   # ... and the comparison

Reads only scenarios/countries/kz/calibration/ (NBK monthly payments, Coin
Metrics daily BTC); standard library only.
"""
import csv
import json
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAL = ROOT / "scenarios" / "countries" / "kz" / "calibration"


def nbk():
    series = {}
    with open(CAL / "kz_nbk_payments_monthly.csv", newline="") as f:
        for row in csv.DictReader(f):
            series.setdefault(row["indicator"], {})[row["date"][:7]] = float(row["value"])
    return series


def btc():
    with open(CAL / "cm_btc_jan2022.csv", newline="") as f:
        return {row["time"]: row for row in csv.DictReader(f)}


def main():
    s = nbk()
    print("NBK (formId 418/419): December 2021 run-rate and seasonal January factors")
    ratios = {}
    for ind, unit, scale in [("CASHLESS_PAYMENTS_COUNT", "tx", 1e3), ("CASHLESS_PAYMENTS_VALUE", "KZT", 1e9),
                             ("CASH_WITHDRAWALS_COUNT", "tx", 1e3), ("CASH_WITHDRAWALS_VALUE", "KZT", 1e9)]:
        x = s[ind]
        daily = x["2021-12"] * scale / 31
        jan = [x["2021-01"] / x["2020-12"], x["2023-01"] / x["2022-12"]]
        feb = [x["2021-02"] / x["2020-12"], x["2022-02"] / x["2021-12"], x["2023-02"] / x["2022-12"]]
        ratios[ind] = jan
        normal = [x["2021-12"] * r for r in jan]
        short = [n - x["2022-01"] for n in normal]
        print(f"  {ind:24s} Dec 2021 {daily:,.0f} {unit}/day; Jan/Dec 2021 {jan[0]:.4f}, 2023 {jan[1]:.4f}, "
              f"2022 {x['2022-01'] / x['2021-12']:.4f}")
        print(f"  {'':24s} normal Jan 2022 {min(normal):,.1f}-{max(normal):,.1f}; actual {x['2022-01']:,.1f}; "
              f"shortfall {min(short):,.1f}-{max(short):,.1f} ({min(short) / max(normal):.1%}-{max(short) / min(normal):.1%})"
              f" [units of the series]; Feb/Dec 2021, 2022, 2023: {feb[0]:.3f}, {feb[1]:.3f}, {feb[2]:.3f}")

    d = btc()
    pre = ["2021-12-31", "2022-01-01", "2022-01-02", "2022-01-03", "2022-01-04"]
    during = ["2022-01-05", "2022-01-06", "2022-01-07", "2022-01-08", "2022-01-09", "2022-01-10", "2022-01-11"]
    hr = [float(d[t]["HashRate"]) / 1e6 for t in pre]
    print("\nCoin Metrics: BTC network")
    print(f"  hashrate 31 Dec-4 Jan (EH/s): {', '.join(f'{h:.1f}' for h in hr)}; mean {statistics.mean(hr):.1f}")
    blocks = [int(d[t]["BlkCnt"]) for t in pre]
    print(f"  blocks/day 31 Dec-4 Jan: {blocks}; mean {statistics.mean(blocks):.1f}")
    fee_days = ["2022-01-04"] + during
    fees = sum(float(d[t]["FeeTotNtv"]) for t in fee_days) / sum(int(d[t]["BlkCnt"]) for t in fee_days)
    print(f"  fees 4-11 Jan: {fees:.4f} BTC per block; daily {min(float(d[t]['FeeTotNtv']) / int(d[t]['BlkCnt']) for t in fee_days):.4f}"
          f"-{max(float(d[t]['FeeTotNtv']) / int(d[t]['BlkCnt']) for t in fee_days):.4f}")
    prices = [float(d[t]["PriceUSD"]) for t in during]
    print(f"  price 5-11 Jan (USD): {min(prices):,.2f}-{max(prices):,.2f}; mean {statistics.mean(prices):,.2f}")
    diff = [float(d[t]["HashRate"]) * 1e12 * 600 / (int(d[t]["BlkCnt"]) / 144) / 2**32 / 1e12 for t in pre]
    print(f"  implied difficulty 31 Dec-4 Jan (T): {', '.join(f'{x:.4f}' for x in diff)}")
    during_hr = [float(d[t]["HashRate"]) / 1e6 for t in during]
    print(f"  hashrate 5-11 Jan (EH/s): {', '.join(f'{h:.1f}' for h in during_hr)}; daily drop vs the 31 Dec-4 Jan mean: "
          f"{', '.join(f'{1 - h / statistics.mean(hr):.1%}' for h in during_hr)}")

    if len(sys.argv) > 1:
        summary = json.loads(Path(sys.argv[1]).read_text())
        m = summary["metrics"]
        usd = summary["meta"]["usd_per_local"]
        v = s["CASHLESS_PAYMENTS_VALUE"]
        c = s["CASHLESS_PAYMENTS_COUNT"]
        short_v = [v["2021-12"] * r - v["2022-01"] for r in ratios["CASHLESS_PAYMENTS_VALUE"]]
        short_c = [c["2021-12"] * r - c["2022-01"] for r in ratios["CASHLESS_PAYMENTS_COUNT"]]
        print(f"\nRun {sys.argv[1]} against the NBK January 2022 shortfall (P5 / P50 / P95)")

        def row(label, metric, scale, short):
            x = m[metric]
            print(f"  {label:34s} {x['p5'] * scale:9.1f} {x['p50'] * scale:9.1f} {x['p95'] * scale:9.1f}   "
                  f"P50 = {x['p50'] * scale / max(short):.0%}-{x['p50'] * scale / min(short):.0%} of the shortfall "
                  f"{min(short):,.1f}-{max(short):,.1f}")

        row("lost value (bn KZT)", "payments_lost_value_local", 1e-9, short_v)
        row("failed value (bn KZT)", "payments_failed_value_local", 1e-9, short_v)
        row("lost count (M tx)", "payments_lost_count", 1e-6, [x / 1e3 for x in short_c])
        row("failed count (M tx)", "payments_failed_count", 1e-6, [x / 1e3 for x in short_c])
        cw = s["CASH_WITHDRAWALS_VALUE"]
        short_w = [cw["2021-12"] * r - cw["2022-01"] for r in ratios["CASH_WITHDRAWALS_VALUE"]]
        row("cash shortfall (bn KZT)", "cash_withdrawal_shortfall_value_usd", 1e-9 / usd, short_w)
        x = m["global_hashrate_drop_share"]
        print(f"  global hashrate drop (peak hour)   {x['p5']:.3f} {x['p50']:.3f} {x['p95']:.3f}   observed 0.134 "
              f"(205,000 -> 177,330 PH/s); top pools -10 % (BTC.com, 24 h); Antpool, F2Pool about -14 %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
