"""A verifier meets the evidence flags in the queue, on a phone and at a desk: reads why two records were flagged,
opens the related one, accepts one flag with a note, and returns the other record to its library.

Two engagement events of Rebo carry the same title three days apart (``duplicate``); every page loaded is
checked with axe-core and must not scroll sideways.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from activities.models import RecordAction, RecordEvent

from ..reports.queue import records
from ..scoping import library_at
from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]

SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1366, "height": 768}}
TITLE = "Kelas membaca dongeng"
NOTE = "Dua sesi kelas dengan peserta berbeda; foto dan daftar hadir terpisah."
COMMENT = "Kegiatan ini tercatat dua kali; mohon hapus salah satunya."


def twins():
    records.quiet()
    village = library_at("own_village")
    first = records.engagement(village, date=dt.date(2025, 3, 1), title=TITLE)
    second = records.engagement(village, date=dt.date(2025, 3, 4), title=TITLE)
    for record in (first, second):
        record.entered_on = dt.date(2025, 3, 5)
        record.save()
    return first, second


def loaded(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("size", SIZES)
def test_a_verifier_accepts_one_flag_and_returns_the_other_record(page: Page, live_server, demo_db, size):
    first, second = twins()
    page.set_viewport_size(SIZES[size])
    log_in(page, live_server.url, "dispus.bangka")
    expect(page.get_by_role("heading", name="Antrean verifikasi")).to_be_visible()
    loaded(page)

    # The queue shows both records' flags with their reason.
    flags = page.get_by_test_id("queue-flag")
    expect(flags).to_have_count(2)
    expect(flags.nth(0)).to_contain_text("Kemungkinan duplikat")
    expect(flags.nth(0)).to_contain_text("judul yang sama, berselang 3 hari")

    # The record's page shows the flag first, with a link to the related record.
    page.goto(f"{live_server.url}/reports/queue/activities/{first.pk}/")
    loaded(page)
    section = page.get_by_test_id("flags")
    expect(section).to_contain_text("Catatan lain perpustakaan ini memiliki judul yang sama, berselang 3 hari.")
    expect(page.get_by_test_id("open-flags")).to_have_text("1 terbuka")
    related = section.get_by_test_id("flag-related")
    expect(related).to_have_attribute("href", reverse("activities:activity_detail", args=[second.pk]))
    related.click()
    expect(page.get_by_test_id("activity-title")).to_have_text(TITLE)
    loaded(page)
    page.go_back()
    loaded(page)

    # Accepting needs a note; with one, the flag is accepted and kept in the history.
    page.get_by_test_id("accept-flag").click()  # the browser asks for the note first
    expect(page.get_by_test_id("flag-accepted")).to_have_count(0)
    page.get_by_label("Alasan catatan tetap sah").fill(NOTE)
    page.get_by_test_id("accept-flag").click()
    expect(page.get_by_test_id("flag-accepted")).to_contain_text(NOTE)
    loaded(page)
    expect(page.locator(".alert-success")).to_contain_text("Tanda diterima: Kemungkinan duplikat")
    expect(page.get_by_test_id("record-events")).to_contain_text("Tanda bukti diterima")
    expect(page.get_by_test_id("open-flags")).to_have_text("0 terbuka")

    # The other record is returned to its library, as any record is.
    page.goto(f"{live_server.url}/reports/queue/activities/{second.pk}/")
    loaded(page)
    expect(page.get_by_test_id("flag")).to_have_count(1)
    page.get_by_label("Yang perlu diperbaiki").fill(COMMENT)
    page.get_by_test_id("return-next").click()
    expect(page).to_have_url(re.compile(r"/reports/queue/"))
    loaded(page)

    second.refresh_from_db()
    assert second.verification == "returned" and second.return_comment == COMMENT
    accepted = first.evidence_flags.get()
    assert (accepted.resolved_by.username, accepted.note) == ("dispus.bangka", NOTE)
    assert [event.action for event in RecordEvent.objects.of(first)] == [RecordAction.FLAG_ACCEPTED]
