#!/usr/bin/env python3
"""Seeds the fuzz corpora with small slices of the real files in ../shared (read at run time, never
committed): event-file windows, their dates and place names, and single districts of the boundary
files. Usage: seed_from_shared.py SHARED_DIR OUT_DIR; writes OUT_DIR/<target>/<name>, each input in the
layout its target reads (see the targets' first comments). Standard library only."""
import csv
import io
import json
import sys
from pathlib import Path

shared, out = Path(sys.argv[1]), Path(sys.argv[2])
written = 0


def put(target, name, data):
    global written
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    written += 1


def first_column(header, *names):
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


# Event files: raw windows of 8 rows (header kept), and the same rows rearranged into fuzz_csv_rows'
# positional layout (date, place, category, count, fatalities, lon, lat, state actor, fallback place).
# Selector byte 0: automatic date order, UTF-8; 2: day-first.
event_files = sorted((shared / "events").glob("**/*.csv"))
dates, places = set(), set()
for path in event_files:
    text = path.read_bytes()
    lines = text.splitlines(keepends=True)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8", errors="replace"))))
    header, body = rows[0], rows[1:]
    for start in range(0, min(len(lines) - 1, 400), 50):
        window = b"".join([lines[0]] + lines[1 + start:1 + start + 8])
        put("fuzz_csv_rows", f"{path.stem}_{start}", b"\x00" + window)
    at = [first_column(header, *names) for names in (
        ("date", "period_start"), ("district", "village", "city", "area"), ("category", "strike_type", "target_type"),
        ("events", "count", "no. of suicide blasts"), ("killed", "total_avg", "killed max"),
        ("geo_lon", "longitude"), ("geo_lat", "latitude"), ("president_number",), ("region", "province"))]
    for start in range(0, min(len(body), 400), 80):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["date", "place", "category", "count", "fatalities", "lon", "lat", "actor", "region"])
        for row in body[start:start + 8]:
            writer.writerow(["" if i is None or i >= len(row) else row[i] for i in at])
        put("fuzz_csv_rows", f"{path.stem}_positional_{start}", b"\x02" + buffer.getvalue().encode())
    for row in body:
        if at[0] is not None and at[0] < len(row):
            dates.add(row[at[0]])
        for i in (at[1], at[8]):
            if i is not None and i < len(row) and row[i]:
                places.add(row[i])

# Dates and place names: up to 60 of each, spread over the sorted set.
def spread(values, count):
    values = sorted(values)
    return values[::max(1, len(values) // count)][:count]

for i, text in enumerate(spread(dates, 60)):
    put("fuzz_dates", f"real_{i}", bytes([i % 3]) + text.encode())
for i, text in enumerate(spread(places, 60)):
    put("fuzz_name_match", f"real_{i}", b"\x00" + text.encode())

# Boundaries: every 6th district and the first two provinces, each a FeatureCollection of one.
for path in sorted((shared / "geodata").glob("**/*_simplified.geojson")):
    collection = json.loads(path.read_text())
    step = 6 if "ADM2" in path.name else len(collection["features"]) // 2 or 1
    for i, feature in enumerate(collection["features"][::step]):
        one = dict(collection, features=[feature])
        put("fuzz_boundaries", f"{path.stem}_{i}", json.dumps(one, separators=(",", ":")))

print(f"seed_from_shared: {written} inputs from {len(event_files)} event files into {out}")
