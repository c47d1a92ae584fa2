"""The main pages of a librarian, of provincial staff and of a consultant, on a phone and at a desk: axe-core finds
no serious or critical WCAG 2.2 A/AA violation, and on the phone every control is at least 44 by 44 px."""

import pytest
from playwright.sync_api import Page, expect

from activities.models import Activity, Advocacy, Publication
from libraries.models import Library, SynergyTeam
from reports.models import MonthlyReport

from ..conftest import LIBRARIAN
from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TOUCH = 44

# Controls a thumb must hit: each visible one's box, or for a checkbox or radio the row that holds it. Links in
# running text and in table cells are exempt (WCAG 2.5.8 lets inline targets follow the text's own size).
SMALL_TARGETS = """(minimum) => {
  const seen = new Set();
  const small = [];
  const selector = [
    "button", ".btn", "select", "textarea", "summary", ".page-link", ".nav-link", ".navbar-brand", ".dropdown-item",
    "input:not([type=hidden])",
  ].join(", ");
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest("[hidden]") || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    let target = el;
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      target = el.closest("label, .form-check, .picker-row") || el;
    }
    if (seen.has(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.height < minimum || box.width < minimum) {
      const name = (target.innerText || target.value || target.getAttribute("aria-label") || target.name || "").trim();
      small.push(`${target.tagName.toLowerCase()}.${[...target.classList].join(".")} "${name.slice(0, 40)}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""

# The innermost elements that reach past the viewport's right edge (to name what makes a page scroll sideways).
WIDE = """() => [...document.body.querySelectorAll("*")]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > window.innerWidth + 1))
  .slice(0, 5)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} `
    + `${Math.round(el.getBoundingClientRect().right)}px`)"""


def check(page: Page, phone: bool) -> None:
    assert_accessible(page)
    if phone:
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") == "false":
            toggler.click()
            expect(page.locator("#mainnav")).to_be_visible()
        small = page.evaluate(SMALL_TARGETS, TOUCH)
        assert small == [], f"{page.url}: controls under {TOUCH} px: {small}"
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{page.url} scrolls sideways: {page.evaluate(WIDE)}"


def walk(page: Page, base: str, paths: list[str], phone: bool) -> None:
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        check(page, phone)


def librarian_pages() -> list[str]:
    activity = Activity.objects.filter(library__village__name="Rebo").first()
    report = MonthlyReport.objects.filter(library__village__name="Rebo").first()
    return [
        "/",
        "/activities/",
        "/activities/add/",
        f"/activities/{activity.pk}/",
        "/activities/advocacy/add/",
        "/activities/publications/add/",
        "/reports/monthly/",
        f"/reports/monthly/{report.pk}/",
        "/reports/dashboard/",
        "/reports/progress/",
        "/libraries/",
        "/trainings/",
        "/reports/plm/",
        "/accounts/password_change/",
    ]


def staff_pages() -> list[str]:
    team = SynergyTeam.objects.filter(province_id="19", regency__isnull=True).first()
    library = Library.objects.filter(province_id="19", level="village").first()
    advocacy = Advocacy.objects.filter(library__province_id="19").order_by("pk").first()
    publication = Publication.objects.filter(library__province_id="19").order_by("pk").first()
    return [
        "/",  # the verification queue
        "/libraries/",
        f"/libraries/{library.pk}/",
        "/libraries/add/",
        "/libraries/import/",
        "/libraries/synergy-teams/",
        f"/libraries/synergy-teams/{team.pk}/",
        f"/libraries/team-members/add/?team={team.pk}",
        "/libraries/commitments/",
        "/libraries/meetings/",
        "/libraries/aid/",
        "/activities/",
        "/reports/monthly/",
        "/reports/reminders/",
        "/trainings/",
        "/trainings/add/",
        "/reports/progress/",
        "/reports/progress/2021-09/province/19/",
        "/reports/dashboard/province/19/",
        "/reports/plm/",
        "/reports/plm/add/",
        "/accounts/users/",
        "/accounts/users/import/",
        "/reports/kpi/",
        "/reports/queue/returned/",
        f"/reports/queue/advocacy/{advocacy.pk}/",
        f"/reports/queue/publications/{publication.pk}/",
        "/activities/advocacy/",
        f"/activities/advocacy/{advocacy.pk}/",
        "/activities/publications/",
        f"/activities/publications/{publication.pk}/",
    ]


@pytest.mark.parametrize(("username", "pages"), [(LIBRARIAN, librarian_pages), ("dkpus.babel", staff_pages)])
def test_main_pages_on_a_phone(page: Page, live_server, demo_db, username, pages):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, username)
    check(page, phone=True)
    walk(page, live_server.url, pages(), phone=True)


def test_main_pages_at_a_desk(page: Page, live_server, demo_db):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "konsultan")
    check(page, phone=False)
    pages = ["/reports/dashboard/national/ID/", *staff_pages()[:3], "/reports/progress/"]
    walk(page, live_server.url, pages, phone=False)
