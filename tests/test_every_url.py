"""Every URL pattern of the portal, for every demo role, with bad query values: never a server error.

The patterns come from the resolver (``tests.urlwalk``), so a new page is walked as soon as it exists.
Each is requested by each role with its arguments naming records inside and outside the role's area;
the national administrator then sends every page each value its FilterSet or form cannot take (per
field, as the form reads it) and generic junk (paging, sorting, months, NUL, huge numbers, dates out
of range); the other roles send a record outside their area to every dropdown filter and the junk all
at once. Edit forms get the same bad values posted field by field.

The walk runs outside a test transaction (committed demo data), as a deployed portal runs: counts are
cached, nothing is rolled back between requests.
"""

import sys
from collections import defaultdict

import pytest
from django import forms
from django.core.signals import got_request_exception
from django.test import Client
from django.test.client import RequestFactory

from accounts.models import User

from .scoping import ROLES, library_at
from .urlwalk import (
    ADMIN_GENERIC,
    GENERIC,
    arguments,
    bad_values,
    build_place,
    form_fields,
    generic_combined,
    librarian_of,
    query_fields,
    routes,
)

ANONYMOUS = "anonymous"
ADMIN_SAMPLE = {"admin:index", "admin:libraries_library_changelist", "admin:libraries_library_change", "admin:login"}
#: Pages whose every request renders a whole PDF or workbook, or the schema: requested plainly only.
HEAVY = {"reports:progress_export", "reports:plm_briefing_pdf", "api_schema"}


class Walk:
    """Requests as one role, recording every answer of 500 or more with its exception."""

    def __init__(self, username: str | None):
        self.client = Client(raise_request_exception=False)
        self.username = username
        if username:
            self.client.force_login(User.objects.get(username=username))
        self.failures: list[str] = []
        self.requests = 0
        self._last_error = None
        got_request_exception.connect(self._record, dispatch_uid=f"walk-{id(self)}")

    def _record(self, sender, request=None, **kwargs):
        self._last_error = repr(sys.exc_info()[1])[:300]

    def close(self):
        got_request_exception.disconnect(dispatch_uid=f"walk-{id(self)}")

    def check(self, response, what: str):
        self.requests += 1
        if response.status_code >= 500:
            self.failures.append(f"{self.username}: {what} → {response.status_code} {self._last_error}")
        self._last_error = None
        return response

    def get(self, url: str, query: dict | None = None):
        return self.check(self.client.get(url, query or {}), f"GET {url} {query or ''}")

    def post(self, url: str, data: dict):
        shown = {k: (v[:20] + "…" if isinstance(v, str) and len(v) > 20 else v) for k, v in data.items()}
        return self.check(self.client.post(url, data), f"POST {url} {shown}")


@pytest.fixture(autouse=True)
def quiet_request_log():
    """The walk expects thousands of 400s and 404s: Django's request log would only slow it down."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.fixture
def places(demo_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    own, bali = library_at("own_village"), library_at("bali_village")
    return {"own": build_place(own, librarian_of(own)), "bali": build_place(bali, librarian_of(bali))}


def inside_and_outside(role: str, places: dict):
    return (places["bali"], places["own"]) if role == "dkpus.bali" else (places["own"], places["bali"])


def request_for(username: str | None):
    request = RequestFactory().get("/")
    request.user = User.objects.get(username=username) if username else None
    return request


def test_no_url_answers_a_server_error(places):
    """Every pattern, every role, records inside and outside the area, and bad values: no 5xx anywhere."""
    all_routes = routes()
    assert len(all_routes) > 100  # the walk sees the whole portal, admin and API included
    failures = []
    counts = defaultdict(int)
    for role in [*ROLES, ANONYMOUS]:
        username = None if role == ANONYMOUS else role
        walk = Walk(username)
        inside, outside = inside_and_outside(role, places)
        request = request_for(username or "konsultan")
        for route in all_routes:
            if route.is_admin and role != "admin":
                # Every admin page sends everyone else to the admin's login through the same check: a few suffice.
                if route.name in ADMIN_SAMPLE:
                    walk.get(route.url(_arguments(route, inside) or {}))
                continue
            urls = []
            for place in (inside,) if route.is_admin else (inside, outside):  # the admin site has no areas
                url = route.url(_arguments(route, place) or {})
                if url not in urls:
                    urls.append(url)
                    walk.get(url)
            if route.name in HEAVY or role == ANONYMOUS:
                continue
            # The API's lists share the pages' FilterSets (and schemathesis fuzzes them): one value per field there.
            thorough = role == "admin" and not route.is_api
            walk_bad_values(walk, route, urls[0], query_fields(route, request), outside, thorough=thorough)
        walk.close()
        failures += walk.failures
        counts[role] = walk.requests
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:80])
    assert counts["admin"] > 1500, counts


def walk_bad_values(walk, route, url, fields, outside, thorough: bool):
    """The admin sends each bad value on its own; other roles a record outside their area to each dropdown."""
    if route.is_admin:
        if thorough and route.name.endswith("_changelist"):
            for name, values in ADMIN_GENERIC.items():
                for value in values:
                    walk.get(url, {name: value})
        return
    if thorough:
        for name, form_field in fields.items():
            for value in bad_values(form_field, outside):
                walk.get(url, {name: value})
        if fields:  # a page that reads its query: each generic value on its own (the fields' own names are done)
            for name, values in GENERIC.items():
                for value in values if name not in fields else ():
                    walk.get(url, {name: value})
        for query in generic_combined()[: 2 if fields else 1]:
            walk.get(url, query)
    elif fields:
        for name, form_field in fields.items():
            if isinstance(form_field, forms.ModelChoiceField):
                walk.get(url, {name: bad_values(form_field, outside)[-1]})
        walk.get(url, generic_combined()[0])


def test_no_form_post_answers_a_server_error(places):
    """Each field of every create and edit form posted with values it cannot take, the others as they were."""
    walk = Walk("admin")
    inside, outside = places["own"], places["bali"]
    request = request_for("admin")
    posted = 0
    for route in routes():
        form_class = getattr(route.view, "form_class", None)
        # Edit pages: their form is the create page's, filled with a real record to vary one field of.
        if route.is_admin or route.is_api or form_class is None or "pk" not in route.arguments:
            continue
        url = route.url(_arguments(route, inside) or {})
        response = walk.get(url)
        form = response.context.get("form") if response.status_code == 200 and response.context else None
        if form is None:
            continue
        base = {name: _as_post(form[name].value()) for name in form.fields if form[name].value() is not None}
        for name, form_field in form_fields(route, request).items():
            values = bad_values(form_field, outside)
            for value in {*values[:2], values[-1]}:
                walk.post(url, {**base, name: value})
                posted += 1
    walk.close()
    assert not walk.failures, f"{len(walk.failures)} server errors:\n" + "\n".join(walk.failures[:80])
    assert posted > 150, posted


def _arguments(route, place):
    try:
        return arguments(route, place)
    except LookupError as error:
        pytest.fail(str(error))


def _as_post(value):
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else str(value)
