"""SIM TPBIS's words and the portal's: record types, their fields in SIM's order, and every vocabulary mapped.

One table per SIM field, read both ways: importing looks a SIM value up by its key (``key``: lower case, without
spaces or punctuation, so ``Petani/Nelayan``, ``petani nelayan`` and ``PETANI-NELAYAN`` are one), exporting
writes the first SIM spelling of the portal's value. The portal's own values are accepted too, so that a
spreadsheet written by hand in the portal's words imports as well.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.choices import (
    AdvocacyResult,
    AdvocacyTarget,
    EngagementField,
    EventKind,
    PublicationKind,
    RegulationKind,
    TargetGroup,
    Verification,
)
from libraries.choices import FundingSource, LibraryLevel


class RecordType(models.TextChoices):
    """SIM's record types, named as SIM names its files (``pelibatan1901.json``)."""

    PELIBATAN = "pelibatan", _("Community engagement")
    ADVOKASI = "advokasi", _("Advocacy")
    PUBLIKASI = "publikasi", _("Publication")
    PENINGKATAN = "peningkatan", _("Service improvement")
    PENGUNJUNG = "pengunjung", _("Visitors")
    REPLIKASI = "replikasi", _("Self-funded replication")
    IKU = "iku", _("SIM score")


PLACE_FIELDS = ["perpus_nama", "provinsi_name", "kabupaten_name", "kecamatan_name", "desa_name"]

#: Every record type's fields in SIM's own order (the export writes them so).
FIELDS: dict[str, list[str]] = {
    RecordType.PELIBATAN: [
        "tanggal",
        "nama_kegiatan",
        *PLACE_FIELDS,
        "bidang_kegiatan",
        "jenis",
        "sasaran",
        "jumlah_peserta",
        "attachment",
        "tanggal_input",
        "is_verified",
    ],
    RecordType.ADVOKASI: [
        *PLACE_FIELDS,
        "tanggal",
        "judul",
        "sasaran",
        "hasil",
        "hasil_regulasi",
        "attachment",
        "nominal",
        "jumlah_narasumber",
        "jumlah_barang",
        "tanggal_terbit",
        "tanggal_input",
        "is_verified",
    ],
    RecordType.PUBLIKASI: [
        *PLACE_FIELDS,
        "tanggal",
        "judul",
        "jenis_publikasi",
        "nama_media",
        "link",
        "tanggal_input",
        "is_verified",
    ],
    RecordType.PENINGKATAN: [
        *PLACE_FIELDS,
        "bulan",
        "tahun",
        "jumlah_buku",
        "jumlah_buku_digital",
        "jumlah_komputer",
        "bandwidth",
        "tanggal_input",
        "is_verified",
    ],
    RecordType.PENGUNJUNG: [
        "periode",
        *PLACE_FIELDS,
        "pengunjung_laki",
        "pengunjung_perempuan",
        "total_pengunjung",
    ],
    RecordType.REPLIKASI: [
        "provinsi_nama",
        "kabupaten_name",
        "dana",
        "sumber_dana",
        "jumlah_desa",
        "tanggal_input",
        "is_verified",
    ],
    RecordType.IKU: ["nama_perpustakaan", "provinsi", "kabupaten_kota", "desa_kelurahan", "skor"],
}

#: The fields that tell a record type apart from the others (a file is recognised by them, not by its name).
SIGNATURES: dict[str, frozenset[str]] = {
    RecordType.PELIBATAN: frozenset({"nama_kegiatan", "jumlah_peserta"}),
    RecordType.ADVOKASI: frozenset({"judul", "hasil"}),
    RecordType.PUBLIKASI: frozenset({"judul", "jenis_publikasi"}),
    RecordType.PENINGKATAN: frozenset({"bulan", "tahun", "jumlah_buku"}),
    RecordType.PENGUNJUNG: frozenset({"periode", "total_pengunjung"}),
    RecordType.REPLIKASI: frozenset({"dana", "jumlah_desa"}),
    RecordType.IKU: frozenset({"nama_perpustakaan", "skor"}),
}

