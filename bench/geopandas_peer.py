"""GeoPandas peer for `zila bench`: read_csv + points + sjoin(predicate="within") + group by, the
coordinates path. Writes per-district event counts (JSON, by district name) for Zila's check.

Usage: /usr/bin/python3 geopandas_peer.py EVENTS.csv DISTRICTS.geojson NAME_FIELD COUNTS.json
"""
import json
import resource
import sys
import time

import geopandas as gpd
import pandas as pd

csv, districts_path, name_field, counts_path = sys.argv[1:5]
districts = gpd.read_file(districts_path)[[name_field, "geometry"]]
start = time.perf_counter()
events = pd.read_csv(csv)
points = gpd.GeoDataFrame(events, geometry=gpd.points_from_xy(events["lon"], events["lat"]), crs="EPSG:4326")
read = time.perf_counter()
joined = gpd.sjoin(points, districts.to_crs(points.crs), predicate="within", how="inner")
joined_at = time.perf_counter()
month = pd.to_datetime(joined["date"], format="%Y-%m-%d").dt.to_period("M")
cube = joined.groupby([joined[name_field], month]).size()
counts = joined.groupby(name_field).size()
done = time.perf_counter()
with open(counts_path, "w") as out:
    json.dump({str(name): int(n) for name, n in counts.items()}, out)
print(json.dumps({"read_ms": (read - start) * 1e3, "sjoin_ms": (joined_at - read) * 1e3,
                  "groupby_ms": (done - joined_at) * 1e3, "total_ms": (done - start) * 1e3,
                  "cells": int(len(cube)),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
