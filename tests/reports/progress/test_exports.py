"""PDF and Excel exports: their contents, Indonesian formatting, caching with the snapshot."""

import io

import pytest
from django.db import connection
from openpyxl import load_workbook
from pypdf import PdfReader

from activities.models import Activity
from reports.models import ProgressReport, ProgressReportExport
from reports.progress.compile import compile_reports
from reports.progress.exports import export_for, render_pdf, render_xlsx

from .. import dataset
from ..dataset import PERIOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def libs():
    built = dataset.build()
    # Big enough numbers to show the thousands separator.
    built["PV"].monthly_reports.filter(period=PERIOD).update(visitors=12500)
    compile_reports(PERIOD)
    return built


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_province_pdf_has_the_figures_in_indonesian(libs):
    report = ProgressReport.objects.get(period=PERIOD, scope="province", code="51")
    content = render_pdf(report)
    assert content.startswith(b"%PDF")
    text, pages = pdf_text(content)
    assert "Laporan perkembangan bulanan" in text
    assert "Bali" in text and "Januari 2031" in text
    assert "TPBIS" in text and "Perpustakaan Nasional RI" in text  # the running header
    assert "12.655" in text  # visitors: 12 500 + 155, with the Indonesian thousands separator
    assert "Kota Denpasar" in text and "Kabupaten Badung" in text  # the regencies table
    assert "50,0%" in text  # completeness 2 of 4, Indonesian decimal comma
    assert f"1 / {pages}" in text  # page numbers


def test_library_pdf_shows_its_kpi_inputs(libs):
    report = ProgressReport.objects.get(period=PERIOD, scope="library", code=str(libs["A"].pk))
    text, _ = pdf_text(render_pdf(report))
    assert "Hijau" in text and "77,5" in text
    assert "15,0 / 30" in text  # engagement: 1 of 2 events
    assert "12,5 / 20" in text  # 25 participants of 40


def test_excel_has_one_sheet_per_section_with_real_numbers(libs):
    report = ProgressReport.objects.get(period=PERIOD, scope="province", code="51")
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames == [
        "Ringkasan",
        "Kegiatan per strategi",
        "Laporan bulanan",
        "Catatan program",
        "KPI",
        "Rumus KPI",  # its own table, so that each sheet has one header row with filters
        "Kabupaten kota",
        "Komitmen",
    ]
    for sheet in book.worksheets:  # the title line, then the frozen, filtered header row
        assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:"), sheet.title
        assert sheet["A2"].font.bold
    summary = {row[0]: row[1:] for row in book["Ringkasan"].iter_rows(min_row=3, values_only=True)}
    assert summary["Kegiatan"] == (7, 2, 5)
    assert summary["Pengunjung"] == (12655, 190, 12465)
    assert isinstance(summary["Pengunjung"][0], int)
    strategies = {row[0]: row[1] for row in book["Kegiatan per strategi"].iter_rows(min_row=3, values_only=True)}
    assert strategies["Pelibatan masyarakat"] == 4
    reporting = {row[0]: row[1] for row in book["Laporan bulanan"].iter_rows(min_row=3, values_only=True)}
    assert reporting["Laporan diharapkan"] == 4
    assert reporting["Laporan belum masuk"] == 2
    assert reporting["Kelengkapan"] == 0.5  # a real percentage: 50,0%
    completeness = next(r for r in book["Laporan bulanan"].iter_rows(min_row=3) if r[0].value == "Kelengkapan")
    assert completeness[1].number_format == "0.0%"
    kpi = {row[0]: row[1] for row in book["KPI"].iter_rows(min_row=3, max_row=6, values_only=True)}
    assert list(kpi.values()) == [1, 1, 2, 1]  # green, yellow, red, not yet scored
    fills = [book["KPI"].cell(row=row, column=1).fill.fgColor.rgb[-6:] for row in (3, 4, 5)]
    assert fills == ["C8E6C9", "FFF3B0", "F8C4C0"]  # green, yellow, red
    records = {row[0]: row[1] for row in book["Catatan program"].iter_rows(min_row=3, values_only=True) if row}
    assert records["Catatan terverifikasi"] == 4
    assert records["Catatan belum terverifikasi"] == 10
    assert records["Nilai advokasi (Rp)"] == 5_000_000
    assert records["Dana replikasi (Rp)"] == 35_000_000
    regencies = list(book["Kabupaten kota"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[3]) for r in regencies] == [("Kabupaten Badung", "51.03", 1), ("Kota Denpasar", "51.71", 6)]
    commitments = {row[0]: row[1] for row in book["Komitmen"].iter_rows(min_row=3, values_only=True)}
    assert commitments == {"Terbuka": 3, "Selesai": 2, "Lewat tenggat": 1}


def test_exports_are_cached_with_the_snapshot_and_renewed_by_a_recompile(libs):
    report = ProgressReport.objects.get(period=PERIOD, scope="regency", code="52.71")
    first = export_for(report, "xlsx")
    assert ProgressReportExport.objects.get(report=report, format="xlsx").revision == report.revision
    assert export_for(report, "xlsx") == first  # from the cache
    compile_reports(PERIOD)
    if connection.vendor == "postgresql":  # the report did not change: its rendering stays
        assert ProgressReportExport.objects.filter(report=report, revision=report.revision).exists()
        Activity.objects.create(library=libs["G"], date=PERIOD, strategy="advocacy", title="Audiensi")
        compile_reports(PERIOD)
    assert not ProgressReportExport.objects.filter(report=report).exists()  # stale renderings are dropped
    report.refresh_from_db()
    export_for(report, "xlsx")
    assert ProgressReportExport.objects.get(report=report, format="xlsx").revision == report.revision
