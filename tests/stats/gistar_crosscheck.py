#!/usr/bin/python3
"""Cross-check of `zila report --stat gistar|moran` against an independent implementation.

Weights: libpysal (Debian's python3-libpysal) contiguity built from the real PAK ADM2 boundaries
read by GeoPandas. Zila's queen rule counts districts closer than 0.0005 degrees as touching (it closes
the gaps simplified boundaries leave); libpysal's fuzzy_contiguity with each polygon buffered by half
of that is the same rule. The pairs it adds to libpysal's exact Queen are printed. Statistics: numpy formulas written here from Getis & Ord (1992, 1995)
and Anselin (1995). Permutation p-values: the EXACT randomisation distribution, counted by dynamic
programming over the (integer) event counts, against which Zila's Monte Carlo pseudo p must lie
within five standard errors:
  - Gi* (total permutation): the neighbourhood of i (itself + k neighbours, binary weights) receives a
    uniformly random (k+1)-subset of all n values; p = P(|sum - mean (k+1)| >= observed).
  - Local Moran (conditional permutation): x_i stays, its k neighbours receive a random k-subset of
    the other n - 1 values; p = P(permuted lag at least as far out on the observed side).

Usage: gistar_crosscheck.py ZILA SHARED_DIR GEODATA_DIR
Exit 77 (ctest: skipped) with a message only when SHARED_DIR is absent; any disagreement fails.
"""
import math
import sys
import warnings

from crosscheck_data import SKIP, real_data, report_rows


