#!/usr/bin/python3
"""Reads a run's results.h5 and summary.json as a user's script would: with
h5py and json only, none of rubilnik's code. Usage: read_results.py RUBILNIK SOURCE_DIR"""
import json
import os
import subprocess
import sys
import tempfile

import h5py

rubilnik, src = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as out:
    subprocess.run([rubilnik, "run", os.path.join(src, "tests/data/mini-cut.toml"), "--draws", "200",
                    "--threads", "2", "--out", out, "--quiet"], check=True)
    summary = json.load(open(os.path.join(out, "summary.json")))
    assert summary["schema"] == "rubilnik.summary/1"
    assert summary["meta"]["draws"] == 200 and summary["meta"]["complete"] is True
    m = summary["metrics"]["person_hours_offline"]
    assert set(["p5", "p50", "p95", "mean", "unit"]) <= set(m), m
    assert abs(m["p50"] - 1600) < 1e-6, m
    with h5py.File(os.path.join(out, "results.h5"), "r") as f:
        meta = f["meta"].attrs
        assert meta["draws"] == 200 and meta["complete"] == 1
        assert len(meta["scenario_sha256"]) == 64
        assert "mobile-cut" in meta["scenario_text"]
        series = f["series/gdp_loss_direct_usd"]
        assert series.shape == (6, 4), series.shape
        assert series.attrs["units"] == "USD"
        hours = f["timeline/hour_start_utc_minutes"][:]
        assert len(hours) == 6 and hours[1] - hours[0] == 60
        per_draw = f["ensemble/gdp_loss_direct_usd"][:]
        assert per_draw.shape == (200,)
        # the summary's mean is the mean of the per-draw totals
        mean = float(per_draw.mean())
        assert abs(mean - summary["metrics"]["gdp_loss_direct_usd"]["mean"]) <= 1e-9 * abs(mean)
        labels = [x.decode() if isinstance(x, bytes) else x for x in f["breakdown/users_affected/region_labels"][:]]
        assert labels == ["EAST", "WEST"], labels
        by_region = f["breakdown/users_affected/region"][:]
        assert abs(by_region[0][1] - 600) < 1e-9 and abs(by_region[1][1] - 200) < 1e-9

        # What the report reads (docs/output-format.md): local offset, event
        # intervals, connectivity maps, names, parameters, cumulative bands.
        text = lambda ds: [x.decode() if isinstance(x, bytes) else x for x in ds[:]]
        assert meta["reference_utc_offset"] == "+06:00" and meta["reference_utc_offset_minutes"] == 360
        assert meta["scenario_title"] == "Two hours of national mobile cut"
        assert meta["scenario_path"].endswith("mini-cut.toml")
        spans = f["timeline/event_intervals"][:]
        assert spans.shape == (1, 3) and spans[0][2] - spans[0][1] == 120, spans
        conn = f["network/connectivity_by_region"][:]
        assert conn.shape == (6, 2) and abs(conn[1][0] - 0.25) < 1e-12 and abs(conn[1][1] - 0.5) < 1e-12, conn
        assert f["network/connectivity_by_operator"].shape == (6, 2)
        assert text(f["network/operator_labels"]) == ["inc", "mob"]
        assert list(f["network/users_by_region"][:]) == [800.0, 400.0]
        assert text(f["names/region_names"]) == ["East", "West"]
        keys = text(f["parameters/key"])
        used = text(f["parameters/used_by"])
        assert "network.cut_leakage" in keys and "human" in used[keys.index("network.cut_leakage")]
        assert all(s for s in text(f["parameters/source"])), "every parameter carries a source"
        assert len(f["parameters/central"]) == len(keys) == len(text(f["parameters/description"]))
        cum = f["cumulative/gdp_loss_direct_usd"][:]
        ordered = sorted(per_draw)
        p95 = ordered[189] + 0.05 * (ordered[190] - ordered[189])  # type 7, 0-based: h = 0.95 * 199 = 189.05
        assert cum.shape == (6, 4) and abs(cum[-1][2] - p95) <= 1e-5 * p95, (cum[-1], p95)

    # A sensitivity file as another tool would write it: the report draws the tornado.
    sens = os.path.join(out, "sensitivity.h5")
    with h5py.File(sens, "w") as f:
        g = f.create_group("sensitivity/gdp_loss_total_usd")
        g.create_dataset("parameters", data=["economy.mobile_weight", "economy.dependence.A"], dtype=h5py.string_dtype())
        g.create_dataset("indices", data=[[0.1, 0.05, 0.15, 0.2, 0.1, 0.3], [0.5, 0.4, 0.6, 0.7, 0.6, 0.8]])
    subprocess.run([rubilnik, "report", os.path.join(out, "results.h5"), "--sensitivity", sens, "--quiet"], check=True)
    md = open(os.path.join(out, "report.md")).read()
    assert "report-charts/tornado-gdp-loss-total-usd.svg" in md, "tornado drawn from the sensitivity file"
    svg = open(os.path.join(out, "report-charts", "tornado-gdp-loss-total-usd.svg")).read()
    assert svg.index("economy.dependence.A") < svg.index("economy.mobile_weight"), "largest total effect first"
print("h5py read-back: 1 passed, 0 failed")
