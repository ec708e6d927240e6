#!/bin/sh
# GDAL peer for `zila bench`: `ogr2ogr -dialect SQLite -sql` group-by on the CSV (name path), and an
# ST_Within join through the events' R-tree on a GeoPackage (coordinates path; building the
# GeoPackage is timed apart). Usage: gdal_peer.sh EVENTS.csv DISTRICTS NAME_FIELD WORK_DIR
set -e
csv=$1 districts=$2 name=$3 dir=$4
layer=$(basename "$csv" .csv)
now() { date +%s%N; }
t0=$(now)
ogr2ogr -f CSV /vsistdout/ "$csv" -dialect SQLite \
  -sql "SELECT district, substr(date, 1, 7) AS month, count(*) AS n FROM \"$layer\" GROUP BY district, month" \
  > "$dir/gdal_groupby.csv"
t1=$(now)
gpkg="$dir/gdal_events.gpkg"
rm -f "$gpkg"
ogr2ogr -f GPKG "$gpkg" "$csv" -nln events -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326 -gt 65536
ogr2ogr -f GPKG -update "$gpkg" "$districts" -nln districts
t2=$(now)
ogr2ogr -f CSV /vsistdout/ "$gpkg" -dialect SQLite -sql "SELECT d.\"$name\" AS district, count(*) AS n
  FROM districts d JOIN events e
    ON e.fid IN (SELECT id FROM rtree_events_geom r WHERE r.minx <= ST_MaxX(d.geom) AND r.maxx >= ST_MinX(d.geom)
                                                       AND r.miny <= ST_MaxY(d.geom) AND r.maxy >= ST_MinY(d.geom))
   AND ST_Within(e.geom, d.geom)
  GROUP BY d.\"$name\"" > "$dir/gdal_within.csv"
t3=$(now)
echo "{\"group_by_ms\": $(( (t1 - t0) / 1000000 )), \"gpkg_ms\": $(( (t2 - t1) / 1000000 )), \"within_ms\": $(( (t3 - t2) / 1000000 )), \"within_rows\": $(( $(wc -l < "$dir/gdal_within.csv") - 1 ))}"
