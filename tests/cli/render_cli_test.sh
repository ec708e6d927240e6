#!/usr/bin/env bash
# `zila render` through GL (it starts its own Xvfb): a picture larger than Mesa could multisample is
# drawn; an MP4 holds this run's frames only; a PNG write error keeps the old picture; a killed render
# takes its Xvfb along.
set -uo pipefail
zila=$1 fixtures=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
data=(--boundaries "$fixtures/districts.geojson" --provinces '' --aliases '' --events "$fixtures/events_tricky.csv")
unset DISPLAY  # every run starts (and must end) its own Xvfb

"$zila" render "${data[@]}" --size 640x360 --out "$out/map.png" >"$out/log.txt" 2>&1 || fail "render: $(cat "$out/log.txt")"

# Beyond Mesa's 2 GiB a buffer at 4 samples a pixel (issue 9: a transparent PNG, exit 0; then an
# error): drawn since the slide is not multisampled, only its shapes in a small layer.
"$zila" render "${data[@]}" --size 11600x11600 --out "$out/big.png" >"$out/log.txt" 2>&1 ||
  fail "11600x11600 refused: $(cat "$out/log.txt")"
[[ $(od -An -tx1 -j16 -N8 "$out/big.png" | tr -d ' \n') == 00002d5000002d50 ]] || fail "big.png is not 11600x11600"
rm "$out/big.png"

# PNG write errors: a full device is a failure, not exit 0.
ln -s /dev/full "$out/full.png"
if "$zila" render "${data[@]}" --size 640x360 --out "$out/full.png" >"$out/log.txt" 2>&1; then fail "PNG to /dev/full accepted"; fi
grep -q "cannot write '$out/full.png'.*No space left on device" "$out/log.txt" || fail "PNG write error: $(cat "$out/log.txt")"

# Stale frames of an earlier, longer run never enter the video. The fixture has 3 monthly periods.
mkdir -p "$out/frames"
for n in 0000 0004 0005 0006 0007; do cp "$out/map.png" "$out/frames/frame_$n.png"; done
"$zila" render "${data[@]}" --size 640x360 --all-periods --gif --mp4 --out "$out/frames" >"$out/log.txt" 2>&1 ||
  fail "frames: $(cat "$out/log.txt")"
frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 \
  "$out/frames/animation.mp4")
# 3 periods at 0.7 s, then the last one held 2.5 s as in the GIF (3 or 4 more frames at 1/0.7 fps);
# the 4 stale frames would make it 10 or more.
[[ $frames == 6 || $frames == 7 ]] || fail "the MP4 has $frames frames, 3 + the held last one wanted (stale frames included?)"
seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out/frames/animation.mp4")
awk -v s="$seconds" 'BEGIN { exit !(s > 4.2 && s < 5.4) }' || fail "the MP4 lasts $seconds s, 2.1 s + 2.5 s held wanted"
grep -q "also holds 4 older frames (from frame_0004.png on)" "$out/log.txt" || fail "stale-frame note: $(cat "$out/log.txt")"
ls -A "$out/frames" | grep -q "zila-" && fail "temporary files left: $(ls -A "$out/frames")"

# Map modes and one class scale over a set of slides, on the default data (SVG: no GL needed).
year=(--bin year --labels)
"$zila" render "${year[@]}" --mode gistar --period 2012 --out "$out/gi.svg" >"$out/log.txt" 2>&1 || fail "gistar: $(cat "$out/log.txt")"
grep -q "Hot spots (Gi\*, 99% / 95% / 90%) in Khyber Pakhtunkhwa" "$out/gi.svg" || fail "gistar title"
grep -q "Getis-Ord Gi\* hot spots" "$out/gi.svg" || fail "gistar legend"
grep -q "Outside Khyber Pakhtunkhwa" "$out/gi.svg" || fail "region context row"
# The legend's class labels ("1 – 4", ...): the same in 2009 and 2015 with --classes global (the default).
legend() { grep -oE '>[0-9,.]+ – [0-9,.]+<' "$1" | sort -u; }
for scope in global period; do
  for y in 2009 2015; do
    "$zila" render "${year[@]}" --extent all --classes $scope --period $y --out "$out/$scope-$y.svg" >"$out/log.txt" 2>&1 ||
      fail "--classes $scope $y: $(cat "$out/log.txt")"
  done
done
[[ -n $(legend "$out/global-2009.svg") ]] || fail "no class labels in the legend"
[[ $(legend "$out/global-2009.svg") == $(legend "$out/global-2015.svg") ]] || fail "--classes global: breaks differ"
[[ $(legend "$out/period-2009.svg") != $(legend "$out/period-2015.svg") ]] || fail "--classes period: same breaks"
grep -q "Classes fixed" "$out/global-2009.svg" || fail "the legend does not say the scale is global"
if "$zila" render --classes weekly --out "$out/x.svg" >"$out/log.txt" 2>&1; then fail "--classes weekly accepted"; fi
grep -q -- "--classes" "$out/log.txt" || fail "--classes message: $(cat "$out/log.txt")"
if "$zila" render --mode hotspots --out "$out/x.svg" >"$out/log.txt" 2>&1; then fail "--mode hotspots accepted"; fi
grep -q "gistar, moran" "$out/log.txt" || fail "--mode message: $(cat "$out/log.txt")"

# zila view without a display, asked for its own: a screenshot through a private Xvfb.
"$zila" view "${data[@]}" --xvfb --size 800x600 --screenshot "$out/shot.png" >"$out/log.txt" 2>&1 ||
  fail "view --xvfb: $(cat "$out/log.txt")"
[[ $(head -c 4 "$out/shot.png" | tail -c 3) == PNG ]] || fail "view --xvfb wrote no PNG"

# A render killed with SIGKILL (as a crash ends it: no atexit) takes its Xvfb along.
"$zila" render --size 3840x2160 --all-periods --out "$out/slow" >"$out/log.txt" 2>&1 &
render_pid=$!
xvfb_pid=
for _ in $(seq 1 300); do xvfb_pid=$(pgrep -x -P "$render_pid" Xvfb) && break; sleep 0.1; done
[[ -n $xvfb_pid ]] || fail "no Xvfb child of render: $(cat "$out/log.txt")"
sleep 1  # into the loading
kill -KILL "$render_pid"
wait "$render_pid" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$xvfb_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$xvfb_pid" 2>/dev/null; then
  kill "$xvfb_pid"
  fail "Xvfb $xvfb_pid outlived its killed render"
fi
echo "render CLI: all checks passed"
