"""Synthetic event tables for the database tests: district names, aliases, misspellings, unknown and
province names, fallback places, categories that depend on the actor, counts and fatalities, and (in
the messy table) every kind of bad value the row rules reject or note. Deterministic for a seed.

The dense table draws from a few values of each column, so that the database's groups hold many rows each.

usage: make_synthetic.py NAMES_FILE ROWS SEED typed|messy|dense OUT.csv"""
import csv
import datetime
import random
import sys

names_file, rows, seed, kind, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rng = random.Random(seed)
districts = [line.strip() for line in open(names_file, encoding="utf-8") if line.strip()]
aliases = ["Karachi East", "Karachi West", "D.I. Khan", "DI Khan", "Dera Ismail Khan", "N. Waziristan"]
types = ["Battles", "Explosions/Remote violence", "Protests", "Strategic developments", "Violence against civilians",
         "Riots", "Drone strike", "IBO", "something new", ""]
first_day = datetime.date(2015, 1, 1)


def place():
    r = rng.random()
    if r < 0.75: return rng.choice(districts)
    if r < 0.80: return rng.choice(aliases)
    if r < 0.85: return rng.choice(["  {}  ".format(rng.choice(districts)), rng.choice(districts).upper(), "District " + rng.choice(districts)])
    if r < 0.88: return "Village {}".format(rng.randint(1, 40))
    if r < 0.91: return rng.choice(["Khyber Pakhtunkhwa", "Punjab", "FATA"])
    return ""


def iso(day):
    return (first_day + datetime.timedelta(days=day)).isoformat()


def typed_row():
    day = rng.randint(0, 3650)
    date = "" if rng.random() < 0.01 else iso(day)
    fatalities = rng.choice(["", "0", "1", "2", "3", "7", "0.5", "2.25", "0.1", "12"])
    count = rng.choice(["", "1", "1", "1", "2", "5"])
    lon, lat = ("", "") if rng.random() < 0.5 else ("{:.4f}".format(rng.uniform(61, 77)), "{:.4f}".format(rng.uniform(24, 37)))
    return [date, place(), rng.choice(districts + [""]), rng.choice(types), str(rng.randint(1, 8)), fatalities, count, lon, lat]


def messy_row():
    row = typed_row()
    r = rng.random()
    day = first_day + datetime.timedelta(days=rng.randint(0, 3650))
    if r < 0.05: row[0] = "{}/{}/{}".format(day.month, day.day, day.year)  # M/D/Y or D/M/Y: the file decides
    elif r < 0.07: row[0] = "{}/{}/{}".format(day.day, day.month, day.year)
    elif r < 0.08: row[0] = rng.choice(["2019-02-31", "soon", "31/31/2019", "Total"])
    elif r < 0.085: row[0] = "  " + row[0] + " "
    elif r < 0.09: row[0] = rng.choice(["{:%B %Y}", "{:%Y-%m}", "{:%Y}"]).format(day)  # known to the month or year
    if rng.random() < 0.02: row[6] = rng.choice(["1.5", "-2", "lots", "1e3", "+4"])
    if rng.random() < 0.03: row[5] = rng.choice(["-1", "n/a", "1,200", " 3 "])
    if rng.random() < 0.01: row[1] = rng.choice(["Total", "Grand total"])
    if rng.random() < 0.02: row[7], row[8] = rng.choice([("abc", "33.1"), ("33.5", "71.2"), ("200", "95")])
    if rng.random() < 0.005: row[1] = "\u00a0Peshawar\u00a0"
    if rng.random() < 0.003: row = [""] * len(row)  # an empty row
    if rng.random() < 0.003: row[0] = ""  # no date, other fields given
    return row


def dense_row():
    # Points around Peshawar: most strictly inside a few districts, which the database places itself.
    lon, lat = ("", "") if rng.random() < 0.3 else ("{:.3f}".format(rng.uniform(71.2, 71.8)), "{:.3f}".format(rng.uniform(33.8, 34.3)))
    return [iso(rng.randint(0, 19)), rng.choice(districts[:6] + ["Karachi East", "Village 1"]), "",
            rng.choice(["Battles", "Protests", "IBO"]), str(rng.randint(1, 2)), rng.choice(["", "1", "0.5"]),
            rng.choice(["", "2"]), lon, lat]


make_row = {"typed": typed_row, "messy": messy_row, "dense": dense_row}[kind]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["event_date", "admin2", "city", "event_type", "inter1", "fatalities", "events", "longitude", "latitude"])
    for _ in range(rows):
        w.writerow(make_row())
