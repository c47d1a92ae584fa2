"""Every journey that uses the ``page`` fixture must check each page it loads with axe-core (``accessibility``)."""

import pytest

from .accessibility import unchecked, watch


@pytest.fixture
def page(demo_db, page):
    """Playwright's page, set up after the data so that it is closed before the database is flushed: a request
    it still makes (a background fetch) would otherwise meet the flush, and PostgreSQL reports a deadlock."""
    return page


@pytest.fixture(autouse=True)
def every_page_checked(request):
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    watch(page)
    yield
    missed = unchecked(page)
    assert not missed, f"pages loaded without an accessibility check: {missed}"
