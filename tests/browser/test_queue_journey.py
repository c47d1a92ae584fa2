"""The regency's staff work through their verification queue, on a phone and at a desk; the librarian corrects
what came back, and it is waiting again.

``dispus.bangka`` lands on the queue, verifies one record in one tap, two more together (one chosen with the
keyboard), one with "verify and next", and returns the last with a comment. The librarian of Rebo finds it on
the home page with the comment, corrects it in the activity form, and the staff find it back in the queue with
its history. Screenshots of each step go to ``test-artifacts/queue/``.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from activities.models import Activity, RecordEvent
from activities.photos import save_photo

from ..activities.factories import jpeg_bytes
from ..api.uploads import photo_upload
from ..conftest import LIBRARIAN
from ..reports.queue import records
from ..scoping import library_at
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "queue"
SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1366, "height": 768}}
TO_RETURN = "Pelatihan untuk kelompok tani"
CORRECTED = "Pelatihan budidaya madu kelulut untuk kelompok tani"
COMMENT = "Judul belum menyebut keterampilan yang dilatih; mohon dilengkapi."


class Journey:
    """A browser context per user, every failed response and script error collected, numbered screenshots."""

    def __init__(self, browser: Browser, base_url: str, size: str):
        self.browser, self.base_url, self.size = browser, base_url, size
        self.contexts, self.problems, self.shots = [], [], 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def user(self, username: str) -> Page:
        context = self.browser.new_context(viewport=SIZES[self.size], locale="id-ID", is_mobile=self.size == "phone")
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"{username}: {m.text}"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{username}: {r.status} {r.url}"))
        log_in(page, self.base_url, username)
        expect(page).to_have_url(f"{self.base_url}/")
        return page

    def screenshot(self, page: Page, name: str) -> None:
        self.shots += 1
        page.screenshot(path=ARTIFACTS / f"{self.size}-{self.shots:02d}-{name}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def waiting_records(tmp_path) -> list:
    """Five records of Rebo waiting, the oldest first; the last is the one to return."""
    records.quiet()
    village = library_at("own_village")
    first = records.engagement(village, days_ago=6, title="Pelatihan menganyam pandan")
    save_photo(first, photo_upload(jpeg_bytes(size=(640, 480))), None, caption="Peserta menganyam")
    return [
        first,
        records.advocacy(village, days_ago=5),
        records.publication(village, days_ago=4),
        records.snapshot(village, days_ago=3),
        records.engagement(
            village, days_ago=2, title=TO_RETURN, participants=23, participants_male=9, participants_female=14
        ),
    ]


@pytest.mark.parametrize("size", SIZES)
def test_regency_staff_work_through_the_queue_and_the_librarian_resubmits(
    browser: Browser, live_server, demo_db, settings, tmp_path, size
):
    settings.MEDIA_ROOT = tmp_path
    waiting = waiting_records(tmp_path)
    journey = Journey(browser, live_server.url, size)
    try:
        staff = journey.user("dispus.bangka")
        rows = staff.get_by_test_id("queue-row")
        expect(staff.get_by_test_id("queue-count")).to_have_text("5")
        expect(rows).to_have_count(5)
        expect(rows.nth(0)).to_contain_text("Pelatihan menganyam pandan")
        expect(rows.nth(1)).to_contain_text("Rp 25.000.000")
        # A table at a desk, one card per record on a phone.
        display = rows.nth(0).evaluate("row => getComputedStyle(row).display")
        assert display == ("table-row" if size == "desk" else "block")
        journey.screenshot(staff, "queue")

        # One tap verifies the oldest.
        rows.nth(0).get_by_test_id("verify-one").click()
        expect(staff.get_by_test_id("queue-count")).to_have_text("4")
        expect(staff.locator(".alert-success")).to_contain_text("1 catatan diverifikasi")

        # Two chosen (the second with the keyboard) and verified together.
        rows.nth(0).get_by_role("checkbox").check()
        second = rows.nth(1).get_by_role("checkbox")
        second.focus()
        staff.keyboard.press("Space")
        expect(second).to_be_checked()
        expect(staff.locator(".js-selected-count")).to_have_text("2")
        journey.screenshot(staff, "two-selected")
        staff.get_by_test_id("verify-selected").click()
        expect(staff.locator(".alert-success")).to_contain_text("2 catatan diverifikasi")
        expect(staff.get_by_test_id("queue-count")).to_have_text("2")

        # The next opened, verified, and the following one comes up.
        rows.nth(0).get_by_test_id("queue-open").click()
        expect(staff.get_by_test_id("record-details")).to_contain_text("1.200")
        journey.screenshot(staff, "snapshot")
        staff.get_by_test_id("verify-next").click()
        expect(staff.get_by_test_id("record-title")).to_have_text(TO_RETURN)
        expect(staff.get_by_test_id("remaining")).to_contain_text("1 catatan menunggu")

        # The last is returned with a comment: the queue is empty.
        staff.get_by_label("Yang perlu diperbaiki").fill(COMMENT)
        journey.screenshot(staff, "return")
        staff.get_by_test_id("return-next").click()
        expect(staff).to_have_url(re.compile(r"/reports/queue/$"))
        expect(staff.get_by_test_id("queue-empty")).to_be_visible()
        expect(staff.locator(".alert-info")).to_contain_text("Tidak ada lagi yang menunggu di sini")
        activities = Activity.objects.filter(pk__in=[r.pk for r in waiting if isinstance(r, Activity)])
        assert [a.verification for a in activities.order_by("pk")] == [
            "verified",
            "verified",
            "verified",
            "returned",
        ]

        # The librarian sees it came back and why, and corrects it.
        librarian = journey.user(LIBRARIAN)
        panel = librarian.get_by_test_id("home-returned")
        expect(panel).to_contain_text(TO_RETURN)
        expect(panel.get_by_test_id("returned-comment")).to_contain_text(COMMENT)
        journey.screenshot(librarian, "returned-on-home")
        panel.get_by_test_id("returned-correct").click()
        librarian.locator("#id_title").fill(CORRECTED)
        librarian.get_by_role("button", name="Simpan kegiatan").click()
        expect(librarian.get_by_test_id("activity-title")).to_have_text(CORRECTED)
        expect(librarian.get_by_test_id("verification-state")).to_have_text("Belum diverifikasi")
        expect(librarian.get_by_test_id("record-events")).to_contain_text(COMMENT)
        journey.screenshot(librarian, "corrected")
        librarian.goto(f"{live_server.url}/")
        expect(librarian.get_by_test_id("home-returned")).to_have_count(0)

        # Back in the queue, with its history.
        staff.goto(f"{live_server.url}/")
        expect(staff.get_by_test_id("queue-count")).to_have_text("1")
        expect(rows.nth(0)).to_contain_text(CORRECTED)
        rows.nth(0).get_by_test_id("queue-open").click()
        events = staff.get_by_test_id("record-events")
        expect(events).to_contain_text(COMMENT)
        expect(events).to_contain_text("Diperbaiki dan dikirim kembali untuk diverifikasi")
        journey.screenshot(staff, "back-in-the-queue")
        actions = [e.action for e in RecordEvent.objects.of(waiting[-1])]
        assert actions == ["returned", "corrected"]
        assert journey.problems == []
    finally:
        journey.close()
