#!/usr/bin/env bash
# `zila report --stat scan` as a user runs it: the clusters CSV and summary, its flags, refusals that
# name the problem and leave no file behind.
set -euo pipefail
zila=$1 shared=$2 fixtures=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
drone=(--events "$shared/events/real/pak_drone_strikes_newamerica_2004-2018.csv" --default-category operation --bin year)
tiny=(--boundaries "$fixtures/districts.geojson" --provinces '' --aliases '' --events "$fixtures/events_tricky.csv")

"$zila" report "${drone[@]}" --stat scan --seed 1 --replications 99 --out "$out/scan.csv" 2>"$out/err.txt"
head -1 "$out/scan.csv" | grep -qx "rank,districts,district_count,centre,start,end,periods,observed,expected,relative_risk,llr,p,significant,model,expected_from,max_share,max_periods,contiguous,replications,seed" \
  || fail "header: $(head -1 "$out/scan.csv")"
grep -q "^1,\"\?North Waziristan; " "$out/scan.csv" || fail "most likely cluster: $(sed -n 2p "$out/scan.csv")"
grep -q "cluster 1: North Waziristan" "$out/err.txt" || fail "summary: $(cat "$out/err.txt")"
grep -q "significant at 5% when its LLR exceeds" "$out/err.txt" || fail "summary lacks the critical LLR"
# The same seed gives the same file; the parameters are in every row.
"$zila" report -q "${drone[@]}" --stat scan --seed 1 --replications 99 --out "$out/again.csv"
cmp -s "$out/scan.csv" "$out/again.csv" || fail "same seed, different clusters"
grep -q ",poisson,\"area, per period total\",0.5,7,yes,99,1$" "$out/scan.csv" || fail "parameters: $(sed -n 2p "$out/scan.csv")"

# No replications: clusters without p, none called significant.
"$zila" report -q "${drone[@]}" --stat scan --replications 0 --scan-model permutation --scan-max-periods 3 --out "$out/nop.csv"
awk -F, 'NR > 1 && ($12 != "" || $13 != "no" || $7 > 3) {exit 1}' "$out/nop.csv" || fail "p without replications: $(cat "$out/nop.csv")"

# Expected counts from a population table: every district needs a figure, missing ones are named.
if "$zila" report "${tiny[@]}" --stat scan --population "$fixtures/population.csv" --out "$out/pop.csv" 2>"$out/err.txt"; then
  grep -q "population, per period total" "$out/pop.csv" || fail "population model: $(cat "$out/pop.csv")"
else
  grep -q "without a population figure" "$out/err.txt" || fail "population refusal: $(cat "$out/err.txt")"
  [[ ! -e $out/pop.csv ]] || fail "a refused scan left a file"
fi
# Signed values are not counts.
if "$zila" report "${tiny[@]}" --stat scan --metric operations-minus-incidents --out "$out/signed.csv" 2>"$out/err.txt"; then
  fail "signed metric accepted"
fi
grep -q "not a count" "$out/err.txt" || fail "signed metric message: $(cat "$out/err.txt")"
[[ ! -e $out/signed.csv ]] || fail "a refused scan left a file"
if "$zila" report "${tiny[@]}" --stat scan --scan-max-share 2 --out "$out/x.csv" 2>/dev/null; then fail "--scan-max-share 2 accepted"; fi
echo OK
