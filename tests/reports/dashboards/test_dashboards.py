"""Dashboard figures: equal to a known dataset and to the compiled reports, filters, and a fixed query count."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Case, When
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from activities.models import Activity
from foundation.scope import scope_for
from libraries.models import Library, Province, Village
from reports.dashboards import cache as dashboard_cache
from reports.dashboards import figures as dashboards
from reports.dashboards import sql as dashboard_sql
from reports.dashboards.figures import Filters, find_place
from reports.models import MonthlyReport, ProgressReport
from reports.progress.compile import compile_reports

from .. import dataset
from ..dataset import PERIOD, PREVIOUS
from ..progress.test_compile import CURRENT, PREVIOUS_FIGURES

pytestmark = pytest.mark.django_db

#: After the deadlines of December 2030 and January 2031 (5 February 2031).
AFTER_DEADLINES = dt.datetime(2031, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The dashboards' now: March 2031, when the dataset's months are past their deadlines."""
    dashboard_cache.invalidate_all()
    moments = {"now": AFTER_DEADLINES}
    monkeypatch.setattr(dashboards, "clock", lambda: moments["now"])
    return moments


@pytest.fixture
def libs(db):
    return dataset.build()


@pytest.fixture
def konsultan(db):
    return User.objects.get(username="konsultan")


def figures_of(d: dashboards.Dashboard, month: dt.date) -> dict:
    """One month of a dashboard in the progress reports' vocabulary."""
    m = next(m for m in d.months + d.previous if m.month == month)
    r = m.reporting
    return {
        "activities": m.activities_total,
        "activities_by_strategy": m.activities,
        "participants_male": m.participants_male,
        "participants_female": m.participants_female,
        "participants": m.participants,
        "visitors": m.visitors,
        "loans": m.loans,
        "reports_received": m.received,
        "reports_expected": r.expected,
        "reports_submitted": r.submitted,
        "reports_on_time": r.on_time,
        "reports_late": r.late,
        "reports_missing": r.missing,
    }


COMPARED = (
    "activities",
    "activities_by_strategy",
    "participants_male",
    "participants_female",
    "participants",
    "visitors",
    "loans",
    "reports_received",
    "reports_expected",
    "reports_submitted",
    "reports_on_time",
    "reports_late",
    "reports_missing",
)


def expected_subset(figures: dict) -> dict:
    return {key: figures[key] for key in COMPARED}


def january(scope, code, user, **filters) -> dashboards.Dashboard:
    return dashboards.compute(find_place(scope, code), Filters(PERIOD, PERIOD, **filters), user)


@pytest.mark.parametrize("key", list(CURRENT), ids=lambda k: "-".join(k))
def test_every_regional_figure_equals_the_known_dataset(libs, konsultan, key):
    d = january(*key, konsultan)
    assert figures_of(d, PERIOD) == expected_subset(CURRENT[key])
    assert figures_of(d, PREVIOUS) == expected_subset(PREVIOUS_FIGURES[key])
    assert d.libraries == CURRENT[key]["libraries"]
    assert d.kpi == CURRENT[key]["kpi"]
    assert d.kpi_month == PERIOD


@pytest.mark.parametrize("key", list(CURRENT), ids=lambda k: "-".join(k))
def test_figures_equal_a_compilation_of_the_same_records(libs, konsultan, key):
    compile_reports(PERIOD)
    report = ProgressReport.objects.get(scope=key[0], code=key[1], period=PERIOD)
    d = january(*key, konsultan)
    assert figures_of(d, PERIOD) == expected_subset(report.figures)
    assert d.kpi == report.figures["kpi"]


def test_headline_compares_with_the_previous_period(libs, konsultan):
    d = january("national", "ID", konsultan)
    assert (d.activities, d.previous_activities) == (14, 3)
    assert (d.participants, d.previous_participants) == (144, 27)
    assert (d.reporting.expected, d.reporting.submitted, d.reporting.on_time) == (7, 5, 3)
    assert (d.reporting.late, d.reporting.unknown) == (1, 1)  # B late; H's report came from SIM
    assert d.reporting.completeness == pytest.approx(71.4)
    assert d.reporting.timeliness == pytest.approx(42.9)
    assert (d.previous_reporting.submitted, d.previous_reporting.expected) == (3, 4)
    assert d.strategy_totals() == {
        "service_improvement": 2,
        "community_engagement": 6,
        "advocacy": 3,
        "media_publication": 3,
    }


