#!/usr/bin/python3
"""Cross-check of `zila report --stat scan` against a direct numpy computation of Kulldorff's formulas.

On New America's drone strikes by year over real PAK ADM2 districts, for both models:
  - each reported cluster's observed count is the sum of the counts CSV (`zila report --zeros`) over
    its districts and years;
  - its expected count: space-time permutation  mu = sum_{i in Z, t in T} C_i C_t / C  (exact);
    Poisson adjusted for period totals  mu = sum_t C_t * area_Z / area_all, areas from GeoPandas in
    an equal-area projection (zila uses geodesic areas: 1% tolerance);
  - LLR = c ln(c/mu) + (C-c) ln((C-c)/(C-mu)) and RR = (c/mu)/((C-c)/(C-mu)) from those numbers;
  - clusters are ordered by LLR, share no district, respect the time and size limits, and p is
    (1 + k)/(R + 1) for some whole k (the Monte Carlo rank).
Usage: scan_crosscheck.py ZILA SHARED_DIR GEODATA_DIR (exit 77 = skipped without the shared data).
"""
import sys
import warnings

from crosscheck_data import SKIP, real_data, report_rows


def main():
    zila, shared, geodata = sys.argv[1:4]
    data = real_data(shared, geodata)
    if data is None:
        return SKIP
    warnings.simplefilter("ignore")
    import geopandas
    import numpy as np

    districts = geopandas.read_file(data.adm2)
    names = list(districts["shapeName"])
    area = dict(zip(names, districts.to_crs("+proj=cea +datum=WGS84").geometry.area / 1e6))
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    def run(*extra):
        return report_rows(zila, data, "year", *extra)

    counts_rows = run("--zeros")
    years = sorted({r["period"] for r in counts_rows})
    index = {name: i for i, name in enumerate(names)}
    counts = np.zeros((len(years), len(names)))
    for r in counts_rows:
        counts[years.index(r["period"]), index[r["district"]]] += float(r["events"])
    total = counts.sum()
    by_district, by_year = counts.sum(axis=0), counts.sum(axis=1)
    all_area = sum(area[n] for n in names)

    for model in ("poisson", "permutation"):
        rows = run("--stat", "scan", "--scan-model", model, "--seed", "3", "--replications", "199")
        check(len(rows) >= 2, f"{model}: {len(rows)} clusters")
        used = set()
        previous = float("inf")
        for r in rows:
            members = r["districts"].split("; ")
            z = [index[m] for m in members]
            t0, t1 = years.index(r["start"]), years.index(r["end"])
            check(t1 - t0 + 1 <= int(r["max_periods"]), f"{model} #{r['rank']}: longer than max_periods")
            check(not used & set(members), f"{model} #{r['rank']}: shares a district with a more likely cluster")
            used |= set(members)
            c = counts[t0:t1 + 1, z].sum()
            if model == "permutation":
                mu = by_district[z].sum() * by_year[t0:t1 + 1].sum() / total
                tolerance = 1e-5  # the CSV carries 6 significant digits
            else:
                mu = by_year[t0:t1 + 1].sum() * sum(area[m] for m in members) / all_area
                tolerance = 1e-2
                check(sum(area[m] for m in members) <= 0.5 * all_area * 1.01, f"#{r['rank']}: over half the area")
            llr = c * np.log(c / mu) + ((total - c) * np.log((total - c) / (total - mu)) if total > c else 0.0)
            rr = (c / mu) / ((total - c) / (total - mu)) if total > c else float("inf")
            check(float(r["observed"]) == c, f"{model} #{r['rank']}: observed {r['observed']} vs {c}")
            check(abs(float(r["expected"]) / mu - 1) < tolerance, f"{model} #{r['rank']}: expected {r['expected']} vs {mu:.6g}")
            check(abs(float(r["llr"]) - llr) < tolerance * max(1.0, llr) + 1e-3, f"{model} #{r['rank']}: LLR {r['llr']} vs {llr:.6g}")
            if r["relative_risk"] != "inf":
                check(abs(float(r["relative_risk"]) / rr - 1) < tolerance, f"{model} #{r['rank']}: RR {r['relative_risk']} vs {rr:.6g}")
            check(float(r["llr"]) <= previous + 1e-9, f"{model} #{r['rank']}: not ordered by LLR")
            previous = float(r["llr"])
            k = float(r["p"]) * 200 - 1
            check(abs(k - round(k)) < 1e-6 and k >= 0, f"{model} #{r['rank']}: p {r['p']} is not (1 + k)/200")
        top = rows[0]
        print(f"{model}: most likely {top['districts']} {top['start']}-{top['end']} observed {top['observed']} "
              f"expected {top['expected']} LLR {top['llr']} p {top['p']}; {len(rows)} clusters checked")
        if model == "poisson":
            check("North Waziristan" in top["districts"].split("; "), "poisson: North Waziristan not in the top cluster")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
