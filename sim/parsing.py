"""Every row of a SIM TPBIS file checked and turned into the portal's values, or the problems with it.

A row becomes a ``Record``: where it is (a library as SIM names it, or a region for a replication
programme), the values of the portal's fields, the evidence links, and the parts of its identity (what
finds it again on the next import: ``sim.plan``). Each problem names the file, the row and the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.choices import RecordSource, Strategy
from foundation.importing import Invalid, TableImport

from . import vocabulary as v
from .files import MAX_CELL, SimFile, list_value
from .names import is_empty, joined
from .records import Location, Problem, Record

MAX_INT = 2**31 - 1
MAX_RUPIAH = 10**15 - 1


class Row:
    """One row's values read field by field; each problem is kept with the file, row and field."""

    today = dt.date.min

    def __init__(self, file: SimFile, number: int, values: dict, problems: list[Problem]):
        self.file, self.number, self.values, self.problems = file, number, values, problems
        self.ok = True

    def problem(self, name: str, message, value="") -> None:
        self.ok = False
        self.problems.append(Problem(self.file.name, self.number, name, str(message), str(value)[:100]))

    def raw(self, name: str):
        value = self.values.get(name)
        if isinstance(value, dict) or (isinstance(value, list) and (self.file.kind, name) not in v.LIST_FIELDS):
            self.problem(name, _("expected a single value"))
            return None
        return value

    def take(self, name: str, parse, *args, required: bool = False, **kwargs):
        value = self.raw(name)
        if isinstance(value, bool):
            self.problem(name, _("expected a value, not true/false"), value)
            return None
        if required and is_empty(value):
            self.problem(name, _("missing required value"))
            return None
        if is_empty(value):
            return None
        try:
            return parse(value, *args, **kwargs)
        except Invalid as exc:
            self.problem(name, exc, value)
            return None

    def text(self, name: str, limit: int, required: bool = False) -> str:
        value = self.take(name, TableImport.text, required=required) or ""
        value = " ".join(value.split())
        if len(value) > limit:
            self.problem(name, _("longer than %(max)s characters") % {"max": limit}, value)
        return value

    def choice(self, name: str, vocabulary: v.Vocabulary, required: bool = False) -> str:
        value = self.take(name, TableImport.text, required=required)
        if value is None:
            return ""
        found = vocabulary.portal(value)
        if found is None:
            self.problem(
                name, _("unknown value; SIM's values are: %(values)s") % {"values": _listed(vocabulary)}, value
            )
            return ""
        return found

    def integer(self, name: str, maximum: int = MAX_INT, required: bool = False) -> int | None:
        value = self.values.get(name)
        if type(value) is int and 0 <= value <= maximum:  # as SIM's JSON gives it: nothing to parse
            return value
        return self.take(name, TableImport.integer, 0, maximum, required=required)

    def date(self, name: str, required: bool = False) -> dt.date | None:
        value = self.values.get(name)
        if type(value) is str and len(value) == 10:  # SIM's YYYY-MM-DD
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = None
            if day is not None and day <= self.today:
                return day
        return self.take(name, TableImport.date, required=required)


def _listed(vocabulary: v.Vocabulary) -> str:
    return ", ".join(vocabulary.sim_values)


def check_cells(row: Row) -> None:
    """Values no SIM export holds: too long, or with a NUL character (which no database stores)."""
    for name, value in row.values.items():
        items = value if type(value) is list else (value,)
        for item in items:
            if type(item) is str and (len(item) > MAX_CELL or "\x00" in item):
                row.problem(str(name)[:50], _("longer than %(max)s characters or not text") % {"max": MAX_CELL})
                break


#: The fields naming a library and its place: in every record type, and in the scores (``iku``, no district).
PLACE_NAMES = {
    False: ("perpus_nama", "provinsi_name", "kabupaten_name", "kecamatan_name", "desa_name"),
    True: ("nama_perpustakaan", "provinsi", "kabupaten_kota", None, "desa_kelurahan"),
}


def location(row: Row) -> Location:
    names = PLACE_NAMES[row.file.kind == v.RecordType.IKU]
    library = row.text(names[0], 200, required=True)
    province = row.text(names[1], 100, required=True)
    regency = row.text(names[2], 100, required=True)
    district = None if names[3] is None else row.text(names[3], 100)
    village = row.text(names[4], 100)
    district = None if district is None else ("" if is_empty(district) else district)
    village = "" if is_empty(village) else village
    if village and district == "":
        row.problem(names[3], _("missing required value"))
    return Location(library, province, regency, district, village)


