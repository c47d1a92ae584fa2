"""Recording who attended a training on a phone: libraries picked by regency, and participants from elsewhere."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from activities.models import Training
from libraries.models import Library

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
BABEL_REGENCIES = ["Kabupaten Bangka", "Kabupaten Bangka Barat", "Kabupaten Bangka Selatan", "Kabupaten Bangka Tengah",
                   "Kabupaten Belitung", "Kabupaten Belitung Timur"]  # fmt: skip


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fill_training(page: Page, title: str, regency: str | None = None) -> None:
    page.get_by_label("Judul").fill(title)
    page.get_by_label("Penyelenggara").fill("DKPUS")
    page.get_by_label("Tanggal mulai").fill("2023-05-22")
    page.get_by_label("Tanggal selesai").fill("2023-05-25")
    page.get_by_label("Peserta dari perpustakaan desa").fill("45")


def test_dkpus_babel_picks_45_village_libraries_by_regency_on_a_phone(page: Page, live_server, demo_db):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "dkpus.babel")
    assert_accessible(page)
    page.goto(f"{live_server.url}/trainings/add/")
    picker = page.get_by_test_id("picker")
    expect(picker).to_be_visible()
    assert_accessible(page)
    assert fits_the_screen(page)
    expect(page.get_by_test_id("picker-count")).to_have_text("0")

    # Only the village libraries: a search narrows every regency, then each regency is chosen whole.
    page.get_by_test_id("picker-search").fill("perpustakaan desa")
    for regency in BABEL_REGENCIES:
        group = picker.locator("details.picker-group", has=page.get_by_text(regency, exact=True))
        group.get_by_label(f"Pilih semua: {regency}").check()
    expect(page.get_by_test_id("picker-count")).to_have_text("45")
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    picker.screenshot(path=ARTIFACTS / "picker-phone.png")
    fill_training(page, "Bimtek pengelola perpustakaan desa Babel")
    page.locator("#id_province").select_option("19")
    page.get_by_role("button", name="Simpan", exact=True).click()

    expect(page.locator(".alert-success")).to_contain_text("Bimtek pengelola perpustakaan desa Babel")
    assert_accessible(page)
    training = Training.objects.get(title="Bimtek pengelola perpustakaan desa Babel")
    assert training.libraries.count() == 45
    assert set(training.libraries.values_list("level", flat=True)) == {"village"}


def test_dkpus_ntb_records_its_bimtek_with_participants_from_bali(page: Page, live_server, demo_db):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "dkpus.ntb")
    assert_accessible(page)
    page.goto(f"{live_server.url}/trainings/add/")
    picker = page.get_by_test_id("picker")
    expect(picker).to_be_visible()
    assert_accessible(page)

    # Four kelurahan of Kota Bima, from NTB's own libraries ...
    page.get_by_test_id("picker-search").fill("kelurahan")
    picker.get_by_label("Pilih semua: Kota Bima").check()
    expect(page.get_by_test_id("picker-count")).to_have_text("4")
    # ... and four of Denpasar, found by name in Bali: only what was found is shown, nothing else of Bali.
    beyond = page.get_by_test_id("picker-beyond")
    beyond.get_by_label("Tambah dari wilayah lain").fill("Kelurahan")
    beyond.get_by_role("button", name="Cari").click()
    found = beyond.locator("li", has_text="Kota Denpasar")
    expect(found).to_have_count(4)
    for index in range(4):
        found.nth(index).get_by_role("button", name="Tambah").click()
    expect(page.get_by_test_id("picker-count")).to_have_text("8")
    expect(picker.locator("details.picker-group", has_text="Kota Denpasar")).to_contain_text("4/4")
    assert_accessible(page)

    fill_training(page, "Bimtek SPP-TIK 2023 Mataram (NTB dan Bali)")
    page.get_by_label("Peserta dari perpustakaan desa").fill("22")
    page.locator("#id_province").select_option("52")
    page.locator("#id_regency").select_option("52.71")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Bimtek SPP-TIK 2023 Mataram")
    assert_accessible(page)
    training = Training.objects.get(title="Bimtek SPP-TIK 2023 Mataram (NTB dan Bali)")
    attending = Library.objects.filter(trainings=training)
    assert sorted(attending.values_list("regency_id", flat=True)) == ["51.71"] * 4 + ["52.72"] * 4
