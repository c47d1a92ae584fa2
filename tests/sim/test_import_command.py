"""``manage.py import_sim`` with the sample export of Kabupaten Bangka: placing, keeping, again and again."""

import csv
import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import Workbook

from activities.choices import AdvocacyResult, RecordSource, RegulationKind, Strategy, Verification
from activities.models import Activity, AttachmentLink, Replication, ServiceSnapshot
from libraries.choices import FundingSource, LibraryLevel
from libraries.models import Cohort, Library
from reports import rollup
from reports.choices import ReportStatus
from reports.models import LibraryMonth, MonthlyReport, SimScore
from sim.models import SimPlace

from .conftest import SAMPLE_FILES, UNPLACED, run_import, sample, write_sample

pytestmark = pytest.mark.django_db


def counted() -> dict[str, int]:
    """Every row the import writes, and their history, by table."""
    models = [Activity, AttachmentLink, ServiceSnapshot, Replication, MonthlyReport, SimScore, Library, Cohort]
    rows = {model.__name__: model._base_manager.count() for model in models}
    for model in (Activity, ServiceSnapshot, Replication, MonthlyReport, SimScore, Library):
        rows[f"history of {model.__name__}"] = model.history.count()
    return rows


def test_a_dry_run_lists_the_libraries_it_cannot_place_with_their_candidates_and_writes_nothing():
    before = counted()
    run = run_import(*SAMPLE_FILES, dry_run=True)
    assert run.error and "3" in run.error
    rows = [line for line in run.out.splitlines() if line and not line.startswith("#")]
    header = rows.index("perpus_nama,village")
    listed = {}
    for name, village in csv.reader(rows[header + 1 :]):
        listed.setdefault(name, set()).add(village)
    assert listed == UNPLACED
    assert "a village of this name is in several districts" in run.out
    assert run.line("pelibatan").endswith("50 created, 0 updated, 0 unchanged")
    assert counted() == before


def test_places_settle_them_and_the_sample_is_imported_with_what_sim_says(imported):
    regency = Library.objects.filter(regency_id="19.01")
    sim = Activity.objects.filter(library__regency_id="19.01", source=RecordSource.SIM)
    assert sim.filter(strategy=Strategy.COMMUNITY_ENGAGEMENT).count() == 50
    assert sim.filter(strategy=Strategy.ADVOCACY).count() == 13
    assert sim.filter(strategy=Strategy.MEDIA_PUBLICATION).count() == 16
    engagement = sim.filter(strategy=Strategy.COMMUNITY_ENGAGEMENT)
    assert engagement.filter(verification=Verification.VERIFIED).count() == 36
    assert engagement.filter(verification=Verification.UNVERIFIED).count() == 14
    assert engagement.filter(participants_male__isnull=True).count() == 50

    first = sample("pelibatan")[0]
    event = engagement.get(title=first["nama_kegiatan"], date=first["tanggal"], library__regency_id="19.01")
    assert event.library.level == LibraryLevel.REGENCY
    assert (event.field, event.event_kind, event.target_group) == ("agriculture", "training", "university_students")
    assert event.participants == 16 and event.entered_on == dt.date(2026, 1, 19)
    created = event.history.get()
    assert created.history_type == "+" and created.history_change_reason.startswith("Imported from SIM TPBIS: ")
    assert sorted(event.attachment_links.values_list("original_name", flat=True)) == [
        "IMG.20260312.216115.jpg",
        "IMG.20260327.983322.jpg",
    ]

    regulation = sim.get(strategy=Strategy.ADVOCACY, title="Audiensi dukungan perpustakaan desa 3")
    assert regulation.result == AdvocacyResult.REGULATION
    assert regulation.regulation_kind == RegulationKind.VILLAGE_HEAD_REGULATION
    assert regulation.issued_on == dt.date(2026, 2, 20) and regulation.targets == ["private_sector"]
    assert regulation.attachment_links.get().original_name == "Perdes.Perpustakaan.pdf"

    air_ruai = regency.get(village__name="Air Ruai")
    assert air_ruai.name == "Perpustakaan Desa Air Ruai" and air_ruai.cohort_year == 2024
    assert list(air_ruai.cohorts.values_list("year", flat=True)) == [2024]
    reading_park = regency.get(name="Taman Bacaan Pelangi Rebo")
    assert reading_park.level == LibraryLevel.TBM and reading_park.village.name == "Rebo"
    assert regency.filter(village__name="Rebo", level=LibraryLevel.VILLAGE).count() == 1

    scores = dict(SimScore.objects.filter(library__regency_id="19.01").values_list("library__name", "score"))
    assert scores["Dinas Perpustakaan Kabupaten Bangka"] == Decimal("88.75")
    assert scores["Perpustakaan Desa Mapur"] is None
    assert scores["Perpustakaan Cahaya Riding Panjang"] is None
    assert regency.get(name="Perpustakaan Cahaya Riding Panjang").village_id == "19.01.03.2003"

    reports = MonthlyReport.objects.filter(library__regency_id="19.01", source=RecordSource.SIM)
    assert reports.count() == 23 and set(reports.values_list("status", flat=True)) == {ReportStatus.SUBMITTED}
    assert not reports.filter(submitted_at__isnull=False).exists()
    rebo = reports.get(library__name="Perpustakaan Desa Rebo", period=dt.date(2026, 1, 1))
    assert (rebo.visitors, rebo.visitors_male, rebo.visitors_female) == (82, 53, 29)

    replication = Replication.objects.get(regency_id="19.01", source=RecordSource.SIM)
    assert (replication.funds, replication.funding_source, replication.villages) == (15_000_000, FundingSource.APBD, 5)
    assert replication.year == 2026 and replication.verification == Verification.VERIFIED

    snapshots = ServiceSnapshot.objects.filter(library__regency_id="19.01", sim_key__isnull=False)
    assert snapshots.count() == 17
    batu_rusa = snapshots.standing().get(library__village__name="Batu Rusa", period=dt.date(2026, 1, 1))
    assert batu_rusa.books == 1140 and batu_rusa.entered_on == dt.date(2026, 1, 15)

    assert SimPlace.objects.filter(regency_id="19.01").count() == 3