def test_a_range_adds_its_months_up(libs, konsultan):
    d = dashboards.compute(find_place("province", "51"), Filters(PREVIOUS, PERIOD), konsultan)
    assert [m.month for m in d.months] == [PREVIOUS, PERIOD]
    assert d.activities == 7 + 2
    assert (d.reporting.expected, d.reporting.submitted, d.reporting.on_time) == (3 + 4, 3 + 2, 2 + 1)
    assert d.previous_activities == 1  # October and November 2030: A on 30 November


def test_children_rows_and_heat_map_cells(libs, konsultan):
    national = january("national", "ID", konsultan)
    rows = {c.code: c for c in national.children}
    assert set(rows) == set(Province.objects.values_list("code", flat=True))  # every province, for the tile grid
    assert (rows["51"].activities, rows["52"].activities, rows["19"].activities) == (7, 7, 0)
    assert rows["51"].cells[PERIOD] == dashboards.Reporting(expected=4, submitted=2, on_time=1)
    assert rows["52"].cells[PERIOD] == dashboards.Reporting(expected=3, submitted=3, on_time=2, unknown=1)
    assert rows["52"].kpi == {"green": 1, "yellow": 1, "red": 2}
    assert rows["51"].kpi == {"green": 1, "yellow": 1, "red": 2, "not_scored": 1}
    province = january("province", "51", konsultan)
    regencies = {c.code: c for c in province.children}
    assert regencies["51.71"].cells[PERIOD] == dashboards.Reporting(expected=3, submitted=2, on_time=1)
    assert regencies["51.03"].libraries == 1  # F is inactive
    assert regencies[""].activities == 0 and regencies[""].libraries == 1  # the provincial library


def test_each_library_month_state_and_kpi(libs, konsultan):
    d = january("regency", "51.71", konsultan)
    by_name = {c.name[-1]: c for c in d.children}
    assert {key: by_name[key].states[PERIOD] for key in "ABCD"} == {
        "A": "on_time",
        "B": "late",
        "C": "missing",  # returned: not submitted until it is sent again
        "D": "not_expected",  # cohort 2032
    }
    assert (by_name["A"].kpi_colour, by_name["A"].kpi_score) == ("green", 77.5)
    assert (by_name["B"].kpi_colour, by_name["C"].kpi_colour, by_name["D"].kpi_colour) == ("yellow", "red", "")
    assert [c.name[-1] for c in d.children][:1] == ["C"]  # the most missing reports first


def test_a_month_before_its_deadline_is_not_counted_as_missing(libs, konsultan, clock):
    clock["now"] = dt.datetime(2031, 2, 3, 9, 0, tzinfo=dt.UTC)
    d = january("national", "ID", konsultan)
    january_figures = d.months[0]
    assert not january_figures.due
    assert d.reporting == dashboards.Reporting()  # no month of the range is due yet
    assert d.kpi_month is None
    wider = dashboards.compute(find_place("regency", "51.71"), Filters(PREVIOUS, PERIOD), konsultan)
    states = {c.name[-1]: c.states for c in wider.children}
    assert states["C"] == {PREVIOUS: "on_time", PERIOD: "not_due"}
    assert wider.kpi_month == PREVIOUS


def test_library_filters_choose_libraries(libs, konsultan):
    Library.objects.filter(pk__in=[libs["A"].pk, libs["G"].pk]).update(partner_type="self_replication")
    cohort = january("national", "ID", konsultan, cohort=2030)  # A, E, F (inactive), J
    assert (cohort.activities, cohort.libraries) == (3 + 1 + 1, 3)
    assert (cohort.reporting.expected, cohort.reporting.submitted, cohort.reporting.on_time) == (3, 2, 2)
    assert cohort.kpi == {"green": 1, "yellow": 0, "red": 1, "not_scored": 1}  # A, J, and E with nothing
    partner = january("national", "ID", konsultan, partner_type="self_replication")
    assert (partner.activities, partner.libraries) == (7, 2)
    assert partner.kpi == {"green": 2, "yellow": 0, "red": 0, "not_scored": 0}


def test_strategy_filter_chooses_activities_only(libs, konsultan):
    d = january("national", "ID", konsultan, strategy="advocacy")
    assert d.activities == 3
    assert (d.participants_male, d.participants_female) == (5, 4)
    assert d.strategy_totals()["community_engagement"] == 0
    assert d.reporting.expected == 7  # reports do not depend on the strategy


