#!/usr/bin/env bash
# Events in PostgreSQL/PostGIS against a real server: a throw-away cluster (initdb into a temp folder,
# run by a non-root user, listening on a Unix socket in that folder only, stopped on every exit), the
# real event files and synthetic tables loaded with ogr2ogr, then `zila report --join name` on the
# database (the aggregation pushed down) compared cell by cell with the same files read locally, and
# the errors a user meets (no server, no table, a column of the wrong type, a lost connection).
#
# usage: postgis_test.sh ZILA SHARED_DIR [SYNTHETIC_ROWS]
set -euo pipefail
zila=$1 shared=$2 rows=${3:-25000}
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d /tmp/zila-pg.XXXXXX)
chmod 755 "$tmp"  # the server user (nobody) passes through it
trap 'bash "$here/pg_cluster.sh" stop "$tmp/cluster"; rm -rf "$tmp"' EXIT
conn=$(bash "$here/pg_cluster.sh" start "$tmp/cluster") || fail "could not start the throw-away PostgreSQL"
mkdir "$tmp/out"
psql_events() { psql -X -q -v ON_ERROR_STOP=1 -At "$conn" "$@"; }

load() {  # load CSV TABLE [ogr2ogr options...]
  local csv=$1 table=$2
  shift 2
  ogr2ogr -q -f PostgreSQL "PG:$conn" "$csv" -nln "events.$table" -lco LAUNDER=NO -lco SPATIAL_INDEX=NONE "$@" \
    || fail "ogr2ogr could not load $csv"
}
drones=$shared/events/real/pak_drone_strikes_newamerica_2004-2018.csv
suicide=$shared/events/real/pak_suicide_attacks_v11_2017-11-30.csv
load "$drones" drones
# A database holds UTF-8: the suicide-attack file's Windows-1252 lines are stored as the text Zila reads
# from them (it reads invalid UTF-8 as Windows-1252); the local run reads the original file.
/usr/bin/python3 -c '
import sys
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    for line in open(sys.argv[1], "rb"):
        try: out.write(line.decode("utf-8"))
        except UnicodeDecodeError: out.write(line.decode("cp1252"))' "$suicide" "$tmp/out/suicide_utf8.csv"
load "$tmp/out/suicide_utf8.csv" suicide

# Synthetic tables: district names from the boundaries, plus aliases, misspellings and bad values.
boundaries=$shared/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson
ogr2ogr -f CSV /vsistdout/ "$boundaries" -select shapeName | tail -n +2 | tr -d '"' >"$tmp/out/names.txt"
/usr/bin/python3 "$here/make_synthetic.py" "$tmp/out/names.txt" "$rows" 1 typed "$tmp/out/synthetic_typed.csv"
/usr/bin/python3 "$here/make_synthetic.py" "$tmp/out/names.txt" "$rows" 2 messy "$tmp/out/synthetic_messy.csv"
/usr/bin/python3 "$here/make_synthetic.py" "$tmp/out/names.txt" "$rows" 3 dense "$tmp/out/synthetic_dense.csv"
load "$tmp/out/synthetic_dense.csv" synthetic_dense
# Typed columns (dates, integers, reals) in one table, every column text in the other.
load "$tmp/out/synthetic_typed.csv" synthetic_typed -oo AUTODETECT_TYPE=YES
load "$tmp/out/synthetic_messy.csv" synthetic_messy
[[ $(psql_events -c "SELECT data_type FROM information_schema.columns WHERE table_name = 'synthetic_typed' AND column_name = 'event_date'") == date ]] \
  || fail "the typed table's event_date is not a date column"

# Both runs of one case: the file read locally, then the table in the database; cube (every cell,
# zeros included) and join accounting must be equal. JOIN=coords for the coordinates join.
compare() {  # compare NAME CSV TABLE [report flags...]
  local name=$1 csv=$2 table=$3
  shift 3
  local out=$tmp/out/$name
  "$zila" report -q --join "${JOIN:-name}" --zeros --boundaries "$boundaries" --events "$csv" "$@" \
    --out "$out.local.csv" --join-report "$out.local.json" || fail "$name: local run failed"
  "$zila" report -q --join "${JOIN:-name}" --zeros --boundaries "$boundaries" --events "PG:$conn" --events-layer "events.$table" "$@" \
    --out "$out.db.csv" --join-report "$out.db.json" 2>"$out.err" || fail "$name: database run failed: $(cat "$out.err")"
  cmp -s "$out.local.csv" "$out.db.csv" || fail "$name: cubes differ: $(diff "$out.local.csv" "$out.db.csv" | head -5)"
  local table_rows
  table_rows=$(psql_events -c "SELECT count(*) FROM events.$table")
  /usr/bin/python3 "$here/compare_join_reports.py" "$out.local.json" "$out.db.json" "$table_rows" || fail "$name: join reports differ"
  echo "ok $name: $(($(wc -l <"$out.db.csv") - 1)) cells, $table_rows rows"
}

