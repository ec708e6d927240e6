#!/usr/bin/env bash
# `zila bench`'s QGIS frame peer end to end (needs python3-qgis; skipped, code 77, without it): the
# bench writes its frame's choropleth, bench/qgis_peer.py draws it and fails unless QGIS colours every
# district as Zila does; the table then has QGIS's time and the peer's picture is a 1920x1080 PNG.
set -uo pipefail
zila=$1 fixtures=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
QT_QPA_PLATFORM=offscreen /usr/bin/python3 -c "import qgis.core" 2>/dev/null || { echo "SKIP: no python3-qgis"; exit 77; }
unset DISPLAY  # the bench starts its own Xvfb

"$zila" bench --gl-only --peers qgis --events 2000 --reps 1 --boundaries "$fixtures/districts.geojson" --aliases '' \
  --dir "$out" --json "$out/bench.json" >"$out/log.txt" 2>&1 || fail "bench: $(cat "$out/log.txt")"
grep -q "QGIS frame peer failed" "$out/log.txt" && fail "the peer failed: $(cat "$out/log.txt")"
grep -qE "^ +[0-9.]+ +QGIS render, same choropleth +[0-9.]+ +[0-9.]+x$" "$out/log.txt" ||
  fail "no QGIS figure in the frame row: $(cat "$out/log.txt")"
/usr/bin/python3 - "$out" <<'PY' || fail "peer figures or picture"
import json, struct, sys
out = sys.argv[1]
qgis = json.load(open(f"{out}/bench.json"))["peers"]["qgis"]
spec = json.load(open(f"{out}/frame_choropleth.json"))
assert qgis["renders"] == 4 and qgis["districts"] == len(spec["names"]) > 0, qgis
assert 0 < qgis["min_ms"] <= qgis["median_ms"], qgis
png = open(f"{out}/qgis_frame_1080p.png", "rb").read(24)
assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1920, 1080), png
PY
echo "OK: $(grep 'QGIS .* frame 1920x1080' "$out/log.txt")"