#: Fields a file may leave out (SIM shows them empty, ``"-"`` or null often enough).
OPTIONAL: dict[str, frozenset[str]] = {
    RecordType.PELIBATAN: frozenset({"attachment", "sasaran", "bidang_kegiatan", "jenis", "is_verified"}),
    RecordType.ADVOKASI: frozenset(
        {
            "attachment",
            "hasil_regulasi",
            "nominal",
            "jumlah_narasumber",
            "jumlah_barang",
            "tanggal_terbit",
            "sasaran",
            "is_verified",
        }
    ),
    RecordType.PUBLIKASI: frozenset({"nama_media", "link", "is_verified"}),
    RecordType.PENINGKATAN: frozenset({"jumlah_buku_digital", "jumlah_komputer", "bandwidth", "is_verified"}),
    RecordType.PENGUNJUNG: frozenset({"pengunjung_laki", "pengunjung_perempuan"}),
    RecordType.REPLIKASI: frozenset({"sumber_dana", "is_verified"}),
    RecordType.IKU: frozenset(),
}

#: Fields holding a list (JSON); in CSV and XLSX the items are written comma-separated.
LIST_FIELDS = {(RecordType.ADVOKASI, "sasaran")}


def key(text) -> str:
    """What two spellings of one word share: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", str(text or "").lower())


class Vocabulary:
    """One SIM field's values and the portal's choices, both ways."""

    def __init__(self, pairs: list[tuple[str, str]], choices=None):
        self.to_portal: dict[str, str] = {}
        self.to_sim: dict[str, str] = {}
        self._seen: dict[str, str | None] = {}
        for sim_value, portal_value in pairs:
            self.to_portal.setdefault(key(sim_value), portal_value)
            self.to_sim.setdefault(portal_value, sim_value)
        for value in choices.values if choices is not None else []:
            self.to_portal.setdefault(key(value), value)

    def portal(self, value) -> str | None:
        """The portal's value for a SIM value; None when unknown."""
        found = self._seen.get(value)
        if found is None:
            found = self._seen[value] = self.to_portal.get(key(value))
        return found

    def sim(self, value: str) -> str:
        return self.to_sim.get(value, "")

    @property
    def sim_values(self) -> list[str]:
        return list(dict.fromkeys(self.to_sim.values()))


