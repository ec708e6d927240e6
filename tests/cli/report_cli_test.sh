#!/usr/bin/env bash
# `zila report` as a user runs it: real file in, CSV + join report out, clear errors on bad input.
set -euo pipefail
zila=$1 shared=$2 fixtures=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$zila" report --events "$shared/events/real/pak_drone_strikes_newamerica_2004-2018.csv" --default-category operation \
  --bin year --out "$out/drone.csv" --join-report "$out/join.json" 2>"$out/summary.txt"
grep -q "414 rows read = 413 joined" "$out/summary.txt" || fail "summary: $(cat "$out/summary.txt")"
grep -q "unmatched 'Federally Administered Tribal Areas': 1 row" "$out/summary.txt" || fail "unmatched name not listed"
head -1 "$out/drone.csv" | grep -qx "district,period,events,incidents,operations,others,fatalities" || fail "CSV header"
# North Waziristan's yearly counts add up to its 297 rows by name.
nw=$(awk -F, '$1=="North Waziristan" {s+=$3} END {print s}' "$out/drone.csv")
[[ $nw == 297 ]] || fail "North Waziristan total $nw != 297"
/usr/bin/python3 - "$out/join.json" <<'PY' || fail "join report accounting"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["rows_read"] == 414 and r["joined"] + r["unmatched"] + r["rejected"] == 414 and r["accounted"], r
assert r["unmatched_names"][0]["name"] == "Federally Administered Tribal Areas"
PY

# --zeros writes every district x period cell: 126 districts x 15 years.
"$zila" report -q --events "$shared/events/real/pak_drone_strikes_newamerica_2004-2018.csv" --bin year --zeros --out "$out/zeros.csv"
[[ $(($(wc -l <"$out/zeros.csv") - 1)) == $((126 * 15)) ]] || fail "--zeros row count"

# Unusable input: non-zero exit and a message naming the file.
if "$zila" report --events "$out/missing.csv" 2>"$out/err.txt"; then fail "missing file accepted"; fi
grep -q "missing.csv" "$out/err.txt" || fail "error does not name the file: $(cat "$out/err.txt")"
printf 'district,count\nBannu,3\n' >"$out/no_date.csv"
if "$zila" report --events "$out/no_date.csv" 2>"$out/err.txt"; then fail "file without dates accepted"; fi
grep -q "no date column" "$out/err.txt" || fail "no-date error: $(cat "$out/err.txt")"
if "$zila" report --boundaries "$fixtures/events_tricky.csv" 2>"$out/err.txt"; then fail "CSV accepted as boundaries"; fi
grep -q "events_tricky.csv" "$out/err.txt" || fail "boundary error: $(cat "$out/err.txt")"

# Statistics: Gi* finds North Waziristan hot in 2009 (the peak year of strikes).
"$zila" report -q --events "$shared/events/real/pak_drone_strikes_newamerica_2004-2018.csv" --bin year \
  --stat gistar --permutations 999 --out "$out/gi.csv"
grep -q "^North Waziristan,2009,.*,hot_9[059]$" "$out/gi.csv" || fail "Gi*: $(grep '^North Waziristan,2009' "$out/gi.csv")"
# Rates per 100,000 people from a population table, with its rows accounted for: Alpha had 1000
# events in 2024-02 and 1,250,000 people, 80 per 100,000.
"$zila" report --boundaries "$fixtures/districts.geojson" --provinces '' --aliases '' --events "$fixtures/events_tricky.csv" \
  --stat change --population "$fixtures/population.csv" --out "$out/change.csv" 2>"$out/err.txt"
grep -q "^Alpha,2024-02,2,1000,998,.*,80,$" "$out/change.csv" || fail "rate per 100k: $(grep '^Alpha,2024-02' "$out/change.csv")"
grep -q "6 rows read = 3 joined + 1 unmatched + 2 rejected" "$out/err.txt" || fail "population accounting: $(cat "$out/err.txt")"
if "$zila" report --population "$fixtures/population.csv" 2>"$out/err.txt"; then fail "--population without --stat change accepted"; fi
# Data flags the loader could not use are refused at flag time (exit 105, CLI11's), naming the flag.
for flag in "--date-format %Q" "--date-range 2030:1800" "--date-range abc" "--encoding utf-16" "--snap-km nan" \
            "--category-map foo"; do
  set +e; "$zila" report $flag >/dev/null 2>"$out/err.txt"; status=$?; set -e
  [[ $status == 105 ]] && grep -q -- "${flag%% *}" "$out/err.txt" || fail "$flag: status $status, $(cat "$out/err.txt")"
done
# Implausible dates are rejected; widened, they would need an oversized cube: an error with its size.
printf 'date,district\n0000-01-01,Swat\n9999-12-31,Swat\n2024-01-01,Swat\n' >"$out/implausible.csv"
"$zila" report --events "$out/implausible.csv" --bin day --out "$out/implausible_out.csv" 2>"$out/err.txt" \
  || fail "implausible dates: $(cat "$out/err.txt")"
