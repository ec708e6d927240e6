#!/usr/bin/env bash
# What Zila writes, as a user runs it: every output atomic, every write error a failure, no input
# ever overwritten, numeric flags range-checked, and `zila view` without a display a clear error.
# No GL: render runs here only where it is refused or writes SVG.
set -uo pipefail
zila=$1 fixtures=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
data=(--boundaries "$fixtures/districts.geojson" --provinces '' --aliases '' --events "$out/events.csv")
cp "$fixtures/events_tricky.csv" "$out/events.csv"
events_sum=$(md5sum <"$out/events.csv")
events_intact() { [[ $(md5sum <"$out/events.csv") == "$events_sum" ]] || fail "$1: the events file was changed"; }
# Runs zila expecting a refusal: non-zero exit and stderr matching $1.
refused() {
  local pattern=$1; shift
  if "$zila" "$@" >"$out/stdout.txt" 2>"$out/err.txt"; then fail "accepted: $*"; fi
  grep -qE -- "$pattern" "$out/err.txt" || fail "'$*': message does not match '$pattern': $(cat "$out/err.txt")"
}

# --- write errors are failures (today's exit 0 with truncated files) ---------------------------
refused "cannot write '/dev/full'.*No space left on device" report -q "${data[@]}" --zeros --out /dev/full
refused "cannot write '/dev/full'.*No space left on device" report -q "${data[@]}" --out "$out/c.csv" --join-report /dev/full
[[ ! -e $out/c.csv ]] || fail "a CSV was committed although the join report failed"
if "$zila" report -q "${data[@]}" --zeros >/dev/full 2>"$out/err.txt"; then fail "full standard output accepted"; fi
grep -q "standard output.*No space left on device" "$out/err.txt" || fail "stdout error: $(cat "$out/err.txt")"

# --- a failing run leaves the previous output intact and no temporary behind --------------------
"$zila" report -q "${data[@]}" --zeros --out "$out/counts.csv" --join-report "$out/join.json" || fail "report"
grep -q "^Alpha,2024-01,2,2,0,0,3$" "$out/counts.csv" || fail "counts: $(cat "$out/counts.csv")"
cp "$out/counts.csv" "$out/counts.before"
# A full disk: files over 1 KiB fail with EFBIG (SIGXFSZ ignored, so the write reports the error).
big=(--boundaries "$fixtures/districts.geojson" --provinces '' --aliases '' --events "$out/big.csv")
{ echo "date,district"; for i in $(seq 1 400); do echo "2024-01-$(printf %02d $((i % 28 + 1))),Alpha"; done; } >"$out/big.csv"
if (trap '' XFSZ; ulimit -f 1; exec "$zila" report -q "${big[@]}" --bin day --zeros --out "$out/counts.csv") \
  2>"$out/err.txt"; then fail "a write past the file size limit was accepted"; fi
grep -q "cannot write '$out/counts.csv'.*File too large" "$out/err.txt" || fail "EFBIG message: $(cat "$out/err.txt")"
cmp -s "$out/counts.csv" "$out/counts.before" || fail "the failed run changed the previous CSV"
# A statistic that fails after its header is written (issue 9: a header-only CSV was left).
if (trap '' XFSZ; ulimit -f 1; exec "$zila" report -q "${big[@]}" --bin day --stat gistar --out "$out/counts.csv") \
  2>"$out/err.txt"; then fail "a --stat write past the file size limit was accepted"; fi
grep -q "File too large" "$out/err.txt" || fail "--stat EFBIG message: $(cat "$out/err.txt")"
cmp -s "$out/counts.csv" "$out/counts.before" || fail "a failed --stat replaced the previous CSV"
ls -A "$out" | grep -q "zila-" && fail "temporary files left: $(ls -A "$out")"