FIELD = Vocabulary(
    [
        ("Ekonomi", EngagementField.ECONOMY),
        ("Pendidikan", EngagementField.EDUCATION),
        ("Kesehatan", EngagementField.HEALTH),
        ("Olahraga", EngagementField.SPORT),
        ("Seni Budaya", EngagementField.ARTS_CULTURE),
        ("Pertanian", EngagementField.AGRICULTURE),
        ("Inklusi Digital", EngagementField.DIGITAL_INCLUSION),
        ("Lainnya", EngagementField.OTHER),
    ],
    EngagementField,
)
EVENT_KIND = Vocabulary([("Pelatihan", EventKind.TRAINING), ("Promosi", EventKind.PROMOTION)], EventKind)
TARGET_GROUP = Vocabulary(
    [
        ("Anak-Anak", TargetGroup.CHILDREN),
        ("Umum", TargetGroup.GENERAL),
        ("Pelajar", TargetGroup.PUPILS),
        ("Mahasiswa", TargetGroup.UNIVERSITY_STUDENTS),
        ("Lansia", TargetGroup.ELDERLY),
        ("Pelaku UMKM", TargetGroup.MSME),
        ("Petani/Nelayan", TargetGroup.FARMERS),
        ("UMKM", TargetGroup.MSME),
        ("Petani", TargetGroup.FARMERS),
        ("Nelayan", TargetGroup.FARMERS),
        # The portal's own groups that SIM does not have are the general public there.
        ("Umum", TargetGroup.YOUTH),
        ("Umum", TargetGroup.WOMEN),
        ("Umum", TargetGroup.DISABLED),
    ],
    TargetGroup,
)
ADVOCACY_TARGET = Vocabulary(
    [
        ("Perangkat Daerah", AdvocacyTarget.REGIONAL_GOVERNMENT),
        ("Swasta", AdvocacyTarget.PRIVATE_SECTOR),
        ("Kepala Desa", AdvocacyTarget.VILLAGE_HEAD),
        ("Lainnya", AdvocacyTarget.OTHER),
        ("OPD", AdvocacyTarget.REGIONAL_GOVERNMENT),
        ("Kepala Desa/Lurah", AdvocacyTarget.VILLAGE_HEAD),
        ("Lurah", AdvocacyTarget.VILLAGE_HEAD),
    ],
    AdvocacyTarget,
)
ADVOCACY_RESULT = Vocabulary(
    [
        ("Dana", AdvocacyResult.FUNDS),
        ("NonDana", AdvocacyResult.NON_FUNDS),
        ("Regulasi", AdvocacyResult.REGULATION),
    ],
    AdvocacyResult,
)
REGULATION_KIND = Vocabulary(
    [
        ("Peraturan Kepala Desa/Lurah", RegulationKind.VILLAGE_HEAD_REGULATION),
        ("Lainnya", RegulationKind.OTHER),
        ("Peraturan Desa", RegulationKind.VILLAGE_REGULATION),
        ("Keputusan Kepala Desa", RegulationKind.VILLAGE_HEAD_DECREE),
        ("Peraturan Bupati/Walikota", RegulationKind.REGIONAL_HEAD_REGULATION),
        ("Peraturan Daerah", RegulationKind.REGIONAL_REGULATION),
        ("MoU/PKS", RegulationKind.AGREEMENT),
        ("Perdes", RegulationKind.VILLAGE_REGULATION),
        ("Peraturan Kepala Desa", RegulationKind.VILLAGE_HEAD_REGULATION),
        ("Peraturan Lurah", RegulationKind.VILLAGE_HEAD_REGULATION),
        ("SK Kepala Desa", RegulationKind.VILLAGE_HEAD_DECREE),
        ("Peraturan Bupati", RegulationKind.REGIONAL_HEAD_REGULATION),
        ("Peraturan Walikota", RegulationKind.REGIONAL_HEAD_REGULATION),
        ("Peraturan Wali Kota", RegulationKind.REGIONAL_HEAD_REGULATION),
        ("Peraturan Gubernur", RegulationKind.REGIONAL_HEAD_REGULATION),
        ("Perda", RegulationKind.REGIONAL_REGULATION),
        ("MoU", RegulationKind.AGREEMENT),
        ("PKS", RegulationKind.AGREEMENT),
        ("Perjanjian Kerja Sama", RegulationKind.AGREEMENT),
        ("Nota Kesepahaman", RegulationKind.AGREEMENT),
    ],
    RegulationKind,
)
PUBLICATION_KIND = Vocabulary(
    [
        ("Media Cetak", PublicationKind.PRINT),
        ("Media Online", PublicationKind.ONLINE),
        ("Media Elektronik", PublicationKind.ELECTRONIC),
        ("Cetak", PublicationKind.PRINT),
        ("Online", PublicationKind.ONLINE),
        ("Elektronik", PublicationKind.ELECTRONIC),
    ],
    PublicationKind,
)
#: Known sources; any other is kept as the "other" source's text.
FUNDING_SOURCE = Vocabulary(
    [
        ("APBD", FundingSource.APBD),
        ("APBN", FundingSource.APBN),
        ("Dana Desa", FundingSource.DANA_DESA),
        ("Lainnya", FundingSource.OTHER),
        ("DD", FundingSource.DANA_DESA),
        ("APBDes", FundingSource.DANA_DESA),
    ],
    FundingSource,
)

VERIFIED = "Sudah Diverifikasi"
UNVERIFIED = "Belum Diverifikasi"


def verification(value) -> str:
    """SIM's ``is_verified``: "Sudah Diverifikasi" is verified, anything else waits for verification."""
    if value == VERIFIED:
        return Verification.VERIFIED
    return Verification.VERIFIED if key(value) == key(VERIFIED) else Verification.UNVERIFIED


def is_verified(value: str) -> str:
    return VERIFIED if value == Verification.VERIFIED else UNVERIFIED


#: ``bulan`` of a snapshot: Indonesian month names (and their usual short forms).
MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
#: ``periode`` of visitors: English month abbreviations, as SIM writes them ("Jan 2026").
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_NUMBER: dict[str, int] = {}
for _number, (_id, _en) in enumerate(zip(MONTHS_ID, MONTHS_EN, strict=True), start=1):
    for _spelling in (_id, _en, _id[:3], str(_number), f"{_number:02d}"):
        MONTH_NUMBER.setdefault(key(_spelling), _number)
for _spelling, _number in (("Agt", 8), ("Agu", 8), ("Okt", 10), ("Des", 12), ("Pebruari", 2), ("Nopember", 11)):
    MONTH_NUMBER.setdefault(key(_spelling), _number)

#: What SIM writes for "none": an empty cell, a dash.
EMPTY = frozenset({"", "-"})


def level_of(name_key: str) -> str:
    """A library SIM names but the portal does not know yet: a reading park (TBM) by its name, else a village's."""
    if "tamanbacaan" in name_key or name_key.startswith("tbm"):
        return LibraryLevel.TBM
    if "pojokbaca" in name_key:
        return LibraryLevel.READING_CORNER
    return LibraryLevel.VILLAGE
