import pytest
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD

from .accessibility import assert_accessible

pytestmark = [pytest.mark.browser]


def log_in(page: Page, base_url: str, username: str) -> None:
    """Log in through the login page (checked with axe-core); the journey checks the page it lands on."""
    page.goto(f"{base_url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(DEMO_PASSWORD)
    with page.expect_navigation():  # the journey's next check must see the page it lands on, not the login page
        page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def test_dkpus_babel_logs_in_and_sees_babel_libraries(page: Page, live_server, demo_db):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "dkpus.babel")
    expect(page.get_by_role("heading", name="Antrean verifikasi")).to_be_visible()  # the staff's home
    assert_accessible(page)
    page.goto(f"{live_server.url}/libraries/?level=village")
    expect(page.get_by_test_id("result-count")).to_have_text("45")
    assert_accessible(page)
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_wrong_password_keeps_username_and_says_why(page: Page, live_server, demo_db):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Nama pengguna").fill("dkpus.babel")
    page.get_by_label("Sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_label("Nama pengguna")).to_have_value("dkpus.babel")
    expect(page.locator(".alert-danger, .invalid-feedback, .alert-block")).to_be_visible()
    assert_accessible(page)
