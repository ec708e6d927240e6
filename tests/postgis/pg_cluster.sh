#!/usr/bin/env bash
# A throw-away PostgreSQL + PostGIS cluster for the database tests and `zila bench --postgis`: initdb
# into DIR/data, run by a non-root user (nobody when started as root; initdb refuses root), listening
# only on a Unix socket in DIR/socket (no TCP), the database zila_events with PostGIS and a schema
# `events` (DIR's parent folders must be open to that user). `start` prints the libpq connection string; `stop` stops the server and removes DIR.
#
# usage: pg_cluster.sh start DIR [SERVER_SETTING...]   e.g. work_mem=256MB
#        pg_cluster.sh stop DIR
set -euo pipefail
action=$1 dir=$2
shift 2
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_server=()
[[ $(id -u) -eq 0 ]] && as_server=(runuser -u nobody --)

case $action in
  start)
    [[ -x $pg_bin/initdb ]] || { echo "no PostgreSQL server found: install postgresql-15-postgis-3 (scripts/setup.sh does)" >&2; exit 1; }
    mkdir -p "$dir/data" "$dir/socket"
    chmod 755 "$dir"
    [[ ${#as_server[@]} -gt 0 ]] && chown nobody "$dir/data" "$dir/socket"
    "${as_server[@]}" "$pg_bin/initdb" -D "$dir/data" -U zila --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { echo "initdb: $(cat "$dir/initdb.log")" >&2; exit 1; }
    settings=(-c "listen_addresses=''" -k "$dir/socket" -c fsync=off -c shared_buffers=32MB)
    for setting in "$@"; do settings+=(-c "$setting"); done
    "${as_server[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -w -l "$dir/socket/server.log" -o "${settings[*]}" start >/dev/null \
      || { echo "server did not start: $(cat "$dir/socket/server.log")" >&2; exit 1; }
    psql -X -q -v ON_ERROR_STOP=1 "host=$dir/socket user=zila dbname=postgres" -c "CREATE DATABASE zila_events"
    psql -X -q -v ON_ERROR_STOP=1 "host=$dir/socket user=zila dbname=zila_events" -c "CREATE EXTENSION postgis" -c "CREATE SCHEMA events"
    echo "host=$dir/socket user=zila dbname=zila_events"
    ;;
  stop)
    [[ -d $dir/data ]] && "${as_server[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: pg_cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
