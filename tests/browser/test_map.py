"""The dashboard map shows land with no tile server: the provinces shipped with the portal, as SVG paths."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from reports.dashboards import cache as dashboard_cache

from .accessibility import assert_accessible
from .test_login_journey import log_in

pytestmark = [pytest.mark.browser]

BOUNDARIES = Path(settings.BASE_DIR) / "static" / "geo" / "provinces.json"


def test_the_map_draws_province_boundaries_without_tiles(page: Page, live_server, demo_db):
    assert settings.TPBIS_MAP_TILE_URL == ""  # no tile server configured
    dashboard_cache.invalidate_all()
    tiles = []
    page.on("request", lambda request: "tile" in request.url and tiles.append(request.url))
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "dkpus.babel")
    expect(page.get_by_role("heading", name="Antrean verifikasi")).to_be_visible()  # the staff's home
    assert_accessible(page)
    page.goto(f"{live_server.url}/libraries/?level=village")
    expect(page.get_by_test_id("result-count")).to_have_text("45")
    assert_accessible(page)
    page.goto(f"{live_server.url}/reports/dashboard/province/19/")
    features = len(json.loads(BOUNDARIES.read_text())["features"])
    expect(page.get_by_test_id("map")).to_have_attribute("data-boundaries", str(features))
    paths = page.locator("#dashboard-map .leaflet-overlay-pane svg path.map-province")
    expect(paths).to_have_count(features)
    own = page.locator("#dashboard-map svg path.map-province-own")
    expect(own).to_have_count(1)  # Bangka Belitung stands out
    assert re.match(r"^M", own.get_attribute("d"))
    expect(page.get_by_test_id("map")).to_have_attribute("data-points", re.compile(r"^\d+$"))
    assert page.locator("#dashboard-map img.leaflet-tile").count() == 0 and tiles == []
    assert_accessible(page)
