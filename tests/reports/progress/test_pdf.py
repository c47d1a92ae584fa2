"""Printed reports: charts drawn in the PDF, the province's letterhead, labelled KPI columns, a tagged PDF."""

import io

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from reports.models import Letterhead, ProgressReport
from reports.progress.charts import KPI_COLOURS, STRATEGY_COLOURS
from reports.progress.compile import compile_reports
from reports.progress.exports import render_pdf

from .. import dataset
from ..dataset import PERIOD
from .test_exports import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def libs():
    built = dataset.build()
    compile_reports(PERIOD)
    return built


def page_images(content: bytes, scale: float = 1.5) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(content)
    try:
        return [page.render(scale=scale).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def pixels_of(images: list[Image.Image], colour: str, tolerance: int = 12) -> int:
    """How many pixels of the pages are (nearly) ``colour`` (``#rrggbb``)."""
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    count = 0
    for image in images:
        small = image.resize((image.width // 2, image.height // 2), Image.NEAREST)
        for pixel, n in small.getcolors(maxcolors=1 << 20):
            if all(abs(a - b) <= tolerance for a, b in zip(n, target, strict=True)):
                count += pixel
    return count


def logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), (0x80, 0x00, 0x80)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_progress_report_pdf_draws_its_charts(libs):
    report = ProgressReport.objects.get(period=PERIOD, scope="province", code="51")
    content = render_pdf(report)
    images = page_images(content)
    for strategy, colour in STRATEGY_COLOURS.items():
        if report.figures["activities_by_strategy"].get(strategy):
            assert pixels_of(images, colour) > 100, strategy  # the strategy's bar is drawn
    for colour, hex_colour in KPI_COLOURS.items():
        if report.figures["kpi"].get(colour):
            assert pixels_of(images, hex_colour) > 100, colour
    assert pixels_of(images, "#0d47a1") > 100  # the completeness columns (and headings)
    text, _pages = pdf_text(content)
    for label in ("Kegiatan per strategi", "Perpustakaan menurut warna KPI", "Kelengkapan laporan bulanan"):
        assert label in text
    assert "Jan 2031" in text and "50%" in text  # the trend's month and its completeness
    assert "Pelibatan masyarakat" in text  # a bar's label


def test_the_pdf_is_tagged_for_screen_readers(libs):
    report = ProgressReport.objects.get(period=PERIOD, scope="province", code="51")
    root = PdfReader(io.BytesIO(render_pdf(report))).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "id"


def test_the_kpi_columns_are_labelled(libs):
    text, _pages = pdf_text(render_pdf(ProgressReport.objects.get(period=PERIOD, scope="province", code="51")))
    assert "KPI hijau" in text and "KPI kuning" in text and "KPI merah" in text
    text, _pages = pdf_text(render_pdf(ProgressReport.objects.get(period=PERIOD, scope="regency", code="51.71")))
    assert "Skor" in text and "Hijau" in text


def test_a_province_prints_its_own_letterhead(libs):
    report = ProgressReport.objects.get(period=PERIOD, scope="province", code="51")
    text, _pages = pdf_text(render_pdf(report))
    assert "Perpustakaan Nasional Republik Indonesia" in text  # the default heading
    Letterhead.objects.create(
        province_id="51",
        lines="Dinas Perpustakaan dan Kearsipan Provinsi Bali\nJl. Teuku Umar No. 1, Denpasar",
        logo=SimpleUploadedFile("logo.png", logo_png(), content_type="image/png"),
    )
    content = render_pdf(report)
    text, _pages = pdf_text(content)
    assert "Dinas Perpustakaan dan Kearsipan Provinsi Bali" in text and "Teuku Umar" in text
    assert "Perpustakaan Nasional Republik Indonesia" not in text.split("Laporan perkembangan")[0]
    assert pixels_of(page_images(content)[:1], "#800080", tolerance=20) > 200  # the logo
    library = ProgressReport.objects.filter(period=PERIOD, scope="library", province_id="51").first()
    assert "Provinsi Bali" in pdf_text(render_pdf(library))[0]  # the province's libraries carry it too


def test_the_briefing_pack_pdf_has_the_charts_and_the_letterhead(libs, client_as):
    Letterhead.objects.create(province_id="51", lines="Dinas Perpustakaan Provinsi Bali")
    url = reverse("reports:plm_briefing_pdf", args=["2031-01", "province", "51"])
    response = client_as("dkpus.bali").get(url)
    assert response.status_code == 200
    text, _pages = pdf_text(response.content)
    assert "Dinas Perpustakaan Provinsi Bali" in text and "Kegiatan per strategi" in text
    assert pixels_of(page_images(response.content), STRATEGY_COLOURS["community_engagement"]) > 100


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("dkpus.babel", "19", 200),
        ("admin", "51", 200),
        ("dkpus.babel", "51", 404),  # another province
        ("dispus.bangka", "19", 403),  # regency staff see the province but do not set its heading
        ("konsultan", "19", 403),
        ("pustakawan.rebo", "19", 403),
    ],
)
def test_who_may_set_a_letterhead(client_as, username, code, status):
    assert client_as(username).get(reverse("reports:letterhead", args=[code])).status_code == status


def test_provincial_staff_set_their_letterhead_and_old_pdfs_are_dropped(libs, client_as):
    from reports.progress.exports import export_for

    report = ProgressReport.objects.get(period=PERIOD, scope="province", code="51")
    export_for(report, "pdf")
    client = client_as("dkpus.bali")
    url = reverse("reports:letterhead", args=["51"])
    response = client.post(url, {"lines": "Dinas Perpustakaan Provinsi Bali\nDenpasar", "logo": ""})
    assert response.status_code == 302
    assert Letterhead.objects.get(province_id="51").text_lines == ["Dinas Perpustakaan Provinsi Bali", "Denpasar"]
    assert not report.exports.filter(format="pdf").exists()
    assert "Dinas Perpustakaan Provinsi Bali" in pdf_text(export_for(report, "pdf"))[0]
    too_many = client.post(url, {"lines": "\n".join("abcdef")})
    assert too_many.status_code == 200 and "abcdef"[0] in too_many.content.decode()
    not_an_image = client.post(url, {"lines": "x", "logo": SimpleUploadedFile("logo.png", b"not a picture")})
    assert not_an_image.status_code == 200 and not_an_image.context["form"].errors["logo"]
