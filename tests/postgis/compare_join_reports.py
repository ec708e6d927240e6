"""Compares the join report of a local run with that of the same events in the database: the row
accounting, rows and events by method, unmatched names (rows, events, suggestions) and rejected rows
by reason must be equal, and the database run must account for every row of the table.

usage: compare_join_reports.py LOCAL.json DATABASE.json TABLE_ROWS"""
import json
import sys

local, database, table_rows = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
keys = ["rows_read", "joined", "unmatched", "rejected", "accounted", "events_joined", "events_unmatched", "by_method",
        "unmatched_names", "rejected_reasons", "periods", "bin", "columns", "districts"]
problems = [f"{k}: local {local[k]!r} != database {database[k]!r}" for k in keys if local[k] != database[k]]
if database["rows_read"] != table_rows:
    problems.append(f"the database run read {database['rows_read']} rows, the table has {table_rows}")
if database["joined"] + database["unmatched"] + database["rejected"] != table_rows or not database["accounted"]:
    problems.append("the database run's rows do not add up")
if database["rows_read"] == 0 or database["joined"] == 0:
    problems.append("nothing was joined: the comparison would prove nothing")
for p in problems:
    print("  " + p[:2000], file=sys.stderr)
sys.exit(1 if problems else 0)
