"""The KPI coach in a real browser: a librarian reads what is missing for the next colour on their home page,
records the publication it asks for, and sees the sentence change; on a phone and at a desk."""

import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from activities.models import Activity
from libraries.models import Library
from reports.kpi import coach, coaching
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]


def a_year_of_engagement_and_advocacy(library: Library) -> None:
    """Every target of the year reached for engagement, participants and advocacy: yellow (70 points), and the
    publications the cheapest way to green."""
    today = timezone.localdate()
    records = [
        Activity(library=library, date=today, strategy="community_engagement", title=f"Kelas membaca {i}",
                 participants=20, field="education", event_kind="training")
        for i in range(24)
    ] + [
        Activity(library=library, date=today, strategy="advocacy", title=f"Audiensi {i}", result="non_funds")
        for i in range(6)
    ]  # fmt: skip
    Activity.objects.bulk_create(records)


def publications_missing(library: Library) -> int:
    advice = coaching.library_advice(library)["advice"]
    assert advice.next_colour == "green", advice
    assert next(iter(advice.missing)) == "publication", advice.missing
    return advice.missing["publication"]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_a_librarian_sees_the_coach_count_down_after_a_publication(page: Page, live_server, demo_db, width, height):
    library = library_at("own_village")
    a_year_of_engagement_and_advocacy(library)
    before = publications_missing(library)
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server.url, LIBRARIAN)
    assert_accessible(page)
    sentence = page.get_by_test_id("coach-sentence")
    expect(sentence).to_contain_text(f"{before} publikasi")
    expect(sentence).to_contain_text("lagi untuk hijau")
    expect(page.get_by_test_id("coach-colour")).to_have_text("Kuning")

    page.goto(f"{live_server.url}/activities/publications/add/")
    assert_accessible(page)
    page.locator("#id_date").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.locator("#id_title").fill("Perpustakaan desa di koran daerah")
    page.get_by_label("Media cetak").check()
    page.locator("#id_media_outlet").fill("Bangka Pos")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Simpan")).first.click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page)

    if urlparse(page.url).path != "/":
        page.goto(f"{live_server.url}/")
        assert_accessible(page)
    after = before - 1
    assert coach.next_colour("yellow") == "green"
    if after:
        expect(page.get_by_test_id("coach-sentence")).to_contain_text(f"{after} publikasi lagi untuk hijau")
    else:
        expect(page.get_by_test_id("coach-colour")).to_have_text("Hijau")