def test_the_import_keeps_each_librarys_months(imported):
    """The import writes with COPY and bulk updates: PostgreSQL's triggers keep the months the dashboards add up."""
    assert rollup.differences() == []
    bangka = LibraryMonth.objects.filter(library__regency_id="19.01")
    assert bangka.aggregate(n=Sum("engagement_records"))["n"] >= 50


def test_importing_the_same_files_again_changes_nothing(imported):
    before = counted()
    again = run_import(*SAMPLE_FILES)  # the places chosen are remembered
    assert again.error is None, again.err
    for kind, rows in [("pelibatan", 50), ("advokasi", 13), ("publikasi", 16), ("peningkatan", 17)]:
        assert again.line(kind).endswith(f"0 created, 0 updated, {rows} unchanged"), again.out
    assert again.line("pengunjung").endswith("0 created, 0 updated, 23 unchanged")
    assert again.line("iku").endswith("0 created, 0 updated, 12 unchanged")
    assert counted() == before


def test_a_later_export_with_changes_updates_what_changed(imported, tmp_path):
    engagement = sample("pelibatan")
    engagement[1]["jumlah_peserta"] = 99
    waiting = next(i for i, row in enumerate(engagement) if row["is_verified"] == "Belum Diverifikasi")
    engagement[waiting]["is_verified"] = "Sudah Diverifikasi"
    engagement[5]["attachment"] = None
    history = Activity.history.count()
    run = run_import(*write_sample(tmp_path / "later", pelibatan=engagement))
    assert run.error is None, run.err
    assert run.line("pelibatan").endswith("0 created, 3 updated, 47 unchanged")
    assert run.line("advokasi").endswith("0 created, 0 updated, 13 unchanged")
    assert Activity.objects.filter(source=RecordSource.SIM, participants=99).count() == 1
    assert Activity.history.count() == history + 3
    changed = Activity.objects.get(title=engagement[waiting]["nama_kegiatan"], date=engagement[waiting]["tanggal"])
    assert changed.verification == Verification.VERIFIED


def test_sims_not_yet_verified_does_not_undo_a_verification_made_in_the_portal(imported):
    waiting = Activity.objects.filter(source=RecordSource.SIM, verification=Verification.UNVERIFIED)
    waiting.update(verification=Verification.VERIFIED)
    run = run_import(*SAMPLE_FILES)
    assert run.line("pelibatan").endswith("0 created, 0 updated, 50 unchanged")
    assert not Activity.objects.filter(source=RecordSource.SIM, verification=Verification.UNVERIFIED).exists()


