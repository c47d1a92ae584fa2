"""Bulk import of libraries from CSV or XLSX: one validation path for the page and the command.

All or nothing: every row is checked first and every problem reported with its row number,
column and reason; only a file without errors is saved, in one transaction, with its history.
Regions, existing libraries and duplicates are looked up once per file, never per row, so a
10,000-row file takes seconds.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from foundation import bounds, phones
from foundation.counting import tables_changed
from foundation.importing import YES_NO, ImportResult, Invalid, TableImport
from foundation.scope import CHANGE, NATIONAL, VIEW, Place, scope_for
from foundation.spreadsheets import Column, FileError, RowError

from .choices import FundingSource, LibraryLevel, PartnerType
from .import_words import funding_sources, levels, partner_types, village_reference
from .models import Cohort, Library, Province, Regency, Village
from .models.library import VILLAGE_LEVELS

__all__ = ["FileError", "ImportResult", "LibraryImport", "RowError"]


TEXT_FIELDS = ["name", "address", "decree_number", "manager_name", "contact_phone"]
NPP = re.compile(r"[0-9A-Z.\-]{1,30}")


class LibraryImport(TableImport):
    columns = [
        Column("name", _("Library name"), True, _("e.g. Perpustakaan Desa Rebo"), ("nama", "nama_perpustakaan")),
        Column(
            "level",
            _("Level"),
            True,
            _("village, regency, province, tbm or reading_corner (or desa, kabupaten/kota, provinsi)"),
            ("tingkat", "jenis"),
            LibraryLevel.choices,
        ),
        Column(
            "province_code",
            _("Province code"),
            False,
            _("e.g. 19; needed for a provincial library"),
            ("kode_provinsi",),
        ),
        Column(
            "regency_code",
            _("Regency/city code"),
            False,
            _("e.g. 19.01; needed for a regency/city library"),
            ("kode_kabupaten", "kode_kabupaten_kota", "kode_kab_kota"),
        ),
        Column(
            "village_code",
            _("Village code"),
            False,
            _("Kemendagri code, e.g. 19.01.01.2007; needed for village libraries, TBM and reading corners"),
            ("kode_desa", "kode_desa_kelurahan", "kode_wilayah"),
        ),
        Column("address", _("Address"), False, "", ("alamat",)),
        Column("latitude", _("Latitude"), False, _("decimal degrees, e.g. -2.13"), ("lintang", "lat")),
        Column("longitude", _("Longitude"), False, _("decimal degrees, e.g. 106.11"), ("bujur", "lon", "lng")),
        Column(
            "cohort_year", _("Cohort year"), False, _("the year it joined, e.g. 2021"), ("tahun_bergabung", "angkatan")
        ),
        Column(
            "partner_type",
            _("Partner type"),
            False,
            _("full_support, book_aid or self_replication"),
            ("jenis_mitra",),
            PartnerType.choices,
        ),
        Column(
            "funding_source",
            _("Funding source"),
            False,
            _("apbn, apbd, dana_desa or other"),
            ("sumber_dana",),
            FundingSource.choices,
        ),
        Column("funding_amount", _("Funding amount (Rp)"), False, _("whole rupiah, e.g. 25000000"), ("jumlah_dana",)),
        Column("decree_number", _("Decree number (SK)"), False, "", ("nomor_sk",)),
        Column("decree_date", _("Decree date"), False, _("YYYY-MM-DD or DD/MM/YYYY"), ("tanggal_sk",)),
        Column("manager_name", _("Manager"), False, "", ("pengelola", "nama_pengelola")),
        Column("contact_phone", _("Contact phone"), False, "", ("telepon", "no_hp")),
        Column("contact_email", _("Contact email"), False, "", ("email",)),
        Column("members_count", _("Members"), False, _("a whole number"), ("jumlah_anggota",)),
        Column("population_served", _("Population served"), False, _("a whole number"), ("jumlah_penduduk",)),
        Column("is_active", _("Active"), False, _("yes or no; empty means yes"), ("aktif",), YES_NO),
        Column("npp", _("NPP"), False, _("its national library number, if it has one"), ("nomor_pokok_perpustakaan",)),
    ]

    def __init__(self, user=None):
        """``user`` None imports nationally (the management command without ``--user``)."""
        self.user = user
        self.area = NATIONAL if user is None else scope_for(user).area(CHANGE, Library)

    # -- validation -------------------------------------------------------------------------------

    def validate(self, rows: list[tuple[int, dict]]) -> ImportResult:
        result = ImportResult(rows=len(rows))
        if self.area.is_empty:
            result.errors.append(RowError(0, "", str(_("You may not add libraries."))))
            return result
        codes = {key: {self.text(r.get(key)) for _n, r in rows} - {""} for key in ("village_code", "regency_code")}
        codes["regency_code"] |= {
            f"{r['regency_code']:.2f}" for _n, r in rows if isinstance(r.get("regency_code"), float)
        }
        provinces = dict(Province.objects.values_list("code", "name"))
        regencies = {
            code: (province, name)
            for code, province, name in Regency.objects.values_list("code", "province_id", "name")
        }
        villages = {
            code: (regency, name)
            for code, regency, name in Village.objects.filter(code__in=codes["village_code"]).values_list(
                "code", "regency_id", "name"
            )
        }
        taken = self._existing(codes["village_code"], codes["regency_code"])
        npps = {self.text(r.get("npp")).upper() for _n, r in rows} - {""}
        taken_npps = set(Library.objects.filter(npp__in=npps).values_list("npp", flat=True))
        seen: dict[tuple, int] = {}
        for number, row in rows:
            library, errors = self._row(number, row, provinces, regencies, villages)
            if library is not None:
                key = self._unique_key(library)
                column = (
                    "village_code"
                    if library.village_id
                    else ("regency_code" if library.level == LibraryLevel.REGENCY else "province_code")
                )
                if key in seen:
                    errors.append(
                        RowError(
                            number, column, str(_("the same library is already in row %(row)s") % {"row": seen[key]})
                        )
                    )
                elif key in taken:
                    errors.append(
                        RowError(number, column, str(_("already registered: %(name)s") % {"name": taken[key]}))
                    )
                else:
                    seen[key] = number
                    # The NPP of a new library (a library already registered is reported as such, once).
                    if library.npp:
                        if library.npp in taken_npps or ("npp", library.npp) in seen:
                            errors.append(
                                RowError(number, "npp", str(_("this NPP is already registered")), library.npp)
                            )
                        seen.setdefault(("npp", library.npp), number)
            if errors:
                result.errors.extend(errors)
            elif library is not None:
                result.objects.append(library)
                if len(result.preview) < 50:
                    result.preview.append(
                        {
                            "row": number,
                            "name": library.name,
                            "level": library.get_level_display(),
                            "village": villages.get(library.village_id, ("", ""))[1],
                            "regency": regencies.get(library.regency_id, ("", ""))[1],
                            "province": provinces.get(library.province_id, ""),
                            "cohort_year": library.cohort_year,
                        }
                    )
        return result

    @staticmethod
    def _unique_key(library: Library) -> tuple:
        if library.level == LibraryLevel.VILLAGE:
            return ("village", library.village_id)
        if library.level == LibraryLevel.REGENCY:
            return ("regency", library.regency_id)
        if library.level == LibraryLevel.PROVINCE:
            return ("province", library.province_id)
        return (library.level, library.village_id, library.name.lower())

    def _existing(self, village_codes: set[str], regency_codes: set[str]) -> dict[tuple, str]:
        """Libraries already registered that rows of this file could duplicate, by their unique key."""
        existing = Library.objects.filter(
            models.Q(village_id__in=village_codes)
            | models.Q(level=LibraryLevel.REGENCY, regency_id__in=regency_codes)
            | models.Q(level=LibraryLevel.PROVINCE)
        ).only("pk", "name", "level", "village_id", "regency_id", "province_id")
        return {self._unique_key(library): library.name for library in existing}

    def _row(self, number: int, row: dict, provinces, regencies, villages) -> tuple[Library | None, list[RowError]]:
        errors: list[RowError] = []
        values: dict = {}

        def take(column: str, parse, *args, **kwargs):
            try:
                return parse(row.get(column), *args, **kwargs)
            except Invalid as exc:
                errors.append(RowError(number, column, str(exc), self.text(row.get(column))))
                return None

        for name in TEXT_FIELDS:
            text = self.text(row.get(name))
            limit = Library._meta.get_field(name).max_length
            if len(text) > limit:
                errors.append(RowError(number, name, str(_("longer than %(max)s characters") % {"max": limit})))
            values[name] = text
        if not values["name"]:
            errors.append(RowError(number, "name", str(_("missing required value"))))
        try:
            values["contact_phone"] = phones.normalise(values["contact_phone"])
        except ValidationError as exc:
            errors.append(RowError(number, "contact_phone", str(exc.messages[0]), values["contact_phone"]))
        values["level"] = take("level", self.choice, levels())
        if values["level"] == "":
            errors.append(RowError(number, "level", str(_("missing required value"))))
        values["latitude"] = take("latitude", self.decimal, -90, 90, 6)
        values["longitude"] = take("longitude", self.decimal, -180, 180, 6)
        values["cohort_year"] = take("cohort_year", self.integer, 2011, timezone.localdate().year + 1)
        values["partner_type"] = take("partner_type", self.choice, partner_types()) or ""
        values["funding_source"] = take("funding_source", self.choice, funding_sources()) or ""
        values["funding_amount"] = take("funding_amount", self.integer, 0, bounds.RUPIAH)
        values["decree_date"] = take("decree_date", self.date)
        values["contact_email"] = take("contact_email", self.email) or ""
        values["members_count"] = take("members_count", self.integer, 0, bounds.PEOPLE)
        values["population_served"] = take("population_served", self.integer, 0, bounds.PEOPLE)
        values["is_active"] = take("is_active", self.boolean)
        values["npp"] = self.text(row.get("npp")).upper() or None
        if values["npp"] and not NPP.fullmatch(values["npp"]):
            errors.append(
                RowError(number, "npp", str(_("letters, digits, dots and dashes only, up to 30")), values["npp"])
            )
        if values["funding_amount"] and not values["funding_source"]:
            errors.append(RowError(number, "funding_source", str(_("say where the funding comes from"))))
        place = self._place(number, row, values["level"], provinces, regencies, villages, errors)
        if errors or place is None:
            return None, errors
        values.update(place)
        if values["is_active"] is None:
            values["is_active"] = True
        library = Library(**values)
        library.fill_places_from_village()
        return library, errors

    def _place(self, number, row, level, provinces, regencies, villages, errors) -> dict | None:
        """The province, regency and village codes of a row, checked against the regions and the scope."""
        province = self.text(row.get("province_code"))
        regency = row.get("regency_code")
        regency = f"{regency:.2f}" if isinstance(regency, float) else self.text(regency)
        village = self.text(row.get("village_code"))
        if not level:
            return None
        missing = str(_("missing required value"))
        if level in VILLAGE_LEVELS:
            if not village:
                errors.append(RowError(number, "village_code", missing))
                return None
            if village not in villages:
                errors.append(RowError(number, "village_code", str(_("unknown village code")), village))
                return None
            village_regency = villages[village][0]
            if regency and regency != village_regency:
                errors.append(
                    RowError(number, "regency_code", str(_("the village is not in this regency/city")), regency)
                )
                return None
            regency = village_regency
        elif level == LibraryLevel.REGENCY:
            if village:
                errors.append(RowError(number, "village_code", str(_("leave empty for a regency/city library"))))
                return None
            if not regency:
                errors.append(RowError(number, "regency_code", missing))
                return None
        else:
            if regency or village:
                column = "regency_code" if regency else "village_code"
                errors.append(RowError(number, column, str(_("leave empty for a provincial library"))))
                return None
            if not province:
                errors.append(RowError(number, "province_code", missing))
                return None
        if regency:
            if regency not in regencies:
                errors.append(RowError(number, "regency_code", str(_("unknown regency/city code")), regency))
                return None
            regency_province = regencies[regency][0]
            if province and province != regency_province:
                errors.append(
                    RowError(number, "province_code", str(_("the regency/city is not in this province")), province)
                )
                return None
            province = regency_province
        if province not in provinces:
            errors.append(RowError(number, "province_code", str(_("unknown province code")), province))
            return None
        if not self.area.covers(Place.of_region(province, regency or None)):
            column = "village_code" if village else ("regency_code" if regency else "province_code")
            errors.append(
                RowError(number, column, str(_("outside the area you may change")), village or regency or province)
            )
            return None
        return {"province_id": province, "regency_id": regency or None, "village_id": village or None}

    # -- saving -----------------------------------------------------------------------------------

    def save(self, result: ImportResult, source: str) -> list[Library]:
        """Create every library of a valid result, with a history entry each, in one transaction."""
        if not result.ok:
            raise ValueError("only a result without errors can be saved")
        reason = str(_("Imported from %(file)s") % {"file": source})
        with transaction.atomic():
            created = bulk_create_with_history(
                result.objects, Library, batch_size=1000, default_user=self.user, default_change_reason=reason
            )
            Cohort.objects.bulk_create(  # the cohort of the year given, as saving one library adds it
                Cohort(library=library, year=library.cohort_year, partner_type=library.partner_type)
                for library in created
                if library.cohort_year
            )
            tables_changed(Library, Library.history.model, Cohort)  # bulk inserts send no signals
            return created

    # -- template -----------------------------------------------------------------------------------

    def template_lists(self) -> dict[str, list]:
        lists = super().template_lists()
        provinces = Province.objects.all() if self.user is None else Province.objects.restrict(self.user, VIEW)
        regencies = Regency.objects.all() if self.user is None else Regency.objects.restrict(self.user, VIEW)
        lists["province_code"] = list(provinces.order_by("code").values_list("code", flat=True))
        lists["regency_code"] = list(regencies.order_by("code").values_list("code", flat=True))
        return {key: lists[key] for key in [c.key for c in self.columns] if key in lists}

    def reference_sheets(self):
        return village_reference(self.user, "village_code")

    def example_rows(self) -> list[list]:
        return [
            [
                "Perpustakaan Desa Contoh",
                "village",
                "19",
                "19.01",
                "19.01.01.2001",
                "Jl. Desa No. 1",
                -1.9,
                105.95,
                2021,
                "full_support",
                "dana_desa",
                25000000,
                "141/SK/2021",
                "2021-03-01",
                "Nama Pengelola",
                "081234567890",
                "",
                120,
                2500,
                "yes",
                "",
            ],
        ]
