"""The month of the program end to end, with the three kinds of users working side by side.

A village librarian on a phone records activities and submits October 2021 (a month the demo
leaves empty); the regency's staff verify the report; the province's staff compile the month
through a real Celery worker; a consultant reads the figures and downloads the PDF. Each user
has a browser context of their own; screenshots of every step go to ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from reports.models import CompileJob, MonthlyReport

from ..conftest import LIBRARIAN
from ..scoping import library_at
from .accessibility import assert_accessible, unchecked, watch
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.services]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MONTH = "2021-10"


@dataclass(frozen=True)
class Entry:
    strategy: str  # the radio button's Indonesian label
    day: str
    title: str
    male: int
    female: int


ENTRIES = [
    Entry("Pelibatan masyarakat", "2021-10-12", "Pelatihan menganyam pandan untuk ibu-ibu PKK", 2, 14),
    Entry("Advokasi", "2021-10-20", "Audiensi dengan kepala desa tentang anggaran perpustakaan", 9, 1),
]
VISITORS, LOANS, ICT_USERS = 342, 118, 57


@dataclass(frozen=True)
class Expected:
    """What the month's figures must be, from the entries above (nothing else happened in October 2021)."""

    activities: int = len(ENTRIES)
    participants_male: int = sum(e.male for e in ENTRIES)
    participants_female: int = sum(e.female for e in ENTRIES)
    visitors: int = VISITORS
    reports_submitted: int = 1

    @property
    def participants(self) -> int:
        return self.participants_male + self.participants_female


class Journey:
    """Browser contexts per user, console errors and failed responses collected, numbered screenshots, and every
    page checked with axe-core (``accessibility``): each step's screenshot checks the page first."""

    def __init__(self, browser: Browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts: list[BrowserContext] = []
        self.pages: list[Page] = []
        self.problems: list[str] = []
        self.shots = 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def user(self, username: str, viewport: dict) -> Page:
        context = self.browser.new_context(viewport=viewport, locale="id-ID", is_mobile=viewport is PHONE)
        self.contexts.append(context)
        page = context.new_page()
        watch(page)
        self.pages.append(page)
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and self.problems.append(f"{username}: {m.text}")
            ),
        )
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{username}: {r.status} {r.url}"))
        log_in(page, self.base_url, username)
        expect(page).to_have_url(f"{self.base_url}/")
        assert_accessible(page)
        return page

    def screenshot(self, page: Page, name: str) -> None:
        assert_accessible(page)
        self.shots += 1
        page.screenshot(path=ARTIFACTS / f"{self.shots:02d}-{name}.png", full_page=True)

    def unchecked(self) -> list[str]:
        return [url for page in self.pages for url in unchecked(page)]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def consultant_reads_the_progress_report(journey: Journey, page: Page, expected: Expected) -> None:
    page.goto(f"{journey.base_url}/reports/progress/{MONTH}/province/19/")
    expect(page.get_by_test_id("report-period")).to_have_text("Oktober 2021")
    figures = {
        "activities": expected.activities,
        "participants_male": expected.participants_male,
        "participants_female": expected.participants_female,
        "participants": expected.participants,
        "visitors": expected.visitors,
        "reports_submitted": expected.reports_submitted,
    }
    for key, value in figures.items():
        expect(page.get_by_test_id(f"figure-{key}")).to_have_text(str(value))
    journey.screenshot(page, "consultant-progress-report")


def consultant_sees_the_month_on_the_dashboard(journey: Journey, page: Page, expected: Expected) -> None:
    page.goto(f"{journey.base_url}/reports/dashboard/province/19/?period_from={MONTH}&period_to={MONTH}")
    expect(page.get_by_test_id(f"activities-{MONTH}")).to_have_text(str(expected.activities))
    expect(page.get_by_test_id("participants-male")).to_have_text(str(expected.participants_male))
    expect(page.get_by_test_id("participants-female")).to_have_text(str(expected.participants_female))
    journey.screenshot(page, "consultant-dashboard")


#: What the consultant checks once the month is compiled, in order: each is called with the journey,
#: the consultant's page and the expected figures.
CONSULTANT_CHECKS: list[Callable[[Journey, Page, Expected], None]] = [
    consultant_reads_the_progress_report,
    consultant_sees_the_month_on_the_dashboard,
]