grep -q "3 rows read = 1 joined .* + 2 rejected" "$out/err.txt" || fail "implausible dates: $(cat "$out/err.txt")"
if "$zila" report --events "$out/implausible.csv" --bin day --date-range 0:9999 2>"$out/err.txt"; then fail "oversized cube accepted"; fi
grep -q "the time cube would take .* GiB" "$out/err.txt" || fail "oversized cube: $(cat "$out/err.txt")"
# Event files as published (issue 12): no flags needed, the summary says what was read.
fixture_run() { "$zila" report --boundaries "$fixtures/districts.geojson" --provinces '' --aliases '' "$@"; }
# GTD's date in parts with unknown days: found without flags, each row binned as precisely as known.
fixture_run --events "$fixtures/events_gtd.csv" --out "$out/gtd.csv" 2>"$out/err.txt" || fail "GTD: $(cat "$out/err.txt")"
grep -q "columns: date 'iyear/imonth/iday', place 'city'" "$out/err.txt" || fail "GTD columns: $(cat "$out/err.txt")"
grep -q "known 1 to the day, 1 to the month, 1 to the year" "$out/err.txt" || fail "GTD precision mix: $(cat "$out/err.txt")"
grep -q "rejected: date known only to the year; bin is finer (--bin month" "$out/err.txt" || fail "GTD bin: $(cat "$out/err.txt")"
fixture_run -q --events "$fixtures/events_gtd.csv" --bin year --out "$out/gtd_year.csv"
[[ $(awk -F, 'NR > 1 {s += $3} END {print s}' "$out/gtd_year.csv") == 3 ]] || fail "GTD by year: $(cat "$out/gtd_year.csv")"
# The year alone given as the date: every row rejected by the bin, a non-zero exit naming the way out,
# the join report still written (the CSV is not).
if fixture_run --events "$fixtures/events_gtd.csv" --date-column iyear --out "$out/iyear.csv" \
     --join-report "$out/iyear.json" 2>"$out/err.txt"; then fail "--date-column iyear exited 0"; fi
grep -q "nothing joined: all 4 rows rejected.*--date-columns" "$out/err.txt" || fail "iyear reason: $(cat "$out/err.txt")"
[[ -s $out/iyear.json && ! -e $out/iyear.csv ]] || fail "failing run: join report missing or CSV written"
fixture_run -q --events "$fixtures/events_gtd.csv" --date-columns iyear,imonth,iday --out "$out/parts.csv" || fail "--date-columns"
# Nothing placed (no name resolves, no coordinates): non-zero, with the reason.
printf 'date,district\n2024-01-01,Atlantis\n' >"$out/nowhere.csv"
if fixture_run --events "$out/nowhere.csv" --out "$out/nowhere_out.csv" 2>"$out/err.txt"; then fail "nothing joined, exit 0"; fi
grep -q "nothing joined: none of the 1 rows was placed" "$out/err.txt" || fail "unjoined reason: $(cat "$out/err.txt")"
# A workbook with a decoy first sheet, an all-text header, an unnamed column and blank rows at the end.
fixture_run --events "$fixtures/events_workbook.xlsx" --lat-column '#4' --lon-column Longitude --out "$out/book.csv" \
  --join-report "$out/book.json" 2>"$out/err.txt" || fail "workbook: $(cat "$out/err.txt")"
grep -q "4 rows read = 4 joined .* + 0 rejected; 5 blank rows after the last row skipped" "$out/err.txt" || fail "workbook accounting: $(cat "$out/err.txt")"
grep -q "sheet: 'Attacks'" "$out/err.txt" || fail "sheet not named: $(cat "$out/err.txt")"
grep -q "place 'Tribal Agency' (3 of 3 distinct names are districts) over 'Location'" "$out/err.txt" || fail "runner-up: $(cat "$out/err.txt")"
grep -q "coordinates 'Longitude'/'Field4'" "$out/err.txt" || fail "#4: $(cat "$out/err.txt")"
/usr/bin/python3 - "$out/book.json" <<'PY' || fail "workbook join report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["sources"][0]["layer"] == "Attacks" and r["blank_rows"] == 5 and r["rows_read"] == 4 and r["accounted"], r
assert r["date_precision"] == {"day": 3, "week": 0, "month": 1, "year": 0}, r["date_precision"]
PY
"$zila" report --list-layers "$fixtures/events_workbook.xlsx" >"$out/layers.txt"
grep -q "layer 'Notes' (no date or place column)" "$out/layers.txt" && grep -q "layer 'Attacks' (read by default)" "$out/layers.txt" \
  && grep -q "#4 Field4" "$out/layers.txt" || fail "--list-layers: $(cat "$out/layers.txt")"
"$zila" report --events "$fixtures/events_workbook.xlsx" --list-columns >"$out/columns.txt"
grep -q "#2 Tribal Agency" "$out/columns.txt" && ! grep -q "Notes" "$out/columns.txt" || fail "--list-columns: $(cat "$out/columns.txt")"
echo "report CLI: all checks passed"
