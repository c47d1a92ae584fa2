import pytest
from playwright.sync_api import Page, expect

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]


def test_api_docs_render_under_the_csp_and_try_it_out_uses_the_session(page: Page, live_server, demo_db):
    problems = []
    page.on("console", lambda message: message.type in {"error", "warning"} and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server.url, "dkpus.babel")
    assert_accessible(page)

    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("TPBIS Portal API")
    assert_accessible(page)
    page.locator("#operations-tag-provinces").click()  # the endpoints start collapsed
    operation = page.locator("#operations-provinces-provinces_list")
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    response = operation.locator(".live-responses-table .response")
    expect(response.locator(".response-col_status")).to_have_text("200")
    expect(response.locator(".response-col_description")).to_contain_text("Kepulauan Bangka Belitung")
    # Swagger UI dims Execute while the request runs and fades it back in over 0.3 s: check it at rest.
    expect(operation.locator(".btn.execute")).to_have_css("opacity", "1")
    # Its summary shows a copy button while hovered, growing over 0.5 s: the pointer away, check it folded.
    page.mouse.move(0, 0)
    expect(operation.locator(".opblock-summary .copy-to-clipboard")).to_have_css("width", "0px")
    assert_accessible(page)
    assert not [text for text in problems if "Content Security Policy" in text or "Refused" in text], problems