# --- outputs never overwrite inputs, in any spelling; two outputs never one file ----------------
ln -s "$out/events.csv" "$out/link.csv"
ln "$out/events.csv" "$out/hard.csv"
mkdir -p "$out/sub"
refused "--out '.*events.csv' is the input file --events" report "${data[@]}" --out "$out/events.csv"
refused "refusing to overwrite an input" report "${data[@]}" --out "$out/link.csv"
refused "refusing to overwrite an input" report "${data[@]}" --out "$out/hard.csv"
refused "refusing to overwrite an input" report "${data[@]}" --join-report "$out/sub/../events.csv"
refused "is the input file --boundaries" report "${data[@]}" --out "$fixtures/districts.geojson"
cp "$fixtures/population.csv" "$out/population.csv"
refused "is the input file --population" report "${data[@]}" --stat change --population "$out/population.csv" --out "$out/population.csv"
refused "--out '.*same.csv' and --join-report '.*same.csv' are the same file" report "${data[@]}" \
  --out "$out/same.csv" --join-report "$out/sub/../same.csv"
[[ ! -e $out/same.csv ]] || fail "a refused run wrote its output"
ln -s "$out/events.csv" "$out/picture.png"
refused "--out '.*picture.png' is the input file --events" render "${data[@]}" --out "$out/picture.png"
refused "--save-project '.*events.csv' is the input file --events" render "${data[@]}" --out "$out/x.svg" \
  --save-project "$out/events.csv"
refused "--screenshot '.*events.csv' is the input file --events" view "${data[@]}" --screenshot "$out/events.csv"
refused "--save-project '.*p.svg' and --out '.*p.svg' are the same file" render "${data[@]}" --out "$out/p.svg" \
  --save-project "$out/p.svg"
# A project whose export path is its own events file; a project saved over itself.
cat >"$out/self.zila.json" <<EOF
{"zila_project": 1, "data": {"boundaries": {"path": "$fixtures/districts.geojson"}, "provinces": "", "aliases": "",
 "events": {"path": "frames/frame_0001.png"}}, "export": {"out": "frames", "all_periods": true}}
EOF
mkdir -p "$out/frames" && cp "$out/events.csv" "$out/frames/frame_0001.png"
refused "--all-periods '.*frame_0001.png' is the input file --events" render --project "$out/self.zila.json"
cat >"$out/plain.zila.json" <<EOF
{"zila_project": 1, "data": {"boundaries": {"path": "$fixtures/districts.geojson"}, "provinces": "", "aliases": "",
 "events": {"path": "events.csv"}}, "export": {"out": "plain.svg"}}
EOF
refused "--save-project '.*plain.zila.json' is the input file --project" render --project "$out/plain.zila.json" \
  --save-project "$out/plain.zila.json"
refused "picture's file name must end in .png or .svg" render --project "$out/plain.zila.json" --out "$out/events.csv"
events_intact "collisions"

# --- a project is saved only once its data have loaded -------------------------------------------
printf 'district,count\nAlpha,3\n' >"$out/no_date.csv"
echo '{"old": true}' >"$out/saved.zila.json"
refused "no date column" render "${data[@]:0:6}" --events "$out/no_date.csv" --out "$out/n.svg" --save-project "$out/saved.zila.json"
grep -q '"old": true' "$out/saved.zila.json" || fail "--save-project written before the data loaded"
"$zila" render "${data[@]}" --out "$out/ok.svg" --save-project "$out/saved.zila.json" >/dev/null 2>&1 || fail "render svg"
grep -q '"zila_project"' "$out/saved.zila.json" || fail "project not saved after a good load"

# --- picture formats by extension, in any case -----------------------------------------------------
"$zila" render "${data[@]}" --out "$out/upper.SVG" >/dev/null 2>"$out/err.txt" || fail "x.SVG: $(cat "$out/err.txt")"
head -c 5 "$out/upper.SVG" | grep -q "<?xml" || fail "x.SVG is not SVG"
refused "must end in .png or .svg" render "${data[@]}" --out "$out/picture.jpg"
refused "must end in .png or .svg" render "${data[@]}" --out "$out/events2.csv"

# --- spreadsheet formulas in names are defused ------------------------------------------------------
sed 's/"NAME_2": "Bravo"/"NAME_2": "=HYPERLINK(\\"http:\/\/evil\\",\\"Bravo\\")"/' "$fixtures/districts.geojson" >"$out/evil.geojson"
"$zila" report -q --boundaries "$out/evil.geojson" --provinces '' --aliases '' --events "$out/events.csv" --zeros \
  --out "$out/evil.csv" || fail "report on evil names"
