import re

import pytest
from playwright.sync_api import Page, expect

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.services]


def test_dkpus_babel_compiles_a_month_and_follows_a_figure_to_its_records(
    page: Page, live_server, celery_worker_process
):
    celery_worker_process()
    problems = []
    # Script errors and CSP violations show in the console; missing files as failed responses (the browser's own
    # favicon request is neither a page resource nor reported as a response).
    page.on(
        "console",
        lambda m: m.type == "error" and not m.text.startswith("Failed to load resource") and problems.append(m.text),
    )
    page.on("response", lambda response: response.status >= 400 and problems.append(response.url))
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "dkpus.babel")
    assert_accessible(page)
    page.goto(f"{live_server.url}/reports/progress/")
    assert_accessible(page)
    page.get_by_label("Bulan").fill("2021-09")
    expect(page.get_by_label("Cakupan")).to_have_value("province:19")
    page.get_by_test_id("compile-start").click()

    expect(page).to_have_url(re.compile(r"/reports/progress/jobs/\d+/$"))
    expect(page.get_by_test_id("job-status")).to_have_text("Selesai", timeout=30_000)
    expect(page.get_by_test_id("job-progress")).to_have_js_property("value", 100)
    assert_accessible(page)
    page.get_by_test_id("job-report-link").click()

    expect(page).to_have_url(re.compile(r"/reports/progress/2021-09/province/19/$"))
    expect(page.get_by_test_id("report-period")).to_have_text("September 2021")
    expect(page.locator("canvas#chart-strategy")).to_be_visible()
    missing = page.get_by_test_id("figure-reports_missing")
    expect(missing).to_have_text("45")
    assert_accessible(page)
    missing.click()

    expect(page).to_have_url(re.compile(r"/records/missing/$"))
    expect(page.get_by_test_id("result-count")).to_have_text("45")
    expect(page.get_by_test_id("record-row")).to_have_count(45)
    assert_accessible(page)
    assert problems == []
