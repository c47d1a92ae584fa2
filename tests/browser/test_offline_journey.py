"""The librarian's installed app without signal: it opens, records an activity with a photo, and the record arrives
once the network returns; a session that ended meanwhile keeps it waiting until the librarian logs in again."""

import time

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from activities.models import Activity
from foundation.months import previous_month
from tests.activities.factories import jpeg_bytes
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

from .accessibility import assert_accessible
from .test_librarian_journey import PHONE, fits_the_screen
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]


def poll(page: Page, script: str, timeout: float = 20):
    """Evaluate ``script`` until it is truthy (wait_for_function would need eval, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for: {script}")


def install(page: Page, base_url: str) -> None:
    """Log in as the librarian and wait until the service worker controls the page and kept the pages."""
    page.set_viewport_size(PHONE)
    log_in(page, base_url, LIBRARIAN)
    expect(page.get_by_test_id("month-tasks")).to_be_visible()
    assert_accessible(page)
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())")
    assert (manifest["display"], manifest["start_url"]) == ("standalone", "/")
    poll(page, "navigator.serviceWorker.controller !== null")
    poll(page, "document.documentElement.dataset.offlineReady === '1'")


def record_activity_offline(page: Page, title: str) -> None:
    month = previous_month(timezone.localdate())
    page.get_by_role("link", name="Catat kegiatan").first.click()
    expect(page.get_by_test_id("form-library")).to_have_text("Perpustakaan Desa Rebo")
    assert_accessible(page)
    page.get_by_label("Pelibatan masyarakat").check()
    page.locator("#id_date").fill(f"{month:%Y-%m}-12")
    page.locator("#id_title").fill(title)
    page.locator("#id_participants_male").fill("4")
    page.locator("#id_participants_female").fill("17")
    photo = {"name": "kelas.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(1600, 1200))}
    page.set_input_files("#id_photos", files=[photo])
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(page.get_by_test_id("outbox-queued")).to_be_visible()
    expect(page.get_by_test_id("outbox-list")).to_contain_text(title)
    expect(page.get_by_test_id("outbox-badge")).to_contain_text("1")
    assert_accessible(page)


def test_the_installed_app_records_an_activity_with_a_photo_offline_and_sends_it_later(
    page: Page, context: BrowserContext, live_server, demo_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    title = "Kelas membaca untuk ibu-ibu PKK"
    install(page, live_server.url)

    context.set_offline(True)
    page.goto(f"{live_server.url}/")  # the app opens from the phone
    expect(page.get_by_test_id("month-tasks")).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)
    record_activity_offline(page, title)
    assert fits_the_screen(page)
    assert not Activity.objects.filter(title=title).exists()
    page.goto(f"{live_server.url}/libraries/?level=village")  # never opened: the offline page says so
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    expect(page.get_by_test_id("outbox-list")).to_contain_text(title)
    assert_accessible(page)

    context.set_offline(False)  # the connection returns: the outbox sends by itself
    expect(page.get_by_test_id("outbox-sent")).to_contain_text(title, timeout=20000)
    expect(page.get_by_test_id("outbox-badge")).to_be_hidden()
    assert_accessible(page)  # the same page, now listing what was sent
    activity = Activity.objects.get(title=title, library=library_at("own_village"))
    assert (activity.participants_male, activity.participants_female) == (4, 17)
    assert activity.photos.count() == 1
    assert activity.created_by.username == LIBRARIAN
    page.get_by_test_id("outbox-sent").get_by_role("link", name=title).click()
    expect(page.get_by_test_id("activity-title")).to_have_text(title)
    expect(page.get_by_test_id("photo-count")).to_have_text("1")
    assert_accessible(page)

    # A second activity from the same kept form page gets a token of its own: both arrive.
    context.set_offline(True)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("month-tasks")).to_be_visible()
    assert_accessible(page)
    record_activity_offline(page, "Dongeng anak di balai desa")
    context.set_offline(False)
    expect(page.get_by_test_id("outbox-sent")).to_contain_text("Dongeng anak di balai desa", timeout=20000)
    assert Activity.objects.filter(title__in=[title, "Dongeng anak di balai desa"]).count() == 2


def test_a_record_waits_through_an_ended_session_until_the_librarian_logs_in(
    page: Page, context: BrowserContext, live_server, demo_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    title = "Pelatihan menulis surat lamaran kerja"
    install(page, live_server.url)
    context.set_offline(True)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("month-tasks")).to_be_visible()
    assert_accessible(page)
    record_activity_offline(page, title)

    session = [cookie for cookie in context.cookies() if cookie["name"] == "sessionid"]
    context.clear_cookies(name="sessionid")  # the session ended while the phone was offline
    context.set_offline(False)
    expect(page.get_by_test_id("outbox-login")).to_be_visible(timeout=20000)
    expect(page.get_by_test_id("outbox-list")).to_contain_text(title)
    assert session and not Activity.objects.filter(title=title).exists()

    assert_accessible(page)  # the outbox, asking to log in again
    page.get_by_test_id("outbox-login").get_by_role("link").click()
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nama pengguna").fill(LIBRARIAN)
    page.get_by_label("Sandi").fill("TpbisDemo#2021")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("outbox-sent")).to_contain_text(title, timeout=20000)
    expect(page.get_by_test_id("outbox-login")).to_be_hidden()
    assert_accessible(page)
    assert Activity.objects.filter(title=title).count() == 1
    assert Activity.objects.get(title=title).photos.count() == 1


def test_a_record_the_server_refuses_waits_to_be_corrected_in_its_form(
    page: Page, context: BrowserContext, live_server, demo_db
):
    install(page, live_server.url)
    context.set_offline(True)
    page.goto(f"{live_server.url}/activities/add/")
    expect(page.get_by_label("Pelibatan masyarakat")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Pelibatan masyarakat").check()
    page.locator("#id_participants_female").fill("6")  # no title: the server will refuse it
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(page.get_by_test_id("outbox-queued")).to_be_visible()
    assert_accessible(page)

    context.set_offline(False)
    expect(page.get_by_test_id("outbox-list")).to_contain_text("Tidak diterima", timeout=20000)
    expect(page.get_by_test_id("outbox-badge")).to_contain_text("1")  # still waiting, for the librarian now
    assert_accessible(page)  # the refused record, with its buttons
    page.get_by_role("button", name="Buka formulirnya").click()
    expect(page.locator(".js-offline-restored")).to_be_visible()
    expect(page.locator("#id_participants_female")).to_have_value("6")
    assert_accessible(page)
    page.locator("#id_title").fill("Kelas literasi keuangan")
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(page.get_by_test_id("activity-title")).to_have_text("Kelas literasi keuangan")
    expect(page.get_by_test_id("outbox-badge")).to_be_hidden()
    assert_accessible(page)
    activity = Activity.objects.get(title="Kelas literasi keuangan")
    assert activity.participants_female == 6

    # Signing out forgets the pages kept on the phone: the next person on it finds none of them.
    assert poll(page, "caches.keys().then((names) => names.includes('tpbis-pages-v1'))")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Pengelola Rebo").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    assert_accessible(page)
    poll(page, "caches.keys().then((names) => !names.includes('tpbis-pages-v1'))")