def main():
    zila, shared, geodata = sys.argv[1:4]
    data = real_data(shared, geodata)
    if data is None:
        return SKIP

    warnings.simplefilter("ignore")  # libpysal warns that its remote example data is offline
    import geopandas
    import numpy as np
    from libpysal.weights import Queen, fuzzy_contiguity

    districts = geopandas.read_file(data.adm2)
    names = list(districts["shapeName"])
    n = len(names)
    zila_tolerance = 0.0005  # ContiguityOptions::tolerance, degrees
    touching = fuzzy_contiguity(districts, buffering=True, buffer=zila_tolerance / 2, silence_warnings=True)
    exact = Queen.from_dataframe(districts, silence_warnings=True)
    neighbours = [sorted(touching.neighbors[i]) for i in range(n)]
    added = [f"{names[i]}-{names[j]}" for i in range(n) for j in neighbours[i] if i < j and j not in exact.neighbors[i]]
    print(f"libpysal: {sum(map(len, neighbours)) // 2} neighbour pairs within {zila_tolerance} degrees; "
          f"not touching exactly: {', '.join(added) or 'none'}")
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    def report(stat, bin_, *extra):
        rows = report_rows(zila, data, bin_, "--stat", stat, "--seed", "1", "--permutations", "999", *extra)
        periods = list(dict.fromkeys(r["period"] for r in rows))
        check(len(rows) == n * len(periods), f"{stat} {bin_}: {len(rows)} rows for {n} districts x {len(periods)} periods")
        by_period = [rows[t * n:(t + 1) * n] for t in range(len(periods))]
        for t, block in enumerate(by_period):
            check([r["district"] for r in block] == names, f"{stat} {bin_} {periods[t]}: districts out of feature order")
        return periods, by_period

    def subset_sum_counts(values, max_size):
        """ways[s][T]: number of s-subsets of `values` (non-negative integers) summing to T."""
        total = int(sum(values))
        ways = np.zeros((max_size + 1, total + 1))
        ways[0, 0] = 1
        for v in values:
            v = int(v)
            for s in range(max_size, 0, -1):
                ways[s, v:] += ways[s - 1, :total + 1 - v]
        return ways

    def monte_carlo_tolerance(p_exact, permutations=999):
        # Zila's p = (count + 1) / (R + 1): 5 standard errors of the count plus the +1 offset.
        return 5 * math.sqrt(max(p_exact * (1 - p_exact), 1e-4) / permutations) + 1.0 / (permutations + 1)

    def bh(p):
        m = len(p)
        order = np.argsort(p, kind="stable")
        q = np.empty(m)
        running = 1.0
        for rank in range(m, 0, -1):
            i = order[rank - 1]
            running = min(running, p[i] * m / rank)
            q[i] = running
        return q

    def classify(z, p, value):
        level = 3 if p <= 0.01 else 2 if p <= 0.05 else 1 if p <= 0.10 else 0
        if level == 0 or z == 0:
            return "not_significant"
        if z > 0:
            return "hot_neighbourhood_0" if value == 0 else f"hot_{[0, 90, 95, 99][level]}"
        return f"cold_{[0, 90, 95, 99][level]}"

    compared = {"gi": 0, "gi_perm": 0, "moran": 0, "moran_perm": 0}
    for bin_ in ("year", "quarter"):
        periods, gi_rows = report("gistar", bin_)
        _, fdr_rows = report("gistar", bin_, "--fdr")
        _, moran_rows = report("moran", bin_)
        for t, period in enumerate(periods):
            rows = gi_rows[t]
            x = np.array([float(r["value"]) for r in rows])
            for i, r in enumerate(rows):
                check(int(r["neighbours"]) == len(neighbours[i]),
                      f"{names[i]}: Zila has {r['neighbours']} queen neighbours, libpysal {len(neighbours[i])}")
            mean = x.mean()
            spread = math.sqrt((x * x).mean() - mean * mean)
            size = np.array([len(nb) + 1 for nb in neighbours])  # binary weights, self included
            local_sum = np.array([x[i] + x[nb].sum() for i, nb in enumerate(neighbours)])
            deviation = local_sum - mean * size
            if spread > 0:
                z = deviation / (spread * np.sqrt((n * size - size * size) / (n - 1)))
            else:
                z = np.zeros(n)
            p_normal = np.array([math.erfc(abs(v) / math.sqrt(2)) for v in z])
            ways = subset_sum_counts(x, int(size.max()))
            sums = np.arange(ways.shape[1])
            p_fdr = bh(p_normal)
            for i, r in enumerate(rows):
                where = f"Gi* {bin_} {period} {names[i]}"
                check(abs(float(r["gi_z"]) - z[i]) <= 6e-5, f"{where}: z {r['gi_z']} vs {z[i]:.5f}")
                check(math.isclose(float(r["gi_p_analytic"]), p_normal[i], rel_tol=2e-5, abs_tol=1e-12),
                      f"{where}: normal p {r['gi_p_analytic']} vs {p_normal[i]:.6g}")
                check(float(r["gi_p"]) == float(r["gi_p_analytic"]), f"{where}: class p is not the analytic p")
                check(r["gi_class"] == classify(z[i], p_normal[i], x[i]),
                      f"{where}: class {r['gi_class']} vs {classify(z[i], p_normal[i], x[i])}")
                f = fdr_rows[t][i]
                check(math.isclose(float(f["gi_p"]), p_fdr[i], rel_tol=2e-5, abs_tol=1e-12),
                      f"{where}: FDR p {f['gi_p']} vs {p_fdr[i]:.6g}")
                check(f["gi_class"] == classify(z[i], p_fdr[i], x[i]), f"{where}: FDR class {f['gi_class']}")
                compared["gi"] += 1
                if spread == 0 or z[i] == 0:
                    check(float(r["gi_p_sim"]) == 1.0, f"{where}: permutation p {r['gi_p_sim']} where nothing varies")
                    continue
                m = size[i]
                extreme = np.abs(sums - mean * m) >= abs(deviation[i]) - 1e-9
                p_exact = ways[m, extreme].sum() / math.comb(n, m)
                p_sim = float(r["gi_p_sim"])
                check(abs(p_sim - p_exact) <= monte_carlo_tolerance(p_exact),
                      f"{where}: permutation p {p_sim} vs exact {p_exact:.4f}")
                compared["gi_perm"] += 1

            # Local Moran: row-standardised weights (no self), population standard deviation.
            rows = moran_rows[t]
            if spread == 0:
                for r in rows:
                    check(float(r["moran_p_sim"]) == 1.0, f"Moran {bin_} {period}: p {r['moran_p_sim']} in a constant period")
                continue
            zs = (x - mean) / spread
            lag = np.array([zs[nb].mean() for nb in neighbours])
            local_i = zs * lag
            others_ways = {}
            for i, r in enumerate(rows):
                where = f"Moran {bin_} {period} {names[i]}"
                check(abs(float(r["moran_i"]) - local_i[i]) <= 6e-5, f"{where}: I {r['moran_i']} vs {local_i[i]:.5f}")
                compared["moran"] += 1
                if local_i[i] == 0:
                    check(float(r["moran_p_sim"]) == 1.0, f"{where}: p {r['moran_p_sim']} for I = 0")
                    continue
                k = len(neighbours[i])
                if x[i] not in others_ways:  # the other n - 1 values depend only on x_i
                    others = list(x)
                    others.remove(x[i])
                    others_ways[x[i]] = subset_sum_counts(others, int(size.max()))
                ways_i = others_ways[x[i]]
                sums_i = np.arange(ways_i.shape[1])
                observed = x[neighbours[i]].sum()
                side = sums_i >= observed - 1e-9 if lag[i] > 0 else sums_i <= observed + 1e-9
                p_exact = ways_i[k, side].sum() / math.comb(n - 1, k)
                p_sim = float(r["moran_p_sim"])
                check(abs(p_sim - p_exact) <= monte_carlo_tolerance(p_exact),
                      f"{where}: permutation p {p_sim} vs exact {p_exact:.4f}")
                compared["moran_perm"] += 1

    print(f"compared with libpysal queen weights + numpy on {n} PAK ADM2 districts: "
          f"{compared['gi']} Gi* z/p/classes (and FDR), {compared['gi_perm']} Gi* permutation p against the exact "
          f"randomisation p, {compared['moran']} Local Moran I, {compared['moran_perm']} Moran permutation p")
    if failures:
        print(f"FAIL: {len(failures)} disagreements; first ones:")
        for message in failures[:25]:
            print("  " + message)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
