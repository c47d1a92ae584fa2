"""The nation's months kept whole: after a change in one province the national dashboard equals one computed from
nothing, adds up that month alone again (from the provinces' months) and reads the other months from the cache."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from activities.models import Activity, ServiceSnapshot
from foundation.scope import scope_for
from reports.dashboards import cache as dashboard_cache
from reports.dashboards import figures as dashboards
from reports.dashboards.figures import Filters, find_place
from reports.models import MonthlyReport

from .. import dataset
from ..dataset import PERIOD, PREVIOUS
from .test_dashboards import AFTER_DEADLINES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    dashboard_cache.invalidate_all()
    monkeypatch.setattr(dashboards, "clock", lambda: AFTER_DEADLINES)


@pytest.fixture
def libs(db):
    return dataset.build()


@pytest.fixture
def konsultan(db):
    user = User.objects.get(username="konsultan")
    scope_for(user)
    return user


NATION = find_place("national", "ID")
FILTERS = Filters(PREVIOUS, PERIOD)


def from_nothing(user) -> dashboards.Dashboard:
    dashboard_cache.invalidate_all()
    return dashboards.compute(NATION, FILTERS, user)


def submit(report):
    report.status = "submitted"
    report.save()


def test_after_each_change_the_nation_equals_a_dashboard_computed_from_nothing(
    libs, konsultan, django_capture_on_commit_callbacks
):
    changes = [
        lambda: Activity.objects.create(library=libs["G"], date=dt.date(2031, 1, 9), strategy="advocacy", title="A"),
        lambda: Activity.objects.filter(library=libs["A"], date__gte=PERIOD).first().delete(),
        lambda: ServiceSnapshot.objects.create(library=libs["J"], period=PREVIOUS, books=5),
        lambda: submit(MonthlyReport.objects.get(library=libs["E"], period=PERIOD)),
    ]
    for number, change in enumerate(changes):
        dashboards.compute(NATION, FILTERS, konsultan)  # every month kept
        with django_capture_on_commit_callbacks(execute=True):
            change()
        kept = dashboards.compute(NATION, FILTERS, konsultan)
        assert kept == from_nothing(konsultan), number


#: The provinces' months the nation's figures are added up from (``ProvinceMonth``).
MONTHS = 'FROM "reports_provincemonth"'


def test_a_change_reads_its_month_alone(libs, konsultan, django_capture_on_commit_callbacks):
    first = dashboards.compute(NATION, FILTERS, konsultan)
    with CaptureQueriesContext(connection) as unchanged:
        assert dashboards.compute(NATION, FILTERS, konsultan) == first
    assert not [q for q in unchanged.captured_queries if MONTHS in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        Activity.objects.create(library=libs["G"], date=dt.date(2031, 1, 9), strategy="advocacy", title="Audiensi")
    with CaptureQueriesContext(connection) as again:
        after = dashboards.compute(NATION, FILTERS, konsultan)
    assert after.activities == first.activities + 1
    activity_queries = [q["sql"] for q in again.captured_queries if MONTHS in q["sql"]]
    assert len(activity_queries) == 1
    assert not [q for q in again.captured_queries if 'FROM "reports_librarymonth"' in q["sql"]]
    assert "2031-01-01" in activity_queries[0] and "2030-12-01" not in activity_queries[0]