compare drones_month "$drones" drones --default-category operation
compare drones_week "$drones" drones --default-category operation --bin week
# --match strict: guessed names (gazetteer, token) are refereed by the row's point, and one row (Taftan, a point
# outside the boundaries) is still placed by the push-down but not locally; open, see issue 15.
compare suicide_quarter "$suicide" suicide --bin quarter --match strict
compare typed_month "$tmp/out/synthetic_typed.csv" synthetic_typed --district-column admin2 --place-fallback city
compare typed_day "$tmp/out/synthetic_typed.csv" synthetic_typed --district-column admin2 --place-fallback city --bin day \
  --category-map "Battles=other" --aliases ""
# Native dates binned by the database (date_trunc) in every bin; a timestamp column read by its date,
# with dates outside the plausible years and infinity rejected by their own reason, as locally.
compare typed_week "$tmp/out/synthetic_typed.csv" synthetic_typed --district-column admin2 --place-fallback city --bin week
compare typed_quarter "$tmp/out/synthetic_typed.csv" synthetic_typed --district-column admin2 --place-fallback city --bin quarter
psql_events -c "CREATE TABLE events.stamps AS SELECT CASE WHEN ogc_fid % 97 = 0 THEN '1850-06-01 10:00'::timestamp
    WHEN ogc_fid % 97 = 1 THEN '2200-01-01 00:00' WHEN ogc_fid % 97 = 2 THEN 'infinity' ELSE event_date + time '13:30' END AS event_date,
    admin2, city, event_type, inter1, fatalities, events, longitude, latitude FROM (SELECT * FROM events.synthetic_typed
    UNION ALL SELECT 100, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM generate_series(1, 3)) AS typed ORDER BY ogc_fid"
# Above: rows with every field NULL (among the rows, as a file's empty rows) beside rows with only the date
# NULL: "empty row" and "no date" told apart with a native date column (tested for NULL, not as text).
# Empty rows last in the table: rejected too (the local reader drops a file's trailing empty rows; a
# table has no such rows), where they once broke the accounting.
psql_events -c "CREATE TABLE events.empty_last AS SELECT * FROM events.synthetic_typed ORDER BY ogc_fid" -c "INSERT INTO events.empty_last (event_date) SELECT NULL FROM generate_series(1, 2)"
"$zila" report -q --join name --boundaries "$boundaries" --events "PG:$conn" --events-layer events.empty_last --district-column admin2 \
  --place-fallback city --out "$tmp/out/empty_last.csv" --join-report "$tmp/out/empty_last.json" || fail "a table ending in empty rows"
/usr/bin/python3 - "$tmp/out/empty_last.json" "$(psql_events -c "SELECT count(*) FROM events.empty_last")" <<'PY' || fail "a table ending in empty rows: accounting"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["rows_read"] == int(sys.argv[2]) and r["accounted"] and r["rejected_reasons"].get("empty row") == 2, r
PY
# Rejected rows cost memory per group, not per row (one entry standing for its rows: a database's rows
# have no numbers): 60000 equal rows without a date are one entry of the join report, with the same
# accounting and cube as the file read locally (one entry per row there).
psql_events -c "CREATE TABLE events.undated AS SELECT event_date, admin2, city, event_type, inter1, fatalities, events, longitude,
    latitude FROM events.synthetic_typed ORDER BY ogc_fid" \
  -c "INSERT INTO events.undated (admin2, event_type, fatalities) SELECT 'Bannu', 'Battles', 1 FROM generate_series(1, 60000)"
psql_events -c "COPY events.undated TO STDOUT WITH CSV HEADER" >"$tmp/out/undated.csv"
compare undated_month "$tmp/out/undated.csv" undated --district-column admin2 --place-fallback city
/usr/bin/python3 - "$tmp/out/undated_month.db.json" "$tmp/out/undated_month.local.json" <<'PY' || fail "rejected rows of the database are not one entry per group"
import json, sys
db, local = (json.load(open(path)) for path in sys.argv[1:])
undated = [r for r in db["rejected_rows"] if r["rows"] == 60000]
assert len(undated) == 1 and undated[0]["reason"].startswith("no date in column"), undated
assert sum(r["rows"] for r in db["rejected_rows"]) == db["rejected"] == len(local["rejected_rows"]), (db["rejected"], len(local["rejected_rows"]))
assert len(db["rejected_rows"]) < len(local["rejected_rows"]) - 59000, len(db["rejected_rows"])
problem = [p for p in db["problems"] if "rows rejected: no date in column" in p["message"]]
local_problem = [p for p in local["problems"] if "rows rejected: no date in column" in p["message"]]
assert problem[0]["message"] == local_problem[0]["message"] and problem[0]["where"] == "", (problem, local_problem)
PY
psql_events -c "COPY (SELECT event_date::date AS event_date, admin2, city, event_type, inter1, fatalities, events, longitude, latitude
    FROM events.stamps) TO STDOUT WITH CSV HEADER" >"$tmp/out/stamps.csv"
