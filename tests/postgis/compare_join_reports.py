"""Compares the join report of a local run with that of the same events in the database: the row
accounting, rows and events by method, unmatched names (rows, events, spellings, reasons) and rejected
rows by reason must be equal, and the database run must account for every row of the table.
Suggestions are compared apart: the local join also suggests the district where an unmatched name's
rows have their points, which the name push-down does not fetch; the database's suggestions must be
among the local ones.

usage: compare_join_reports.py LOCAL.json DATABASE.json TABLE_ROWS"""
import json
import sys

local, database, table_rows = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
keys = ["rows_read", "joined", "unmatched", "rejected", "accounted", "events_joined", "events_unmatched", "by_method",
        "unmatched_names", "rejected_reasons", "periods", "bin", "columns", "districts"]
def without_suggestions(report):
    return [{k: v for k, v in name.items() if k != "suggestions"} for name in report["unmatched_names"]]


problems = [f"{k}: local {local[k]!r} != database {database[k]!r}" for k in keys
            if k != "unmatched_names" and local[k] != database[k]]
if without_suggestions(local) != without_suggestions(database):
    problems.append(f"unmatched_names: local {local['unmatched_names']!r} != database {database['unmatched_names']!r}")
for here, there in zip(local["unmatched_names"], database["unmatched_names"]):
    if not set(there.get("suggestions", [])) <= set(here.get("suggestions", [])):
        problems.append(f"suggestions for {there['name']!r}: database {there['suggestions']} not among local {here['suggestions']}")
if database["rows_read"] != table_rows:
    problems.append(f"the database run read {database['rows_read']} rows, the table has {table_rows}")
if database["joined"] + database["unmatched"] + database["rejected"] != table_rows or not database["accounted"]:
    problems.append("the database run's rows do not add up")
if database["rows_read"] == 0 or database["joined"] == 0:
    problems.append("nothing was joined: the comparison would prove nothing")
for p in problems:
    print("  " + p[:2000], file=sys.stderr)
sys.exit(1 if problems else 0)
