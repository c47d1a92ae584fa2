"""A regency's records given back in SIM TPBIS's format: one JSON file per record type, SIM's fields in SIM's order.

``pelibatan1901.json`` and its siblings, each ``{"status": true, "data": [ … ]}`` as SIM's API writes them, so
that SIM can take the portal's records in, and importing an export here reproduces the same records. The
records of the months asked for (dated records by their date, snapshots and visitors by their month, a
replication programme by its year); the official scores as the portal holds them. Seven queries whatever
the number of records.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from activities.choices import Strategy
from activities.models import Activity, AttachmentLink, Replication, ServiceSnapshot
from foundation.months import next_month, parse_period
from libraries.choices import LibraryLevel
from libraries.models import Library, Regency
from reports.choices import ReportStatus
from reports.models import MonthlyReport, SimScore

from . import vocabulary as v
from .names import sim_regency_name

DASH = " - "
#: The longest range one export covers.
MAX_MONTHS = 60


def parse_range(text: str) -> tuple[dt.date, dt.date]:
    """``2026-01`` or ``2026-01..2026-03`` → (first month, last month); ValueError for anything else."""
    first, _sep, last = str(text).partition("..")
    start, end = parse_period(first.strip()), parse_period((last or first).strip())
    if start.year < 2000 or end.year > 2100 or end < start:
        raise ValueError(text)
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        raise ValueError(text)
    return start, end


def file_name(kind: str, regency_code: str) -> str:
    return f"{kind}{regency_code.replace('.', '')}.json"


def _number(value):
    """Whole amounts as integers, others as decimals (``50`` rather than ``50.00``), as SIM writes them."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Export:
    def __init__(self, regency: Regency, first: dt.date, last: dt.date):
        self.regency, self.first, self.end = regency, first.replace(day=1), next_month(last.replace(day=1))
        self.province = regency.province.name
        self.regency_name = sim_regency_name(regency.name, regency.kind)
        libraries = Library.objects.filter(regency_id=regency.code).select_related("district", "village")
        self.places = {library.pk: self._place(library) for library in libraries}

    def _place(self, library: Library) -> dict:
        if library.village_id:
            district, village = library.district.name if library.district else DASH, library.village.name
        else:
            district = village = DASH
        return {
            "perpus_nama": library.name,
            "provinsi_name": self.province,
            "kabupaten_name": self.regency_name,
            "kecamatan_name": district,
            "desa_name": village,
            "level": library.level,
        }

    def files(self) -> dict[str, dict]:
        """``{file name: {"status": true, "data": [...]}}`` for every record type."""
        data = {
            **self._activities(),
            v.RecordType.PENINGKATAN: self._snapshots(),
            v.RecordType.PENGUNJUNG: self._visitors(),
            v.RecordType.REPLIKASI: self._replications(),
            v.RecordType.IKU: self._scores(),
        }
        return {
            file_name(kind, self.regency.code): {"status": True, "data": data[kind]} for kind in v.RecordType.values
        }

    def _row(self, kind: str, library_id: int, **values) -> dict:
        values.update({k: val for k, val in self.places[library_id].items() if k != "level"})
        return {name: values.get(name) for name in v.FIELDS[kind]}

    def _activities(self) -> dict[str, list]:
        kinds = {
            Strategy.COMMUNITY_ENGAGEMENT: v.RecordType.PELIBATAN,
            Strategy.ADVOCACY: v.RecordType.ADVOKASI,
            Strategy.MEDIA_PUBLICATION: v.RecordType.PUBLIKASI,
        }
        chosen = {"strategy__in": list(kinds), "date__gte": self.first, "date__lt": self.end}
        activities = Activity.objects.filter(library__regency_id=self.regency.code, **chosen).order_by("date", "pk")
        links = defaultdict(list)
        in_regency = AttachmentLink.objects.filter(
            activity__library__regency_id=self.regency.code, **{f"activity__{k}": val for k, val in chosen.items()}
        )
        for activity, url in in_regency.order_by("pk").values_list("activity_id", "url"):
            links[activity].append(url)
        rows = {kind: [] for kind in kinds.values()}
        for a in activities:
            kind = kinds[a.strategy]
            common = {
                "tanggal": a.date.isoformat(),
                "tanggal_input": a.entered_on.isoformat(),
                "is_verified": v.is_verified(a.verification),
            }
            attachment = ",".join(links.get(a.pk, [])) or None
            if kind == v.RecordType.PELIBATAN:
                row = self._row(
                    kind,
                    a.library_id,
                    nama_kegiatan=a.title,
                    bidang_kegiatan=v.FIELD.sim(a.field) or None,
                    jenis=v.EVENT_KIND.sim(a.event_kind) or None,
                    sasaran=v.TARGET_GROUP.sim(a.target_group) or None,
                    jumlah_peserta=a.participants,
                    attachment=attachment,
                    **common,
                )
            elif kind == v.RecordType.ADVOKASI:
                row = self._row(
                    kind,
                    a.library_id,
                    judul=a.title,
                    sasaran=[v.ADVOCACY_TARGET.sim(t) for t in a.targets or []],
                    hasil=v.ADVOCACY_RESULT.sim(a.result) or None,
                    hasil_regulasi=v.REGULATION_KIND.sim(a.regulation_kind) or "-",
                    attachment=attachment,
                    nominal=_number(a.amount) or 0,
                    jumlah_narasumber=a.resource_persons or 0,
                    jumlah_barang=a.goods or 0,
                    tanggal_terbit=a.issued_on.isoformat() if a.issued_on else None,
                    **common,
                )
            else:
                row = self._row(
                    kind,
                    a.library_id,
                    judul=a.title,
                    jenis_publikasi=v.PUBLICATION_KIND.sim(a.publication_kind) or None,
                    nama_media=a.media_outlet or None,
                    link=a.media_link or None,
                    **common,
                )
            rows[kind].append(row)
        return rows

    def _snapshots(self) -> list[dict]:
        snapshots = ServiceSnapshot.objects.filter(
            library__regency_id=self.regency.code, period__gte=self.first, period__lt=self.end
        ).order_by("period", "entered_on", "pk")
        return [
            self._row(
                v.RecordType.PENINGKATAN,
                s.library_id,
                bulan=v.MONTHS_ID[s.period.month - 1],
                tahun=str(s.period.year),
                jumlah_buku=s.books,
                jumlah_buku_digital=s.digital_books,
                jumlah_komputer=s.computers,
                bandwidth=_number(s.bandwidth_mbps),
                tanggal_input=s.entered_on.isoformat(),
                is_verified=v.is_verified(s.verification),
            )
            for s in snapshots
        ]

    def _visitors(self) -> list[dict]:
        reports = (
            MonthlyReport.objects.filter(
                library__regency_id=self.regency.code, period__gte=self.first, period__lt=self.end
            )
            .exclude(status=ReportStatus.DRAFT)
            .order_by("period", "library_id")
        )
        return [
            self._row(
                v.RecordType.PENGUNJUNG,
                r.library_id,
                periode=f"{v.MONTHS_EN[r.period.month - 1]} {r.period.year}",
                pengunjung_laki=r.visitors_male,
                pengunjung_perempuan=r.visitors_female,
                total_pengunjung=r.visitors,
            )
            for r in reports
        ]

    def _replications(self) -> list[dict]:
        replications = Replication.objects.filter(
            regency_id=self.regency.code, year__gte=self.first.year, year__lte=(self.end - dt.timedelta(days=1)).year
        ).order_by("entered_on", "pk")
        return [
            {
                "provinsi_nama": self.province,
                "kabupaten_name": self.regency_name,
                "dana": _number(r.funds),
                "sumber_dana": r.funding_source_other or v.FUNDING_SOURCE.sim(r.funding_source) or None,
                "jumlah_desa": r.villages,
                "tanggal_input": r.entered_on.isoformat(),
                "is_verified": v.is_verified(r.verification),
            }
            for r in replications
        ]

    def _scores(self) -> list[dict]:
        scores = SimScore.objects.filter(library__regency_id=self.regency.code).order_by("library_id")
        rows = []
        for s in scores:
            place = self.places[s.library_id]
            rows.append(
                {
                    "nama_perpustakaan": place["perpus_nama"],
                    "provinsi": self.province,
                    "kabupaten_kota": self.regency_name,
                    "desa_kelurahan": "-" if place["level"] == LibraryLevel.REGENCY else place["desa_name"].strip(),
                    "skor": _number(s.score) if s.score is not None else "-",
                }
            )
        return rows


def export_files(regency: Regency, first: dt.date, last: dt.date) -> dict[str, bytes]:
    """Each file's name and its JSON, as SIM's API writes it (UTF-8, not escaped)."""
    files = Export(regency, first, last).files()
    return {name: json.dumps(document, ensure_ascii=False).encode() for name, document in files.items()}


def write_dir(directory: Path, files: dict[str, bytes]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (directory / name).write_bytes(content)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
