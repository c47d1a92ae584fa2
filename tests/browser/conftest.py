"""Every journey that uses the ``page`` fixture must check each page it loads with axe-core (``accessibility``)."""

import pytest

from .accessibility import unchecked, watch


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
