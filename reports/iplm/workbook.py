"""The IPLM workbook a regency (or province) hands to the national library census.

Its layout is documented in docs/iplm.md and stays fixed: the sheet *IPLM* (caption lines, then one row per partner
library — NPP, library, level, regency/city, months reported, the figures — and the total), *Kelengkapan* (each
figure's completeness across the partners) and *Sumber* (where each figure comes from).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from foundation.spreadsheets import Field, Percent, add_sheet, new_workbook, workbook_bytes
from libraries.choices import LibraryLevel

from .figures import INDICATORS, KEYS
from .sources import SOURCES


def _caption(place, year: int, verified_only: bool) -> list[str]:
    reading = _("Verified only") if verified_only else _("Everything entered")
    return [
        _("IPLM contribution · %(place)s · %(year)s") % {"place": place.name, "year": year},
        _("Reading: %(reading)s. An empty cell: the library recorded no source of that figure in the year.")
        % {"reading": reading},
    ]


def _level(value: str) -> str:
    return str(LibraryLevel(value).label) if value in LibraryLevel.values else value


def library_workbook(place, year: int, verified_only: bool, rows: list[dict], total: dict) -> bytes:
    """The workbook of a regency's (or one library's) partners, one row each and the total."""
    headers = [
        _("NPP"),
        _("Library"),
        _("Level"),
        _("Regency/city code"),
        Field(_("Months reported")),
        *(str(indicator.label) for indicator in INDICATORS),
    ]
    lines = [
        [row["npp"], row["name"], _level(row["level"]), row["regency_id"], row["months_reported"]]
        + [row["figures"][key] for key in KEYS]
        for row in rows
    ]
    lines.append(
        [None, _("Total (%(n)s partners)") % {"n": total["partners"]}, None, place.regency_id or None, None]
        + [total["figures"][key] for key in KEYS]
    )
    return _workbook(place, year, verified_only, headers, lines, total)


def regency_workbook(place, year: int, verified_only: bool, rows: list[dict], total: dict) -> bytes:
    """The workbook of a province's (or the nation's) regencies/cities, their totals and the sum."""
    headers = [
        _("Regency/city code"),
        _("Regency/city"),
        Field(_("Partner libraries")),
        Field(_("With an NPP")),
        *(str(indicator.label) for indicator in INDICATORS),
    ]
    lines = [
        [row["code"], row["name"], row["partners"], row["with_npp"]] + [row["figures"][key] for key in KEYS]
        for row in rows
    ]
    lines.append([None, _("Total"), total["partners"], total["with_npp"]] + [total["figures"][key] for key in KEYS])
    return _workbook(place, year, verified_only, headers, lines, total)


def _workbook(place, year, verified_only, headers, lines, total) -> bytes:
    workbook = new_workbook()
    add_sheet(workbook, "IPLM", headers, lines, caption=_caption(place, year, verified_only))
    add_sheet(
        workbook,
        "Kelengkapan",
        [_("Figure"), Field(_("Partners with the figure")), Field(_("Partner libraries")), _("Completeness")],
        [
            [
                str(indicator.label),
                total["known"][indicator.key],
                total["partners"],
                None if total["completeness"][indicator.key] is None else Percent(total["completeness"][indicator.key]),
            ]
            for indicator in INDICATORS
        ],
    )
    add_sheet(
        workbook,
        "Sumber",
        [_("Figure"), _("IPLM indicator"), _("Source records"), _("How it is computed")],
        [
            [str(indicator.label), str(indicator.iplm), str(SOURCES[indicator.source][0]), str(indicator.how)]
            for indicator in INDICATORS
        ],
    )
    return workbook_bytes(workbook)