def test_the_same_columns_as_csv_and_xlsx_are_the_same_records(imported, tmp_path):
    engagement, advocacy = sample("pelibatan"), sample("advokasi")
    csv_path = tmp_path / "pelibatan-export.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(engagement[0]))
        writer.writeheader()
        writer.writerows(engagement)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(advocacy[0]))
    for row in advocacy:
        sheet.append([", ".join(value) if isinstance(value, list) else value for value in row.values()])
    xlsx_path = tmp_path / "advokasi.xlsx"
    workbook.save(xlsx_path)
    run = run_import(csv_path, xlsx_path)
    assert run.error is None, run.err
    assert run.line("pelibatan").endswith("0 created, 0 updated, 50 unchanged")
    assert run.line("advokasi").endswith("0 created, 0 updated, 13 unchanged")


def test_the_record_type_comes_from_the_fields_not_the_file_name(imported, tmp_path):
    renamed = tmp_path / "export-from-sim.json"
    renamed.write_bytes((SAMPLE_FILES[0]).read_bytes())  # advokasi
    run = run_import(renamed)
    assert run.line("advokasi").endswith("0 created, 0 updated, 13 unchanged")


def test_a_places_file_that_names_no_village_is_refused_with_its_row(tmp_path):
    places = tmp_path / "PLACES.csv"
    places.write_text("perpus_nama,village\nPerpustakaan Desa Air Duren,Air Duren\n")
    run = run_import(*SAMPLE_FILES, places=places)
    assert run.error and "PLACES.csv, row 2, village" in run.err


def test_a_place_outside_the_regency_is_refused(tmp_path):
    places = tmp_path / "PLACES.csv"
    places.write_text("perpus_nama,village\nPerpustakaan Desa Air Duren,19.02.01.2001\n")
    before = counted()
    run = run_import(*SAMPLE_FILES, places=places)
    assert run.error and "Perpustakaan Desa Air Duren" in run.err
    assert counted() == before


def test_a_library_can_be_left_out(tmp_path):
    places = tmp_path / "PLACES.csv"
    places.write_text(
        "perpus_nama,village\n"
        "Perpustakaan Cahaya Riding Panjang,skip\n"
        "Perpustakaan Desa Air Duren,skip\n"
        "Perpustakaan Desa Tiang Tarah,19.01.06.2005\n"
    )
    run = run_import(*SAMPLE_FILES, places=places)
    assert run.error is None, run.err
    assert "Left out as chosen: 2 records" in run.out
    assert not Library.objects.filter(name__in=["Perpustakaan Cahaya Riding Panjang", "Perpustakaan Desa Air Duren"])
    assert SimPlace.objects.filter(skip=True).count() == 2


def test_the_figures_learn_of_an_import(places_file):
    from foundation.counting import bulk_changed

    told = []

    def listen(sender, models=(), **kwargs):
        told.extend(models)

    bulk_changed.connect(listen)
    try:
        run = run_import(*SAMPLE_FILES, places=places_file)
    finally:
        bulk_changed.disconnect(listen)
    assert run.error is None
    assert {Activity, MonthlyReport, Library, ServiceSnapshot, Replication, SimScore} <= set(told)


def test_records_written_meanwhile_by_another_import_are_a_clear_error(places_file):
    """Two imports of the same files at once: the second to write meets the first's keys (a database error
    Django knows, which the page turns into a message), and writes nothing."""
    from django.db import IntegrityError, transaction

    from sim.importing import check, read_places
    from sim.writing import apply

    from .conftest import sources

    choices, _problems = read_places("PLACES.csv", places_file.read_bytes())
    first, second = check(sources(), choices=choices), check(sources(), choices=choices)
    apply(first)
    before = counted()
    with pytest.raises(IntegrityError), transaction.atomic():
        apply(second)
    assert counted() == before


def test_administrators_see_the_places_chosen(imported, client_as):
    from django.urls import reverse

    page = client_as("admin").get(reverse("admin:sim_simplace_changelist"))
    assert page.status_code == 200 and "Perpustakaan Cahaya Riding Panjang" in page.content.decode()
    place = SimPlace.objects.get(name="Perpustakaan Cahaya Riding Panjang")
    assert client_as("admin").get(reverse("admin:sim_simplace_change", args=[place.pk])).status_code == 200
