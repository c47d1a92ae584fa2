"""DKPUS staff in a real browser: following up a commitment, and importing libraries."""

import csv

import pytest
from playwright.sync_api import Page, expect

from libraries.models import Library, Village

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]


def test_dkpus_babel_adds_a_commitment_and_sees_it_in_the_tracker(page: Page, live_server, demo_db):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "dkpus.babel")
    assert_accessible(page)
    page.goto(f"{live_server.url}/libraries/synergy-teams/")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Tim Sinergi Transformasi Perpustakaan Berbasis Inklusi Sosial Provinsi Kepulauan"
    ).click()
    expect(page.get_by_role("link", name="Tambah komitmen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tambah komitmen").click()
    expect(page.get_by_label("Jenis")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Jenis").select_option("budget")
    page.get_by_label("Pihak").fill("Bappeda Provinsi Kepulauan Bangka Belitung")
    page.get_by_label("Deskripsi").fill("Alokasi APBD 2025 untuk buku perpustakaan desa")
    page.get_by_label("Jumlah (Rp)").fill("Rp 150.000.000")
    page.get_by_label("Tenggat").fill("2030-06-30")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_role("cell", name="Rp 150.000.000")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/libraries/commitments/")
    row = page.locator("tr", has_text="Bappeda Provinsi Kepulauan Bangka Belitung")
    expect(row).to_contain_text("Rp 150.000.000")
    assert_accessible(page)
    expect(row).to_contain_text("Direncanakan")
    # the overdue Pergub commitment stays on top
    expect(page.locator("tbody tr").first).to_contain_text("Biro Hukum")


def test_dkpus_babel_imports_libraries_through_the_page(page: Page, live_server, demo_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    villages = list(Village.objects.filter(regency__province_id="19", libraries__isnull=True).order_by("code")[:12])
    path = tmp_path / "perpustakaan-babel.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nama", "tingkat", "kode_desa", "tahun_bergabung"])
        for village in villages:
            writer.writerow([f"Perpustakaan Desa {village.name}", "desa", village.code, 2024])
    before = Library.objects.filter(province_id="19").count()

    log_in(page, live_server.url, "dkpus.babel")
    assert_accessible(page)
    page.goto(f"{live_server.url}/libraries/")
    assert_accessible(page)
    page.get_by_role("link", name="Impor", exact=True).click()
    expect(page.get_by_label("Berkas (XLSX atau CSV)")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Berkas (XLSX atau CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_test_id("import-preview")).to_contain_text("12 baris")
    assert_accessible(page)
    page.get_by_role("button", name="Impor 12 baris").click()
    expect(page.locator(".alert-success")).to_contain_text("12 perpustakaan diimpor")
    expect(page.get_by_test_id("result-count")).to_have_text(str(before + 12))
    assert_accessible(page)
    assert Library.objects.filter(village__in=villages).count() == 12
