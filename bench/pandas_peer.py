"""pandas peer for `zila bench`: read_csv + dates + group by (district name, month), the name path.

Usage: /usr/bin/python3 pandas_peer.py EVENTS.csv   -> one JSON line of timings (ms).
"""
import json
import sys
import time

import pandas as pd

csv = sys.argv[1]
start = time.perf_counter()
events = pd.read_csv(csv)
read = time.perf_counter()
month = pd.to_datetime(events["date"], format="%Y-%m-%d").dt.to_period("M")
cube = events.groupby([events["district"], month]).size()
done = time.perf_counter()
print(json.dumps({"read_ms": (read - start) * 1e3, "groupby_ms": (done - read) * 1e3,
                  "total_ms": (done - start) * 1e3, "cells": int(len(cube))}))
