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
print("h5py read-back: 1 passed, 0 failed")