def attachments(row: Row, name: str) -> list[str]:
    value = row.raw(name)
    if is_empty(value):
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    links = [str(item).strip() for item in items if not is_empty(item)]
    if any(len(link) > 500 for link in links):
        row.problem(name, _("an address is longer than 500 characters"))
    return links


def entered_and_verification(row: Row) -> dict:
    return {
        "entered_on": row.date("tanggal_input", required=True),
        "verification": v.verification(row.raw("is_verified")),
        "source": RecordSource.SIM,
    }


def dated(row: Row, title_field: str, strategy: str) -> dict:
    return {
        "strategy": strategy,
        "date": row.date("tanggal", required=True),
        "title": row.text(title_field, 200, required=True),
        **entered_and_verification(row),
    }


def pelibatan(row: Row) -> dict:
    return {
        **dated(row, "nama_kegiatan", Strategy.COMMUNITY_ENGAGEMENT),
        "field": row.choice("bidang_kegiatan", v.FIELD),
        "event_kind": row.choice("jenis", v.EVENT_KIND),
        "target_group": row.choice("sasaran", v.TARGET_GROUP),
        "participants": row.integer("jumlah_peserta", required=True),
        "participants_male": None,
        "participants_female": None,
    }


def advokasi(row: Row) -> dict:
    targets = list_value(row.file.kind, "sasaran", row.raw("sasaran")) or []
    portal_targets = []
    for target in targets:
        found = v.ADVOCACY_TARGET.portal(target) if isinstance(target, str) else None
        if found is None:
            row.problem(
                "sasaran",
                _("unknown value; SIM's values are: %(values)s") % {"values": _listed(v.ADVOCACY_TARGET)},
                target,
            )
        elif found not in portal_targets:
            portal_targets.append(found)
    return {
        **dated(row, "judul", Strategy.ADVOCACY),
        "targets": portal_targets,
        "result": row.choice("hasil", v.ADVOCACY_RESULT),
        "regulation_kind": row.choice("hasil_regulasi", v.REGULATION_KIND),
        "amount": row.integer("nominal", MAX_RUPIAH),
        "resource_persons": row.integer("jumlah_narasumber"),
        "goods": row.integer("jumlah_barang"),
        "issued_on": row.date("tanggal_terbit"),
    }


def publikasi(row: Row) -> dict:
    link = row.text("link", 500)
    if link and not is_web_address(link):
        row.problem("link", _("not a web address"), link)
    return {
        **dated(row, "judul", Strategy.MEDIA_PUBLICATION),
        "publication_kind": row.choice("jenis_publikasi", v.PUBLICATION_KIND, required=True),
        "media_outlet": row.text("nama_media", 150),
        "media_link": link,
    }


