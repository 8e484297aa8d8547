#!/usr/bin/env python3
"""Copies the rows of one count_year out of an Access Now STOP export,
byte for byte (header included), so the project can ship one year without
the whole 2 MB snapshot.

Usage: scripts/extract_stop_year.py STOP.csv YEAR OUT.csv
(also writes OUT.rows.csv: row of OUT -> row of STOP.csv, 1-based data rows)

A record ends where the quotes seen so far balance (cells may hold commas,
quotes and line breaks); each record is parsed only to read its count_year
and is written back as the original text, unchanged.
"""
import csv
import io
import sys


def records(text):
    current = []
    for line in text.split("\n"):
        current.append(line)
        joined = "\n".join(current)
        if joined.count('"') % 2 == 0:
            yield joined
            current = []
    if current:
        raise SystemExit("unbalanced quotes at the end of the file")


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    src, year, out = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(src, newline="", encoding="utf-8") as f:
        text = f.read()
    recs = list(records(text))
    header = recs[0]
    columns = next(csv.reader([header]))
    if len(columns) != 47 or "count_year" not in columns:
        raise SystemExit("not a 47-column STOP export")
    col = columns.index("count_year")
    kept, rows = [], []
    data = [r for r in recs[1:] if r]
    for n, r in enumerate(data, start=1):
        cells = next(csv.reader(io.StringIO(r, newline="")))
        if len(cells) != 47:
            raise SystemExit("a record without 47 cells: " + r[:80])
        if cells[col] == year:
            kept.append(r)
            rows.append(n)
    with open(out, "w", newline="", encoding="utf-8") as f:
        f.write("\n".join([header] + kept) + "\n")
    # Which snapshot row each kept row was, so a citation "STOP, row N" of the
    # extract can be traced back to the full export.
    with open(out[:-4] + ".rows.csv", "w", newline="", encoding="utf-8") as f:
        f.write("row,snapshot_row\n")
        for k, n in enumerate(rows, start=1):
            f.write(f"{k},{n}\n")
    print(f"{len(kept)} rows of {len(data)} with count_year {year} -> {out}")


if __name__ == "__main__":
    main()
