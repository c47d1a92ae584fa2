"""The village librarian's month on a phone with a weak connection, and the regency staff who check it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from activities.models import Activity
from foundation.months import previous_month
from reports.choices import ReportAction, ReportStatus
from reports.models import MonthlyReport
from reports.monthly import workflow
from tests.activities.factories import jpeg_bytes
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
TITLE = "Pelatihan budidaya madu kelulut untuk kelompok tani"


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_librarian_records_an_activity_with_a_photo_through_a_failed_send_and_submits_the_month(
    page: Page, live_server, demo_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    month = previous_month(timezone.localdate())
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, LIBRARIAN)
    assert_accessible(page)

    page.goto(f"{live_server.url}/activities/add/")
    expect(page.get_by_test_id("form-library")).to_have_text("Perpustakaan Desa Rebo")
    assert_accessible(page)
    assert fits_the_screen(page)
    page.get_by_label("Pelibatan masyarakat").check()
    page.locator("#id_date").fill(f"{month:%Y-%m}-10")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_skill_area").fill("budidaya madu kelulut")
    page.locator("#id_participants_male").fill("9")
    page.locator("#id_participants_female").fill("14")
    page.locator("#id_description").fill("Praktik memindahkan koloni kelulut ke stup kayu.")
    photo = {"name": "kegiatan.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(1200, 900))}
    page.set_input_files("#id_photos", files=[photo])
    save = page.get_by_role("button", name="Simpan kegiatan")
    assert save.bounding_box()["height"] >= 44  # a thumb-sized target

    # The first send reaches the server, but the answer is lost on the way back.
    sends = []

    def answer_lost_once(route):
        if route.request.method == "POST" and not sends:
            sends.append(route.request)
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/activities/add/", answer_lost_once)
    save.click()
    expect(page.get_by_test_id("send-failed")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(TITLE)  # nothing typed is lost
    assert_accessible(page)
    assert len(sends) == 1

    # Even after reopening the page, the entry comes back from the phone's storage.
    page.reload()
    expect(page.locator(".js-offline-restored")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_participants_female")).to_have_value("14")
    expect(page.get_by_label("Pelibatan masyarakat")).to_be_checked()
    assert_accessible(page)
    page.set_input_files("#id_photos", files=[photo])
    page.get_by_role("button", name="Simpan kegiatan").click()

    expect(page.get_by_test_id("activity-title")).to_have_text(TITLE)
    expect(page.get_by_test_id("photo-count")).to_have_text("1")
    thumbnail = page.locator(".photo-grid img")
    expect(thumbnail).to_have_count(1)
    for _ in range(50):  # the thumbnail comes from the scoped photo view (wait_for_function would need eval: CSP)
        if thumbnail.evaluate("img => img.complete && img.naturalWidth") > 0:
            break
        page.wait_for_timeout(100)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)
    activities = Activity.objects.filter(title=TITLE, library=library_at("own_village"))
    assert activities.count() == 1  # the repeated send created nothing twice
    assert activities.get().photos.count() == 1

    # The monthly report starts from the month's activities.
    page.goto(f"{live_server.url}/reports/monthly/add/?period={month:%Y-%m}")
    assert fits_the_screen(page)
    assert_accessible(page)
    engagement = Activity.objects.filter(
        library=library_at("own_village"),
        strategy="community_engagement",
        date__year=month.year,
        date__month=month.month,
    ).count()
    expect(page.locator("#id_activities_community_engagement")).to_have_value(str(engagement))
    expect(page.locator("#id_participants_female")).not_to_have_value("0")
    page.locator("#id_visitors").fill("342")
    page.locator("#id_loans").fill("118")
    page.locator("#id_ict_users").fill("57")
    page.locator("#id_problems").fill("Internet sering putus saat hujan.")
    page.get_by_role("button", name="Simpan dan ajukan").click()

    expect(page.get_by_test_id("report-status")).to_have_text("Diajukan")
    expect(page.get_by_test_id("visitors")).to_have_text("342")
    assert_accessible(page)
    report = MonthlyReport.objects.get(library=library_at("own_village"), period=month)
    assert report.status == ReportStatus.SUBMITTED
    assert report.activities_community_engagement == engagement
    assert report.submitted_at is not None


def test_regency_staff_return_the_report_with_a_comment(page: Page, live_server, demo_db):
    report = MonthlyReport.objects.create(
        library=library_at("own_village"), period=dt.date(2025, 3, 1), visitors=12, loans=3
    )
    workflow.submit(report, User.objects.get(username=LIBRARIAN))
    comment = "Jumlah pengunjung jauh di bawah buku tamu; mohon dihitung ulang."

    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "dispus.bangka")
    assert_accessible(page)
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    expect(page.get_by_test_id("report-status")).to_have_text("Diajukan")
    assert fits_the_screen(page)
    assert_accessible(page)
    page.get_by_text("Kembalikan untuk diperbaiki").click()
    page.get_by_label("Yang perlu diperbaiki").fill(comment)
    page.get_by_role("button", name="Kembalikan dengan komentar ini").click()

    expect(page.get_by_test_id("report-status")).to_have_text("Dikembalikan")
    expect(page.get_by_test_id("return-comment")).to_contain_text(comment)
    expect(page.get_by_test_id("events")).to_contain_text("Dispus Bangka")
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_comment == comment
    event = report.events.get(action=ReportAction.RETURNED)
    assert (event.actor.username, event.comment) == ("dispus.bangka", comment)