def is_web_address(text: str) -> bool:
    """An address a browser opens: http(s), a host, no spaces (what ``URLField`` accepts, checked cheaply)."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in text


def month_in(row: Row, period: dt.date | None, name: str) -> dt.date | None:
    if period is not None and period > timezone.localdate().replace(day=1):
        row.problem(name, _("a month that has not started"), f"{period:%Y-%m}")
        return None
    return period


def peningkatan(row: Row) -> dict:
    month = row.take("bulan", lambda value: _month_number(value), required=True)
    year = row.integer("tahun", timezone.localdate().year, required=True)
    period = None
    if month and year:
        if year < 2000:
            row.problem("tahun", _("must be at least %(min)s") % {"min": 2000}, year)
        else:
            period = month_in(row, dt.date(year, month, 1), "bulan")
    return {
        "period": period,
        "books": row.integer("jumlah_buku", required=True),
        "digital_books": row.integer("jumlah_buku_digital") or 0,
        "computers": row.integer("jumlah_komputer") or 0,
        "bandwidth_mbps": row.take("bandwidth", TableImport.decimal, 0, Decimal("999999.99"), 2) or Decimal(0),
        **entered_and_verification(row),
    }


def pengunjung(row: Row) -> dict:
    period = month_in(row, row.take("periode", _period, required=True), "periode")
    male, female = row.integer("pengunjung_laki"), row.integer("pengunjung_perempuan")
    total = row.integer("total_pengunjung", required=True)
    if (male is None) != (female is None):
        row.problem(
            "pengunjung_laki" if male is None else "pengunjung_perempuan", _("give both men and women, or neither")
        )
    elif male is not None and total is not None and male + female != total:
        row.problem(
            "total_pengunjung", _("the men and women (%(split)s) do not add up to it") % {"split": male + female}, total
        )
    return {"period": period, "visitors": total, "visitors_male": male, "visitors_female": female}


def replikasi(row: Row) -> dict:
    source_text = row.text("sumber_dana", 100)
    source = v.FUNDING_SOURCE.portal(source_text) if source_text else ""
    other = ""
    if source is None:
        source, other = v.FUNDING_SOURCE.portal("Lainnya"), source_text
    values = {
        "funds": row.integer("dana", MAX_RUPIAH, required=True),
        "funding_source": source,
        "funding_source_other": other,
        "villages": row.integer("jumlah_desa", required=True),
        **entered_and_verification(row),
    }
    values["year"] = values["entered_on"].year if values["entered_on"] else None
    return values


def iku(row: Row) -> dict:
    return {"score": row.take("skor", TableImport.decimal, 0, 100, 2)}


PARSERS = {
    v.RecordType.PELIBATAN: pelibatan,
    v.RecordType.ADVOKASI: advokasi,
    v.RecordType.PUBLIKASI: publikasi,
    v.RecordType.PENINGKATAN: peningkatan,
    v.RecordType.PENGUNJUNG: pengunjung,
    v.RecordType.REPLIKASI: replikasi,
    v.RecordType.IKU: iku,
}
ATTACHMENTS = {v.RecordType.PELIBATAN: "attachment", v.RecordType.ADVOKASI: "attachment"}


def identity(kind: str, values: dict) -> tuple:
    """What finds a record again besides its type and place (``sim.plan`` adds the occurrence number)."""
    if kind in (v.RecordType.PELIBATAN, v.RecordType.ADVOKASI, v.RecordType.PUBLIKASI):
        return (values["date"].isoformat(), values["entered_on"].isoformat(), joined(values["title"]))
    if kind == v.RecordType.PENINGKATAN:
        return (values["period"].isoformat(), values["entered_on"].isoformat())
    if kind == v.RecordType.PENGUNJUNG:
        return (values["period"].isoformat(),)
    if kind == v.RecordType.REPLIKASI:
        return (values["entered_on"].isoformat(),)
    return ()


def parse(files: list[SimFile]) -> tuple[list[Record], list[Problem]]:
    records, problems = [], []
    Row.today = timezone.localdate()
    places: dict[tuple, Location] = {}  # many rows name the same library: read its names once
    for file in files:
        names = PLACE_NAMES[file.kind == v.RecordType.IKU]
        for number, values in file.rows:
            row = Row(file, number, values, problems)
            check_cells(row)
            if not row.ok:
                continue
            if file.kind == v.RecordType.REPLIKASI:
                place, region = None, (row.text("provinsi_nama", 100, required=True), row.text("kabupaten_name", 100))
                region = (region[0], "" if is_empty(region[1]) else region[1])
            else:
                raw = tuple(values.get(name) if name else None for name in names)
                cacheable = all(value is None or type(value) is str for value in raw)
                place = places.get(raw) if cacheable else None
                if place is None:
                    place = location(row)
                    if cacheable and row.ok:
                        places[raw] = place
                region = None
            parsed = PARSERS[file.kind](row)
            links = attachments(row, ATTACHMENTS[file.kind]) if file.kind in ATTACHMENTS else []
            if row.ok:
                records.append(
                    Record(file.kind, file.name, number, place, region, parsed, identity(file.kind, parsed), links)
                )
    return records, problems


def _month_number(value) -> int:
    number = v.MONTH_NUMBER.get(v.key(value))
    if number is None:
        raise Invalid(_("not a month name (Januari … Desember)"))
    return number


def _period(value) -> dt.date:
    """``"Jan 2026"`` (SIM), ``"2026-01"``, ``"Januari 2026"``, or a date cell of a spreadsheet → 1 January 2026."""
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    parts = str(value).replace("-", " ").replace("/", " ").split()
    if len(parts) == 2:
        first, second = parts
        year, month = (first, second) if len(first) == 4 else (second, first)
        number = v.MONTH_NUMBER.get(v.key(month))
        if year.isdigit() and number and 2000 <= int(year) <= 2100:
            return dt.date(int(year), number, 1)
    raise Invalid(_("not a month (SIM writes e.g. Jan 2026)"))