compare stamps_month "$tmp/out/stamps.csv" stamps --district-column admin2 --place-fallback city
compare stamps_year "$tmp/out/stamps.csv" stamps --district-column admin2 --place-fallback city --bin year
/usr/bin/python3 - "$tmp/out/stamps_year.db.json" <<'PY' || fail "the timestamp table's dates outside the years"
import json, sys
r = json.load(open(sys.argv[1]))
assert {"bad date", "date"} <= set(r["rejected_reasons"]), r["rejected_reasons"]  # infinity; 1850 and 2200
assert r["rejected_reasons"].get("empty row") == 3 and r["rejected_reasons"].get("no date in column", 0) > 0, r["rejected_reasons"]
PY
# Groups of many rows each: the weighting of rows, events and fatalities by group size is what counts here.
compare dense_month "$tmp/out/synthetic_dense.csv" synthetic_dense
compare dense_week "$tmp/out/synthetic_dense.csv" synthetic_dense --bin week
# Dates binned and counts and fatalities added up in the database: the dense table's 20 days of one month,
# 8 places, 3 categories, 2 actors, counts '' or 2 and fatalities '', 1 or 0.5 make at most 8*3*2*2*2 groups
# (an empty count or fatalities keeps its own group for its note); grouped by raw values they made thousands.
groups=$(grep -o "grouped $rows rows into [0-9]* groups" "$tmp/out/dense_month.db.json" | grep -o "[0-9]* groups" | grep -o "[0-9]*")
[[ -n $groups && $groups -le 192 ]] || fail "the dense table was not aggregated into few groups (${groups:-no} groups)"
compare messy_month "$tmp/out/synthetic_messy.csv" synthetic_messy --district-column admin2 --place-fallback city
/usr/bin/python3 - "$tmp/out/messy_month.db.json" <<'PY' || fail "the messy table does not exercise the row rules"
import json, sys
r = json.load(open(sys.argv[1]))
reasons = {"bad date", "bad count", "totals row", "empty row", "no date in column", "no place name and no coordinates"}
assert reasons <= set(r["rejected_reasons"]), r["rejected_reasons"]
assert all(r["by_method"][m] for m in ["exact", "alias", "abbreviation"]) and len(r["unmatched_names"]) > 40, r
assert any("ambiguous dates" in p["message"] for p in r["problems"] if p["stage"] == "events"), r["problems"]
PY
# Dates known to the month or year only, in a finer bin: rejected by reason as locally.
compare messy_week "$tmp/out/synthetic_messy.csv" synthetic_messy --district-column admin2 --place-fallback city --bin week
/usr/bin/python3 - "$tmp/out/messy_week.db.json" <<'PY' || fail "the messy table's week bin"
import json, sys
r = json.load(open(sys.argv[1]))
assert any("known only to the" in reason for reason in r["rejected_reasons"]), r["rejected_reasons"]
PY
compare messy_year_day_first "$tmp/out/synthetic_messy.csv" synthetic_messy --district-column admin2 --place-fallback city --bin year --date-order day-first

# The coordinates join in the database (ST_Covers/ST_Contains on the districts in a temporary table):
# real coordinates, swapped and unreadable ones (messy), points near and on borders, points outside.
JOIN=coords compare drones_coords "$drones" drones --default-category operation
JOIN=coords compare suicide_coords "$suicide" suicide --bin year
JOIN=coords compare typed_coords "$tmp/out/synthetic_typed.csv" synthetic_typed
JOIN=coords compare messy_coords "$tmp/out/synthetic_messy.csv" synthetic_messy --bin quarter
JOIN=coords compare dense_coords "$tmp/out/synthetic_dense.csv" synthetic_dense --snap-km 5
grep -q "grouped $rows rows into [0-9]\{1,4\} groups" "$tmp/out/dense_coords.db.json" || fail "the database placed too few of the dense table's points itself"

# --events-sql: the query's rows are the events (here the strikes from 2010 on).
"$zila" report -q --join name --zeros --boundaries "$boundaries" --events "PG:$conn" --default-category operation \
  --events-sql 'SELECT * FROM events.drones WHERE "year" >= $$2010$$' --out "$tmp/out/sql.csv" --join-report "$tmp/out/sql.json" \
  || fail "--events-sql run failed"