def test_library_records_list_the_libraries_behind_a_figure(libs, konsultan):
    place = find_place("national", "ID")
    filters = Filters(PERIOD, PERIOD)
    d = dashboards.compute(place, filters, konsultan)
    expected_counts = {
        "expected": d.reporting.expected,
        "submitted": d.reporting.submitted,
        "on_time": d.reporting.on_time,
        "late": d.reporting.late,
        "unknown": d.reporting.unknown,
        "missing": d.reporting.missing,
        **d.kpi,
    }
    for state, count in expected_counts.items():
        total, rows = dashboard_sql.library_records(place, filters, PERIOD, state, 0, 100)
        assert total == count == len(rows), state
    total, rows = dashboard_sql.library_records(place, filters, PERIOD, "missing", 0, 100)
    assert sorted(row["name"][-1] for row in rows) == ["C", "E"]  # H's report was taken in from SIM
    total, rows = dashboard_sql.library_records(place, filters, PERIOD, "unknown", 0, 100)
    assert [row["name"][-1] for row in rows] == ["H"]
    total, rows = dashboard_sql.library_records(place, filters, PERIOD, "partners", 0, 100)
    assert total == d.kpi_expected == 9


def test_map_points_are_active_libraries_with_coordinates_and_their_kpi(libs, konsultan):
    Library.objects.filter(pk=libs["A"].pk).update(latitude=-8.65, longitude=115.22)
    Library.objects.filter(pk=libs["F"].pk).update(latitude=-8.6, longitude=115.1)  # inactive: not shown
    points = dashboard_sql.map_points(find_place("province", "51"), Filters(PERIOD, PERIOD), PERIOD)
    by_id = {p[0]: p for p in points}
    assert by_id[libs["A"].pk][1:5] == ["Perpustakaan Uji A", -8.65, 115.22, "green"]
    assert libs["F"].pk not in by_id
    assert all(p[2] is not None and p[3] is not None for p in points)
    located = Library.objects.filter(province_id="51", is_active=True, latitude__isnull=False).count()
    assert len(points) == located


def test_the_default_range_is_the_last_closed_months_or_those_up_to_the_latest_records(libs, konsultan):
    place = find_place("regency", "51.71")
    # On 10 March February's reports were due (the 5th): February is the last closed month.
    start, end, moved = dashboards.default_range(place, dt.date(2031, 3, 10))
    assert (start, end, moved) == (dt.date(2030, 3, 1), dt.date(2031, 2, 1), None)
    # On 3 March they were not yet: the range ends in January.
    assert dashboards.default_range(place, dt.date(2031, 3, 3))[1] == dt.date(2031, 1, 1)
    dashboard_cache.invalidate_all()
    start, end, moved = dashboards.default_range(place, dt.date(2033, 6, 1))
    assert (start, end, moved) == (dt.date(2030, 3, 1), dt.date(2031, 2, 1), dt.date(2031, 2, 1))


def test_a_record_dated_in_the_future_does_not_move_the_default_range(libs, konsultan):
    before = dashboards.default_range(find_place("national", "ID"), dt.date(2033, 6, 1))
    Activity.objects.create(
        library=libs["A"], date=dt.date(2040, 1, 15), strategy="advocacy", title="Typed a year too far"
    )
    dashboard_cache.invalidate_all()
    assert dashboards.default_range(find_place("national", "ID"), dt.date(2033, 6, 1)) == before
    assert before[1] == dt.date(2031, 2, 1)  # the latest records, not the empty future


def _grow(count: int) -> None:
    """``count`` more libraries in Bali (Buleleng first), each with an activity and a report in January 2031."""
    free = Village.objects.filter(regency__province="51", libraries__isnull=True)
    free = free.order_by(Case(When(regency="51.08", then=0), default=1), "code")
    villages = list(free[:count])
    assert len(villages) == count
    libraries = Library.objects.bulk_create(
        Library(
            name=f"Perpustakaan Tambahan {i}",
            level="village",
            village=v,
            district_id=v.district_id,
            regency_id=v.regency_id,
            province_id="51",
            cohort_year=2030,
            latitude=-8.6,
            longitude=115.2,
        )
        for i, v in enumerate(villages)
    )
    Activity.objects.bulk_create(
        Activity(library=lib, date=dt.date(2031, 1, 10), strategy="community_engagement", title="Kegiatan")
        for lib in libraries
    )
    MonthlyReport.objects.bulk_create(
        MonthlyReport(library=lib, period=PERIOD, status="submitted", submitted_at=timezone.now()) for lib in libraries
    )


def _queries(scope, code, user) -> int:
    """Queries of a dashboard computed from nothing (no cached month)."""
    scope_for(user)  # the user's roles are read once per request, before the dashboard
    dashboard_cache.invalidate_all()
    with CaptureQueriesContext(connection) as captured:
        dashboards.compute(find_place(scope, code), Filters(PREVIOUS, PERIOD), user)
    return len(captured.captured_queries)


