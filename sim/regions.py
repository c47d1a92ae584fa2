"""Provinces and regencies as SIM names them (``Kab. Bangka``, ``Kota …``) found among Kemendagri's regions.

SIM has no region codes: a record names its province and its regency or city. The regency is found by its
name without the kind (``Bangka``), its kind (``Kab.``: kabupaten, ``Kota``: kota) and its province; where
the province's name is not recognised, a regency whose name and kind are unique in the country is found all
the same. Every record must lie in the area the user may change.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from foundation.scope import Area, Place
from libraries.models import Province, Regency

from . import vocabulary as v
from .names import province_key, regency_parts
from .records import Problem, Record


class Regions:
    """Every province and regency, read once (38 and 514 rows)."""

    def __init__(self):
        self.provinces = {province_key(name): code for code, name in Province.objects.values_list("code", "name")}
        self.province_names = dict(Province.objects.values_list("code", "name"))
        self.regencies: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
        self.regency_names: dict[str, tuple[str, str]] = {}
        for code, province, name, kind in Regency.objects.values_list("code", "province_id", "name", "kind"):
            self.regencies[(kind, regency_parts(name)[1])].append((code, province, kind))
            self.regency_names[code] = (name, kind)
        self._found: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def province(self, name: str) -> str | None:
        return self.provinces.get(province_key(name))

    def regency(self, province_name: str, regency_name: str) -> str | None:
        """The regency's code, or None when it is unknown or ambiguous."""
        found = self._found.get((province_name, regency_name))
        if found is None:
            province = self.province(province_name)
            kind, base = regency_parts(regency_name)
            kinds = [kind] if kind else ["kabupaten", "kota"]
            matches = [m for k in kinds for m in self.regencies.get((k, base), [])]
            in_province = [m for m in matches if m[1] == province]
            chosen = in_province if province else matches
            found = (province, chosen[0][0] if len(chosen) == 1 else None)
            self._found[(province_name, regency_name)] = found
        return found[1]


def place_regions(records: list[Record], area: Area, problems: list[Problem]) -> list[Record]:
    """Give each record its province and regency codes; the records that lie inside ``area``.

    A region that is unknown, or outside the area, is one problem per file (its first row, and how many rows).
    """
    regions = Regions()
    placed, outside = [], defaultdict(list)
    for record in records:
        if record.location is not None:
            province_name, regency_name = record.location.province, record.location.regency
            field = "kabupaten_kota" if record.kind == v.RecordType.IKU else "kabupaten_name"
        else:
            province_name, regency_name = record.region
            field = "kabupaten_name"
        if regency_name:
            code = regions.regency(province_name, regency_name)
            if code is None:
                problems.append(
                    Problem(record.file, record.row, field, str(_("unknown regency/city")), regency_name[:100])
                )
                continue
            record.regency_code, record.province_code = code, code.split(".")[0]
            where = Place.of_region(regency=code)
        else:
            code = regions.province(province_name)
            if code is None:
                problems.append(
                    Problem(record.file, record.row, "provinsi_nama", str(_("unknown province")), province_name[:100])
                )
                continue
            record.province_code = code
            where = Place.of_region(province=code)
        if not area.covers(where):
            outside[(record.file, record.regency_code or record.province_code)].append(record)
            continue
        placed.append(record)
    for (file, code), rows in outside.items():
        name = regions.regency_names[code][0] if "." in code else regions.province_names[code]
        first = rows[0]
        problems.append(
            Problem(
                file,
                first.row,
                "kabupaten_name" if "." in code else "provinsi_nama",
                str(
                    _("%(place)s lies outside the area you may change (%(count)s rows).")
                    % {"place": name, "count": len(rows)}
                ),
                name,
            )
        )
    return placed
