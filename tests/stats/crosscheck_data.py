"""What the cross-checks share: their real inputs (New America's drone strikes, every row an operation,
on PAK ADM2 with the project's alias table) and running `zila report` over them into a CSV."""
import csv
import os
import subprocess
import tempfile

SKIP = 77  # the exit status ctest reads as "skipped" (SKIP_RETURN_CODE)


class RealData:
    def __init__(self, shared, geodata):
        self.events = os.path.join(shared, "events/real/pak_drone_strikes_newamerica_2004-2018.csv")
        self.adm2 = os.path.join(shared, "geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson")
        self.aliases = os.path.join(geodata, "aliases.csv")


def real_data(shared, geodata):
    """The inputs, or None after a SKIPPED line when the shared folder is absent; a missing file fails."""
    if not os.path.isdir(shared):
        print(f"SKIPPED: the shared real-data folder {shared} is absent")
        return None
    data = RealData(shared, geodata)
    for path in (data.events, data.adm2):
        if not os.path.exists(path):
            raise SystemExit(f"FAIL: {path} is missing from {shared}")
    return data


def report_rows(zila, data, bin_, *extra):
    """The rows of `zila report` on the real inputs binned by `bin_` with `extra` flags, as dicts."""
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as out:
        path = out.name
    try:
        subprocess.run([zila, "report", "-q", "--events", data.events, "--boundaries", data.adm2, "--aliases",
                        data.aliases, "--default-category", "operation", "--bin", bin_, "--out", path, *extra],
                       check=True)
        with open(path, newline="") as f:
            return list(csv.DictReader(f))
    finally:
        os.unlink(path)