def test_a_month_from_the_librarians_phone_to_the_consultants_pdf(browser: Browser, live_server, celery_worker_process):
    celery_worker_process()
    journey = Journey(browser, live_server.url)
    expected = Expected()
    try:
        # 1. The librarian, on a phone, records the month's activities and submits the report.
        librarian = journey.user(LIBRARIAN, PHONE)
        for number, entry in enumerate(ENTRIES, start=1):
            librarian.goto(f"{live_server.url}/activities/add/")
            assert_accessible(librarian)
            librarian.get_by_label(entry.strategy).check()
            librarian.locator("#id_date").fill(entry.day)
            librarian.locator("#id_title").fill(entry.title)
            librarian.locator("#id_participants_male").fill(str(entry.male))
            librarian.locator("#id_participants_female").fill(str(entry.female))
            librarian.get_by_role("button", name="Simpan kegiatan").click()
            expect(librarian.get_by_test_id("activity-title")).to_have_text(entry.title)
            journey.screenshot(librarian, f"librarian-activity-{number}")

        librarian.goto(f"{live_server.url}/reports/monthly/add/?period={MONTH}")
        expect(librarian.locator("#id_activities_community_engagement")).to_have_value("1")
        expect(librarian.locator("#id_activities_advocacy")).to_have_value("1")
        assert_accessible(librarian)
        librarian.locator("#id_visitors").fill(str(VISITORS))
        librarian.locator("#id_loans").fill(str(LOANS))
        librarian.locator("#id_ict_users").fill(str(ICT_USERS))
        librarian.locator("#id_problems").fill("Koneksi internet putus-putus saat hujan.")
        librarian.get_by_role("button", name="Simpan dan ajukan").click()
        expect(librarian.get_by_test_id("report-status")).to_have_text("Diajukan")
        journey.screenshot(librarian, "librarian-report-submitted")
        report = MonthlyReport.objects.get(library=library_at("own_village"), period=f"{MONTH}-01")

        # 2. The regency's staff verify it (their own browser, at a desk).
        regency = journey.user("dispus.bangka", DESKTOP)
        regency.goto(f"{live_server.url}{report.get_absolute_url()}")
        expect(regency.get_by_test_id("visitors")).to_have_text(str(VISITORS))
        assert_accessible(regency)
        regency.get_by_role("button", name="Verifikasi").click()
        expect(regency.get_by_test_id("report-status")).to_have_text("Terverifikasi")
        journey.screenshot(regency, "regency-verified")
        # The librarian sees the verdict.
        librarian.reload()
        expect(librarian.get_by_test_id("report-status")).to_have_text("Terverifikasi")
        assert_accessible(librarian)

        # 3. The province's staff compile October for Bangka Belitung; the worker does it.
        province = journey.user("dkpus.babel", DESKTOP)
        province.goto(f"{live_server.url}/reports/progress/")
        assert_accessible(province)
        province.get_by_label("Bulan").fill(MONTH)
        expect(province.get_by_label("Cakupan")).to_have_value("province:19")
        province.get_by_test_id("compile-start").click()
        expect(province).to_have_url(re.compile(r"/reports/progress/jobs/\d+/$"))
        expect(province.get_by_test_id("job-status")).to_have_text("Selesai", timeout=60_000)
        journey.screenshot(province, "province-compiled")
        job = CompileJob.objects.get(period=f"{MONTH}-01", scope="province", code="19")
        assert (job.status, job.attempts) == ("done", 1)

        # 4. The consultant reads the figures and downloads the PDF the worker rendered.
        consultant = journey.user("konsultan", DESKTOP)
        for check in CONSULTANT_CHECKS:
            check(journey, consultant, expected)
        consultant.goto(f"{live_server.url}/reports/progress/{MONTH}/province/19/")
        assert_accessible(consultant)
        with consultant.expect_download() as download_info:
            consultant.get_by_test_id("export-pdf").click()
        download = download_info.value
        assert download.suggested_filename == f"laporan-perkembangan-province-19-{MONTH}.pdf"
        download.save_as(ARTIFACTS / download.suggested_filename)
        pdf = PdfReader(io.BytesIO((ARTIFACTS / download.suggested_filename).read_bytes()))
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert "Kepulauan Bangka Belitung" in text and "Oktober 2021" in text
        bangka_row = re.search(r"Kabupaten Bangka\s+(\d+)\s+(\d+)\s+(\d+)", text)
        assert bangka_row, text[:2000]
        assert tuple(map(int, bangka_row.groups())) == (expected.activities, expected.participants, VISITORS)
        assert journey.unchecked() == []
        assert journey.problems == []
    finally:
        journey.close()
