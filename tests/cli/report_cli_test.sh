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

# --- The audit trail (--rows-out): one line per row of every source, in every join mode -------------
suicide="$shared/events/real/pak_suicide_attacks_v11_2017-11-30.csv"
drones="$shared/events/real/pak_drone_strikes_newamerica_2004-2018.csv"
for mode in name coords hybrid; do
  "$zila" report -q --events "$suicide:incident" --events "$drones:operation" --join "$mode" --bin year \
    --out "$out/audit_counts.csv" --join-report "$out/audit_$mode.json" --rows-out "$out/rows_$mode.csv"
  /usr/bin/python3 - "$out/rows_$mode.csv" "$out/audit_$mode.json" "$mode" <<'PY' || fail "--rows-out accounting ($mode)"
import collections, csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
report = json.load(open(sys.argv[2]))
assert len(rows) == report["rows_read"] == 910, (len(rows), report["rows_read"])
outcomes = collections.Counter(r["outcome"] for r in rows)
assert outcomes["joined"] == report["joined"] and outcomes["unmatched"] == report["unmatched"], outcomes
assert outcomes["rejected"] == report["rejected"], outcomes
methods = collections.Counter(r["method"] for r in rows if r["outcome"] != "rejected")
assert all(methods[m] == n for m, n in report["by_method"].items()), (methods, report["by_method"])
for source in report["sources"]:
    name = source["path"].rsplit("/", 1)[-1]
    mine = [r for r in rows if r["source"] == name]
    assert len(mine) == source["rows_read"], name
    assert sorted(int(r["source_row"]) for r in mine) == list(range(1, source["rows_read"] + 1)), name
    assert sum(r["outcome"] == "joined" for r in mine) == source["joined"], name
# Each unmatched row says why; each joined one names its district; the ISO date is the date as read.
assert all(r["reason"] for r in rows if r["outcome"] != "joined")
assert all(r["district"] and not r["reason"] for r in rows if r["outcome"] == "joined")
first = rows[0]
assert first["date_as_read"] == "Sunday-November 19-1995" and first["date"] == "1995-11-19", first
# Coordinates joins near a district seat the boundaries misplace are flagged, as many as the report says.
flagged = sum("which the boundary file puts in" in r["note"] and "may belong to" in r["note"] for r in rows)
assert flagged == report["near_seat_rows"], (flagged, report["near_seat_rows"])
if sys.argv[3] == "coords":
    assert flagged > 0
PY
done

# Text cells are defused for spreadsheets, as in the other CSV outputs.
printf 'date,district\n2024-01-01,=HYPERLINK("http://evil")\n2024-01-02,Swat\nnot a date,@SUM(A1)\n' >"$out/evil_places.csv"
"$zila" report -q --events "$out/evil_places.csv" --out "$out/evil_counts.csv" --rows-out "$out/evil_rows.csv"
grep -qF ",\"'=HYPERLINK(" "$out/evil_rows.csv" || fail "formula in --rows-out: $(cat "$out/evil_rows.csv")"
grep -qF "\"'@SUM(A1)\"" "$out/evil_rows.csv" || fail "formula in a rejected row: $(cat "$out/evil_rows.csv")"
[[ $(wc -l <"$out/evil_rows.csv") == 4 ]] || fail "--rows-out lines: $(cat "$out/evil_rows.csv")"
# Never over an input, never on standard output twice, never for rows the database counted.
if "$zila" report -q --events "$out/evil_places.csv" --out "$out/x.csv" --rows-out "$out/evil_places.csv" 2>"$out/err.txt"; then
  fail "--rows-out over the input accepted"
fi
grep -q -- "--rows-out" "$out/err.txt" || fail "collision message: $(cat "$out/err.txt")"
if "$zila" report -q --events "$out/evil_places.csv" --rows-out - 2>"$out/err.txt"; then fail "--rows-out - with --out -"; fi
# The second --events table is an input too: no output may be written over it.
cp "$out/evil_places.csv" "$out/second.csv"
if "$zila" report -q --events "$out/evil_places.csv" --events "$out/second.csv:operation" --out "$out/x.csv" \
  --rows-out "$out/second.csv" 2>"$out/err.txt"; then
  fail "--rows-out over the second --events accepted"
fi
cmp -s "$out/evil_places.csv" "$out/second.csv" || fail "the second --events file was changed"
if "$zila" report -q --events "PG:dbname=zila_none" --join name --rows-out "$out/pg_rows.csv" 2>"$out/err.txt"; then
  fail "--rows-out of a database-counted source accepted"
fi
grep -q "counted in the database" "$out/err.txt" || fail "database --rows-out: $(cat "$out/err.txt")"
[[ ! -e "$out/pg_rows.csv" ]] || fail "a file written for a database-counted source"

# The boundary check, cross-checked with GeoPandas: every GeoNames place named exactly like a
# district that lies in another district's polygon within 15 km of its own is reported, and
# every reported one lies where the report says.
gazetteer="$(dirname "$zila")/../../../geodata/cache/gazetteer-PK.csv"
if [[ -f "$gazetteer" ]] && /usr/bin/python3 -c "import geopandas" 2>/dev/null; then
  /usr/bin/python3 - "$out/audit_coords.json" "$shared/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson" "$gazetteer" <<'PY' \
    || fail "boundary check against GeoPandas"
import json, sys
import geopandas as gpd, pandas as pd
report = json.load(open(sys.argv[1]))
adm2 = gpd.read_file(sys.argv[2])[["shapeName", "geometry"]]
places = pd.read_csv(sys.argv[3])
pts = gpd.GeoDataFrame(places, geometry=gpd.points_from_xy(places.lon, places.lat), crs=4326)
joined = gpd.sjoin(pts, adm2, predicate="within", how="inner")
by_name = {n.lower(): n for n in adm2.shapeName}
metric = adm2.to_crs(32642).set_index("shapeName")
expected = set()
inside_own = {r["name"].lower() for _, r in joined.iterrows() if r["name"].lower() == r.shapeName.lower()}
for _, r in joined.iterrows():
    own = by_name.get(r["name"].lower())
    if own is None or own == r.shapeName or r["name"].lower() in inside_own:
        continue
    km = gpd.GeoSeries([r.geometry], crs=4326).to_crs(32642).iloc[0].distance(metric.loc[own].geometry) / 1000
    if km <= 15:
        expected.add((r["name"], r.shapeName))
reported = {(s["place"], s["lies_in"]) for s in report["misplaced_seats"]}
assert expected <= reported, (expected, reported)
assert ("Bannu", "North Waziristan") in reported and ("Hangu", "Orakzai") in reported, reported
for s in report["misplaced_seats"]:
    hit = joined[(joined["name"] == s["place"]) & (joined.lat == s["lat"])]
    assert list(hit.shapeName) == [s["lies_in"]], (s, list(hit.shapeName))
PY
else
  echo "note: boundary cross-check skipped (no gazetteer or GeoPandas)"
fi
echo "report CLI: all checks passed"
