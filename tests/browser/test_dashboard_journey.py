"""A consultant follows the national dashboard down to Babel, Bangka and one library, on a laptop and a phone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reports.dashboards import cache as dashboard_cache

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"laptop": (1366, 768), "phone": (390, 844)}

# Each chart canvas with the number of values above zero Chart.js holds for it.
CHART_VALUES = """() => Array.from(document.querySelectorAll("canvas[id^=chart-]")).map((canvas) => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  const values = chart ? chart.data.datasets.reduce((n, d) => n + d.data.filter((v) => v > 0).length, 0) : -1;
  return [canvas.id, values, canvas.width > 0 && canvas.height > 0];
})"""


def charts_have_data(page: Page) -> dict:
    # The page's script draws the charts after the HTML is shown: evaluating earlier found no chart (-1).
    page.wait_for_selector("body[data-charts-drawn=true]", state="attached")
    charts = {name: (values, sized) for name, values, sized in page.evaluate(CHART_VALUES)}
    assert charts, "no chart on the page"
    for name, (values, sized) in charts.items():
        assert sized and values > 0, (name, values)
    return charts


def screenshots(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)  # charts resize with the page
        page.screenshot(path=ARTIFACTS / f"dashboard-{name}-{size}.png")
        page.screenshot(path=ARTIFACTS / f"dashboard-{name}-{size}-full.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_konsultan_drills_down_from_the_nation_to_a_library(page: Page, live_server, demo_db):
    dashboard_cache.invalidate_all()
    problems = []
    page.on(
        "console",
        lambda m: m.type == "error" and not m.text.startswith("Failed to load resource") and problems.append(m.text),
    )
    page.on("response", lambda response: response.status >= 400 and problems.append(response.url))
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server.url, "konsultan")
    assert_accessible(page)
    page.get_by_test_id("home-dashboard").click()

    expect(page).to_have_url(re.compile(r"/reports/dashboard/national/ID/$"))
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("Dasbor nasional")
    expect(page.get_by_test_id("moved-range")).to_be_visible()  # the demo's records are from 2021
    charts = charts_have_data(page)
    assert {"chart-completeness", "chart-strategy", "chart-participants", "chart-kpi"} <= set(charts)
    expect(page.get_by_test_id("map")).to_have_attribute("data-points", re.compile(r"^[1-9]\d*$"))
    expect(page.locator("#dashboard-map .leaflet-overlay-pane canvas")).to_be_attached()  # the points, drawn
    assert_accessible(page)
    screenshots(page, "national")

    page.get_by_test_id("tile-19").click()
    expect(page).to_have_url(re.compile(r"/reports/dashboard/province/19/\?period_from=2020-10&period_to=2021-09"))
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("Kepulauan Bangka Belitung")
    expect(page.get_by_test_id("heatmap-row")).to_have_count(7)  # six regencies and the provincial library
    charts_have_data(page)
    assert_accessible(page)
    screenshots(page, "province-19")

    page.get_by_test_id("heatmap-link-19.01").click()
    expect(page).to_have_url(re.compile(r"/reports/dashboard/regency/19\.01/"))
    charts_have_data(page)
    assert_accessible(page)
    # Bangka's work plans of 2021: its libraries' and its own, readable on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    plans = page.get_by_test_id("dashboard-plans")
    plans.scroll_into_view_if_needed()
    expect(plans.get_by_test_id("plans-library")).to_be_visible()
    expect(plans.get_by_test_id("plan-line-regency-replication_villages")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    assert_accessible(page)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_test_id("heatmap").locator("a[data-testid^=heatmap-link-]").first.click()

    expect(page).to_have_url(re.compile(r"/reports/dashboard/library/\d+/\?period_from=2020-10"))
    expect(page.get_by_test_id("breadcrumbs")).to_contain_text("Kabupaten Bangka")
    charts_have_data(page)
    expect(page.get_by_test_id("map")).to_have_attribute("data-points", "1")
    assert_accessible(page)
    screenshots(page, "library")

    missing = page.get_by_test_id("completeness-2021-08").get_by_test_id("figure-expected")
    expect(missing).to_have_text("1")
    missing.click()
    expect(page.get_by_test_id("result-count")).to_have_text("1")
    assert_accessible(page)
    assert problems == []