/usr/bin/python3 - "$tmp/out/sql.json" "$(psql_events -c "SELECT count(*) FROM events.drones WHERE \"year\" >= '2010'")" <<'PY' || fail "--events-sql accounting"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["rows_read"] == int(sys.argv[2]) and r["accounted"], r
PY

# Errors: each names the source, none prints the password.
expect_error() {  # expect_error WHAT PATTERN zila-args...
  local what=$1 pattern=$2
  shift 2
  if "$zila" report -q --boundaries "$boundaries" "$@" --out "$tmp/out/err.csv" 2>"$tmp/out/err.txt"; then
    fail "$what: accepted"
  fi
  grep -q -- "$pattern" "$tmp/out/err.txt" || fail "$what: message '$(cat "$tmp/out/err.txt")' lacks '$pattern'"
  if grep -q "s3cret" "$tmp/out/err.txt"; then fail "$what: the password is printed: $(cat "$tmp/out/err.txt")"; fi
  echo "ok error $what: $(head -1 "$tmp/out/err.txt")"
}
expect_error "no server" "cannot connect to the database" --join name \
  --events "PG:host=$tmp/nowhere user=zila dbname=zila_events password=s3cret" --events-layer events.drones
expect_error "masked password" "password=\*\*\*" --join name \
  --events "PG:host=$tmp/nowhere user=zila dbname=zila_events password=s3cret" --events-layer events.drones
expect_error "masked URI password" "postgresql://zila:\*\*\*@" --join name \
  --events "PG:postgresql://zila:s3cret@/zila_events?host=$tmp/nowhere" --events-layer events.drones
expect_error "no table" "no table 'events.nothing' in the database" --join name --events "PG:$conn password=s3cret" --events-layer events.nothing
psql_events -c "CREATE TABLE events.wrong_type (event_date bytea, admin2 text)" -c "INSERT INTO events.wrong_type VALUES ('\x00', 'Bannu')"
expect_error "wrong column type" "column 'event_date' (date) is of type bytea" --join name --events "PG:$conn" --events-layer events.wrong_type
# The query's own backend is ended while it runs: the connection is lost mid-query.
expect_error "lost connection" "connection to the database was lost" --events "PG:$conn password=s3cret" --join name \
  --events-sql "SELECT * FROM events.synthetic_typed WHERE pg_terminate_backend(pg_backend_pid())"
expect_error "no table named" "--events-layer schema.table" --join name --events "PG:$conn"
expect_error "query needs a pushed-down join" "use --join name or --join coords" --events "PG:$conn" --events-sql "SELECT 1" --join hybrid
# The same errors when the rows are read through GDAL (--join hybrid, --no-push-down): named, password masked.
expect_error "no server (GDAL)" "cannot open events 'PG:host=$tmp/nowhere user=zila dbname=zila_events password=\*\*\*'" --join hybrid \
  --events "PG:host=$tmp/nowhere user=zila dbname=zila_events password=s3cret" --events-layer events.drones
expect_error "no table (GDAL)" "no layer 'events.nothing'" --join name --no-push-down --events "PG:$conn password=s3cret" --events-layer events.nothing
expect_error "missing column (GDAL)" "admin2_missing" --join hybrid --events "PG:$conn password=s3cret" --events-layer events.wrong_type \
  --date-column admin2_missing

# Rows pulled through GDAL (--no-push-down) give the pushed-down cube, and no output names the password.
"$zila" report -q --join name --zeros --boundaries "$boundaries" --events "PG:$conn password=s3cret" --events-layer events.drones \
  --default-category operation --no-push-down --out "$tmp/out/pulled.csv" --join-report "$tmp/out/pulled.json" 2>"$tmp/out/pulled.err" \
  || fail "--no-push-down run failed: $(cat "$tmp/out/pulled.err")"
cmp -s "$tmp/out/pulled.csv" "$tmp/out/drones_month.db.csv" || fail "rows through GDAL and push-down give different cubes"
! grep -q s3cret "$tmp/out/pulled.json" "$tmp/out/pulled.err" "$tmp/out/pulled.csv" || fail "the password is in an output of the GDAL path"
"$zila" report --join name --boundaries "$boundaries" --events "PG:$conn password=s3cret" --events-layer events.drones \
  --default-category operation --out "$tmp/out/pushed.csv" --join-report "$tmp/out/pushed.json" 2>"$tmp/out/pushed.err" \
  || fail "push-down run with a password failed: $(cat "$tmp/out/pushed.err")"
! grep -q s3cret "$tmp/out/pushed.json" "$tmp/out/pushed.err" || fail "the password is in an output of the push-down"
echo "ok --no-push-down: same cube; no password in reports or summaries"
echo "all database checks passed"