grep -qF "\"'=HYPERLINK(\"\"http://evil\"\",\"\"Bravo\"\")\",2024-01," "$out/evil.csv" || fail "formula not defused: $(cat "$out/evil.csv")"
"$zila" report -q --boundaries "$out/evil.geojson" --provinces '' --aliases '' --events "$out/events.csv" \
  --stat gistar --permutations 0 --out "$out/evil_gi.csv" || fail "gistar on evil names"
grep -qF "\"'=HYPERLINK(" "$out/evil_gi.csv" || fail "formula not defused in --stat"
grep -q "^=" "$out/evil_gi.csv" && fail "a line starts with ="

# --- numeric flags: range-checked, never wrapped -------------------------------------------------------
refused "99999999999x100.*64x64 to 16384" render "${data[@]}" --out "$out/s.svg" --size 99999999999x100
grep -q 1215752191 "$out/err.txt" && fail "size wrapped"
refused "size '10x10'" render "${data[@]}" --out "$out/s.svg" --size 10x10
refused "size '-100x100'" render "${data[@]}" --out "$out/s.svg" --size -100x100
refused "size '100x100x3'" render "${data[@]}" --out "$out/s.svg" --size 100x100x3
refused "--classes" render "${data[@]}" --out "$out/s.svg" --classes 0
refused "--classes" render "${data[@]}" --out "$out/s.svg" --classes 257
refused "--rolling" render "${data[@]}" --out "$out/s.svg" --rolling -5
refused "--dpi" render "${data[@]}" --out "$out/s.svg" --dpi 0
refused "--dpi" render "${data[@]}" --out "$out/s.svg" --dpi 100000
refused "--frame-seconds" render "${data[@]}" --out "$out/s" --all-periods --gif --frame-seconds nan
refused "--ui-scale" view "${data[@]}" --ui-scale 1e9
refused "--ui-scale" view "${data[@]}" --ui-scale inf
refused "--ui-scale" view "${data[@]}" --ui-scale nan
refused "--ui-scale" view "${data[@]}" --ui-scale 0.1
refused "size '100000x100000'" view "${data[@]}" --size 100000x100000
refused "--permutations" report "${data[@]}" --stat gistar --permutations -1
refused "--permutations: local Moran's I has permutation p-values only" report "${data[@]}" --stat moran --permutations 0
"$zila" report -q "${data[@]}" --stat emerging --permutations 0 --out "$out/em.csv" || fail "--permutations 0 (analytic) refused by emerging"
cat >"$out/big.zila.json" <<EOF
{"zila_project": 1, "data": {"boundaries": {"path": "$fixtures/districts.geojson"}, "provinces": "", "aliases": "",
 "events": {"path": "events.csv"}}, "export": {"out": "big.svg", "width": 99999, "height": 100}}
EOF
refused "project '.*big.zila.json': picture size 99999x100" render --project "$out/big.zila.json"

# --- zila view without an X display: a message, not SIGABRT -----------------------------------------
env -u DISPLAY "$zila" view "${data[@]}" 2>"$out/err.txt"
code=$?
(( code == 1 )) || fail "view without a display: exit $code (1 wanted; 134 is SIGABRT)"
grep -q "no X display (DISPLAY is not set): zila view opens a window" "$out/err.txt" || fail "no-display message: $(cat "$out/err.txt")"
env DISPLAY=:97531 "$zila" view "${data[@]}" 2>"$out/err.txt"
code=$?
(( code == 1 )) || fail "view on a missing display: exit $code (1 wanted)"
grep -q "cannot open X display ':97531'" "$out/err.txt" || fail "bad-display message: $(cat "$out/err.txt")"
# --- bench's shell commands quote paths holding a single quote (popen runs sh -c) ------------------
mkdir -p "$out/it's here"
"$zila" bench --events 2000 --reps 1 --no-gl --peers pandas --dir "$out/it's here" >"$out/bench.txt" 2>&1 ||
  fail "bench: $(tail -5 "$out/bench.txt")"
grep -q "pandas .* failed" "$out/bench.txt" && fail "pandas peer failed on a quoted path: $(grep -A2 failed "$out/bench.txt")"
grep -qE "pandas groupby +[0-9.]+ " "$out/bench.txt" || fail "no pandas figure: $(cat "$out/bench.txt")"
events_intact "end"
echo "outputs CLI: all checks passed"
