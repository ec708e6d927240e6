#!/usr/bin/env bash
# The README's pictures, made from the real default data: the window (zila view, 1600x900, on its
# default view, years, moved to 2010), a slide of all years and a hot-spot slide of 2012 (zila render), all under Xvfb with Mesa's llvmpipe. Run after a
# build whenever the look changes; writes assets/screenshots/{window,slide,slide_hotspots}.png.
set -euo pipefail
cd "$(dirname "$0")/.."
zila=build/src/app/zila
out=assets/screenshots
mkdir -p "$out"
# view: a few frames so the map and panels have settled; render starts its own Xvfb.
xvfb-run -a -s "-screen 0 1920x1200x24 -noreset" \
  "$zila" view --bin year --step 15 --size 1600x900 --exit-after-frames 8 --screenshot "$out/window.png"
"$zila" render --bin year --window cumulative --size 1920x1080 --labels --out "$out/slide.png"
"$zila" render --bin year --period 2012 --mode gistar --inset --size 1920x1080 --labels --out "$out/slide_hotspots.png"
echo "screenshots: $out/window.png $out/slide.png $out/slide_hotspots.png"
