"""Regency staff in a real browser: the IPLM contribution of their regency for a year, and its workbook opened
with openpyxl in the documented layout (docs/iplm.md), on a phone and at a desk."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.reports.iplm.test_iplm import WORKBOOK_COLUMNS

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_dispus_bangka_downloads_the_iplm_workbook(page: Page, live_server, demo_db, width, height):
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server.url, "dispus.bangka")
    assert_accessible(page)
    if width < 992:
        page.get_by_role("button", name="Menu").click()
    page.get_by_test_id("nav-steering").click()
    page.get_by_test_id("nav-iplm").click()
    expect(page).to_have_url(f"{live_server.url}/reports/iplm/regency/19.01/")
    assert_accessible(page)
    page.get_by_label("Tahun").select_option("2021")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_test_id("iplm-year")).to_contain_text("2021")
    assert_accessible(page)
    rows = page.get_by_test_id("iplm-row")
    shown = rows.count()
    assert shown > 0
    expect(page.get_by_test_id("table-completeness")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_test_id("iplm-export").click()
    download = download_info.value
    assert download.suggested_filename == "iplm-regency-19-01-2021-entered.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert book.sheetnames == ["IPLM", "Kelengkapan", "Sumber"]
    sheet = book["IPLM"]
    assert [cell.value for cell in sheet[3]][5:] == WORKBOOK_COLUMNS
    assert [cell.value for cell in sheet[3]][:2] == ["NPP", "Perpustakaan"]
    data = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(data) == shown + 1 and str(data[-1][1]).startswith("Jumlah")

    page.get_by_test_id("iplm-sources").click()
    expect(page.get_by_role("heading", name="Asal setiap angka IPLM")).to_be_visible()
    assert_accessible(page)