@pytest.mark.parametrize(("scope", "code"), [("national", "ID"), ("province", "51"), ("regency", "51.08")])
def test_query_count_does_not_grow_with_the_data(libs, konsultan, scope, code):
    small = _queries(scope, code, konsultan)
    _grow(10)
    ten = _queries(scope, code, konsultan)
    _grow(190)
    two_hundred = _queries(scope, code, konsultan)
    assert small == ten == two_hundred <= 11  # the work plans against their actuals: one statement of their own
    place = find_place(scope, code)
    d = dashboards.compute(place, Filters(PERIOD, PERIOD), konsultan)
    in_area = Activity.objects.filter(place.library_q("library__"), date__year=2031, date__month=1).count()
    assert d.activities == in_area >= 148


def test_a_change_aggregates_only_its_month_again(libs, konsultan):
    place, filters, ntb = find_place("province", "51"), Filters(PREVIOUS, PERIOD), find_place("province", "52")
    scope_for(konsultan)
    first = dashboards.build(place, filters, konsultan)
    other = dashboards.build(ntb, filters, konsultan)
    with CaptureQueriesContext(connection) as cached:
        assert dashboards.build(place, filters, konsultan).activities == first.activities
    assert len(cached.captured_queries) == 0
    Activity.objects.create(library=libs["B"], date=dt.date(2031, 1, 25), strategy="advocacy", title="Audiensi")
    with CaptureQueriesContext(connection) as again:
        after = dashboards.build(place, filters, konsultan)
    assert after.activities == first.activities + 1
    assert after.months[1].activities["advocacy"] == first.months[1].activities["advocacy"] + 1
    sql = [q["sql"] for q in again.captured_queries]
    # One month's figures added up again from the libraries' months (``LibraryMonth``), not the other's.
    month_queries = [q for q in sql if 'FROM "reports_librarymonth"' in q]
    assert len(month_queries) == 1 and "2031-01-01" in month_queries[0] and "2030-12-01" not in month_queries[0]
    with CaptureQueriesContext(connection) as elsewhere:
        assert dashboards.build(ntb, filters, konsultan).activities == other.activities
    assert len(elsewhere.captured_queries) == 0  # a change in Bali leaves NTB's dashboard as it was


def test_records_by_type_their_verified_share_and_advocacy_results(libs, konsultan):
    d = january("national", "ID", konsultan)
    assert d.records_by_type() == {
        "service_improvement": 2, "community_engagement": 6, "advocacy": 3, "media_publication": 3,
        "service_snapshot": 3, "monthly_report": 8,
    }  # fmt: skip
    assert d.verified_by_type() == {
        "service_improvement": 1, "community_engagement": 3, "advocacy": 2, "media_publication": 1,
        "service_snapshot": 2, "monthly_report": 2,
    }  # fmt: skip
    # The month's records the progress report counts: verified and not (yet) verified.
    assert sum(d.verified_by_type().values()) == CURRENT[("national", "ID")]["records_verified"] == 11
    assert sum(d.records_by_type().values()) == 11 + CURRENT[("national", "ID")]["records_unverified"]
    assert d.verified_share == pytest.approx(44.0)
    assert d.advocacy_results() == {"funds": 1, "regulation": 1, "non_funds": 1}
    previous = dashboards.compute(find_place("national", "ID"), Filters(PREVIOUS, PREVIOUS), konsultan)
    assert previous.advocacy_results() == {"": 1}  # recorded before advocacy had results


def test_a_snapshot_and_a_cohort_invalidate_what_they_change(libs, konsultan):
    from activities.models import ServiceSnapshot
    from libraries.models import Cohort

    place, filters = find_place("regency", "51.71"), Filters(PERIOD, PERIOD)
    scope_for(konsultan)
    before = dashboards.build(place, filters, konsultan)
    ServiceSnapshot.objects.create(library=libs["B"], period=PERIOD, books=10)
    after = dashboards.build(place, filters, konsultan)
    assert after.records_by_type()["service_snapshot"] == before.records_by_type()["service_snapshot"] + 1
    # A cohort sets the library's cohort year without saving the library: D joins the program in 2031.
    Cohort.objects.filter(library=libs["D"]).delete()
    Cohort.objects.create(library=libs["D"], year=2031, partner_type="full_support")
    joined = dashboards.build(place, filters, konsultan)
    assert joined.reporting.expected == after.reporting.expected + 1
    assert joined.kpi_expected == after.kpi_expected + 1
