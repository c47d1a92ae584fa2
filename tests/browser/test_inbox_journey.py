"""Notifications on a phone: staff return a report with a comment; the librarian sees it in the navbar and the inbox,
opens the report from there, and gets the mail."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from notifications.models import Notification
from reports.models import MonthlyReport
from reports.monthly import workflow
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

from .accessibility import assert_accessible
from .test_librarian_journey import PHONE, fits_the_screen
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]

SUBJECT = "Laporan bulanan April 2025, Perpustakaan Desa Rebo"
COMMENT = "Jumlah peminjaman belum sesuai buku pinjam; mohon dihitung ulang."


def test_the_inbox_shows_a_returned_report(page: Page, live_server, demo_db, mailoutbox):
    report = MonthlyReport.objects.create(
        library=library_at("own_village"), period=dt.date(2025, 4, 1), visitors=40, loans=9
    )
    workflow.submit(report, User.objects.get(username=LIBRARIAN))  # the verifiers are told

    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "dispus.bangka")
    expect(page.get_by_test_id("unread-badge")).to_have_text("1 belum dibaca")
    # The service worker keeps this user's offline pages in the background; once it is done none of its requests
    # can land after the cookies are cleared below (one redirected to the login page would reset the CSRF cookie).
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1", timeout=20000)
    assert_accessible(page)
    page.get_by_test_id("nav-inbox").click()
    expect(page.get_by_test_id("notification")).to_contain_text("Diajukan, menunggu verifikasi Anda")
    assert_accessible(page)
    page.get_by_test_id("notification").get_by_role("link").click()
    expect(page.get_by_test_id("report-status")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Kembalikan untuk diperbaiki").click()
    page.get_by_label("Yang perlu diperbaiki").fill(COMMENT)
    page.get_by_role("button", name="Kembalikan dengan komentar ini").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Dikembalikan")
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)  # opening it marked it read
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, live_server.url, LIBRARIAN)
    expect(page.get_by_test_id("unread-badge")).to_have_text("1 belum dibaca")
    assert_accessible(page)
    page.get_by_test_id("nav-inbox").click()
    item = page.get_by_test_id("notification")
    expect(item).to_contain_text("Dikembalikan kepada Anda untuk diperbaiki")
    assert fits_the_screen(page)
    expect(item).to_contain_text(SUBJECT)
    expect(item.get_by_test_id("notification-comment")).to_have_text(COMMENT)
    expect(item).to_contain_text("Dispus Bangka")
    assert_accessible(page)
    item.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_test_id("return-comment")).to_contain_text(COMMENT)
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)
    assert_accessible(page)
    assert Notification.objects.get(recipient__username=LIBRARIAN).read_at is not None

    (mail,) = [m for m in mailoutbox if m.to == [User.objects.get(username=LIBRARIAN).email]]
    assert mail.subject == f"Dikembalikan kepada Anda untuk diperbaiki: {SUBJECT}"
    assert COMMENT in mail.body and COMMENT in mail.alternatives[0][0]
