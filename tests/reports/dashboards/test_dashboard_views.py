"""Dashboard pages: every role's scope, drill-down lists that add up to the figures, live data, export, queries."""

import datetime as dt
import gzip
import io
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity
from libraries.models import Library, Village
from notifications.models import Kind
from notifications.service import notify
from reports.dashboards import cache as dashboard_cache
from reports.dashboards import figures as dashboards
from reports.models import ProgressReport
from tests.conftest import LIBRARIAN
from tests.scoping import ROLES, ScopedViewsCase, library_at

pytestmark = pytest.mark.django_db

DEMO_RANGE = {"period_from": "2021-06", "period_to": "2021-09"}


@pytest.fixture(autouse=True)
def fresh_cache():
    dashboard_cache.invalidate_all()


def url(name, scope, code, **query):
    base = reverse(f"reports:{name}", args=[scope, code])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def href(content: str, testid: str) -> str:
    match = re.search(r'<a\b[^>]*?\bhref="([^"]+)"[^>]*?data-testid="' + re.escape(testid) + '"', content)
    assert match, testid
    return match.group(1).replace("&amp;", "&")


def count_at(client, link: str) -> int:
    page = client.get(link)
    assert page.status_code == 200, link
    match = re.search(r'data-testid="result-count">([\d.,]+)<', page.content.decode())
    assert match, link
    return int(match.group(1).replace(".", "").replace(",", ""))


class TestLibraryDashboardScoping(ScopedViewsCase):
    """A library's dashboard, its libraries page, map and export: 200 inside each role's area, 404 outside."""

    def make(self, library):
        return library

    def view_urls(self, obj):
        code = str(obj.pk)
        return [
            url("dashboard_detail", "library", code, **DEMO_RANGE),
            url("dashboard_libraries", "library", code, month="2021-08"),
            url("dashboard_map", "library", code),
            url("dashboard_export", "library", code, **DEMO_RANGE),
        ]


REGIONAL = {
    ("national", "ID"): {"admin", "konsultan"},
    ("province", "19"): {"admin", "konsultan", "dkpus.babel"},
    ("regency", "19.01"): {"admin", "konsultan", "dkpus.babel", "dispus.bangka"},
    ("regency", "19.02"): {"admin", "konsultan", "dkpus.babel"},
    ("province", "51"): {"admin", "konsultan", "dkpus.bali"},
}


@pytest.mark.parametrize("role", ROLES)
def test_regional_dashboards_are_limited_to_scope(client_as, role):
    client = client_as(role)
    for (scope, code), allowed in REGIONAL.items():
        expected = 200 if role in allowed else 404
        for name in ("dashboard_detail", "dashboard_libraries", "dashboard_map", "dashboard_export"):
            assert client.get(url(name, scope, code)).status_code == expected, (name, scope, code, role)


def test_unknown_areas_do_not_exist(client_as):
    client = client_as("admin")
    for scope, code in [("province", "99"), ("regency", "19.99"), ("library", "0"), ("national", "XX")]:
        assert client.get(url("dashboard_detail", scope, code)).status_code == 404
    assert client.get("/reports/dashboard/library/99999999999999999999999/").status_code == 404


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("admin", "/reports/dashboard/national/ID/"),
        ("konsultan", "/reports/dashboard/national/ID/"),
        ("dkpus.babel", "/reports/dashboard/province/19/"),
        ("dkpus.bali", "/reports/dashboard/province/51/"),
        ("dispus.bangka", "/reports/dashboard/regency/19.01/"),
    ],
)
def test_each_role_lands_on_its_area(client_as, role, landing):
    response = client_as(role).get(reverse("reports:dashboard"))
    assert response.status_code == 302 and response["Location"] == landing


def test_a_librarian_lands_on_the_library(client_as):
    response = client_as(LIBRARIAN).get(reverse("reports:dashboard"))
    assert response["Location"] == f"/reports/dashboard/library/{library_at('own_village').pk}/"


def test_home_page_links_to_the_dashboard(client_as):
    content = client_as("dkpus.babel").get("/").content.decode()
    assert f'href="{reverse("reports:dashboard")}"' in content


def test_national_dashboard_shows_completeness_first_and_every_section(client_as):
    response = client_as("konsultan").get(url("dashboard_detail", "national", "ID", **DEMO_RANGE))
    content = response.content.decode()
    order = [content.index(f'data-testid="{testid}"') for testid in ("table-completeness", "heatmap", "table-strategy")]
    assert order == sorted(order)
    for testid in ("tile-grid", "tile-19", "table-kpi", "table-commitments", "table-participants", "map", "story"):
        assert f'data-testid="{testid}"' in content, testid
    d = response.context["d"]
    assert d.activities == Activity.objects.filter(date__gte=dt.date(2021, 6, 1), date__lt=dt.date(2021, 10, 1)).count()
    assert href(content, "tile-19").startswith("/reports/dashboard/province/19/?period_from=2021-06")


def test_the_default_range_follows_the_latest_records(client_as):
    response = client_as("konsultan").get(url("dashboard_detail", "national", "ID"))
    assert 'data-testid="moved-range"' in response.content.decode()  # the demo's records are from 2021
    assert response.context["filters"].end == dt.date(2021, 9, 1)


def test_every_figure_leads_to_a_list_of_as_many_records(client_as):
    client = client_as("konsultan")
    response = client.get(url("dashboard_detail", "national", "ID", **DEMO_RANGE))
    content = response.content.decode()
    d = response.context["d"]
    august = next(m for m in d.months if m.month == dt.date(2021, 8, 1))
    expected = {
        "headline-activities": d.activities,
        "headline-libraries": d.libraries,
        "strategy-advocacy": d.strategy_totals()["advocacy"],
        "activities-2021-07": next(m for m in d.months if m.month == dt.date(2021, 7, 1)).activities_total,
        "kpi-green": d.kpi["green"],
        "kpi-red": d.kpi["red"],
        "commitments-planned": d.commitments["planned"],
        "commitments-overdue": d.commitments["overdue"],
        "kpi-not_scored": d.kpi["not_scored"],
        # The program's records by type, and those verified; advocacy by what it obtained.
        **{f"records-{s}-entered": d.records_by_type()[s] for s in d.strategy_totals()},
        **{f"records-{s}-verified": d.verified_by_type()[s] for s in d.strategy_totals()},
        "advocacy-not_recorded": d.advocacy_results().get("", 0),
        "advocacy-funds": d.advocacy_results().get("funds", 0),
    }
    assert d.activities > 0 and d.kpi["red"] > 0 and d.commitments["planned"] > 0
    for testid, figure in expected.items():
        assert count_at(client, href(content, testid)) == figure, testid
    row = re.search(r'data-testid="completeness-2021-08">(.*?)</tr>', content, re.S).group(1)
    for state in ("expected", "submitted", "on_time", "late", "missing"):
        link = href(row, f"figure-{state}")
        assert count_at(client, link) == getattr(august.reporting, state), state
    assert august.reporting.missing > 0


def test_drill_down_keeps_the_library_filters(client_as):
    client = client_as("dkpus.babel")
    cohort = Library.objects.filter(province_id="19", level="village").values_list("cohort_year", flat=True).first()
    response = client.get(url("dashboard_detail", "province", "19", cohort=cohort, **DEMO_RANGE))
    content = response.content.decode()
    d = response.context["d"]
    assert 0 < d.libraries < Library.objects.filter(province_id="19", is_active=True).count()
    assert count_at(client, href(content, "headline-libraries")) == d.libraries
    assert count_at(client, href(content, "headline-activities")) == d.activities
    assert count_at(client, href(content, "kpi-red")) == d.kpi["red"]


def test_a_librarians_new_activity_shows_at_once_without_compiling(client_as):
    client = client_as(LIBRARIAN)
    library = library_at("own_village")
    this_month = timezone.localdate().replace(day=1)
    query = {"period_from": f"{this_month:%Y-%m}", "period_to": f"{this_month:%Y-%m}"}
    konsultan = client_as("konsultan")
    before = konsultan.get(url("dashboard_detail", "national", "ID", **query)).context["d"]
    own_before = client.get(url("dashboard_detail", "library", str(library.pk), **query)).context["d"]
    reports_before = ProgressReport.objects.count()

    client = client_as(LIBRARIAN)
    response = client.post(
        reverse("activities:activity_add"),
        {
            "client_token": str(uuid.uuid4()),
            "strategy": "community_engagement",
            "date": f"{timezone.localdate():%Y-%m-%d}",
            "title": "Kelas membatik hari ini",
            "participants_male": "4",
            "participants_female": "16",
        },
    )
    assert response.status_code == 302

    own_after = client.get(url("dashboard_detail", "library", str(library.pk), **query)).context["d"]
    after = client_as("konsultan").get(url("dashboard_detail", "national", "ID", **query)).context["d"]
    assert own_after.activities == own_before.activities + 1
    assert (after.activities, after.participants) == (before.activities + 1, before.participants + 20)
    assert ProgressReport.objects.count() == reports_before  # nothing was compiled


def test_a_cached_dashboard_is_cheaper_and_a_change_elsewhere_keeps_it(client_as, django_assert_max_num_queries):
    client = client_as("dkpus.bali")
    page = url("dashboard_detail", "province", "51", **DEMO_RANGE)
    with django_assert_max_num_queries(17):
        client.get(page)
    with django_assert_max_num_queries(6):
        client.get(page)
    # An activity in Babel changes the national dashboard and Babel's, not Bali's.
    library = library_at("own_village")
    Activity.objects.create(library=library, date=dt.date(2021, 7, 3), strategy="advocacy", title="Audiensi")
    with django_assert_max_num_queries(6):
        client.get(page)


def test_a_users_page_is_kept_whole_until_their_area_changes(client_as, user, django_assert_max_num_queries):
    client = client_as("konsultan")
    page = url("dashboard_detail", "national", "ID", **DEMO_RANGE)
    client.get(page)  # the browser gets its form token (CSRF cookie) with the first page: not kept yet
    rendered = client.get(page)
    activities = rendered.context["d"].activities
    with django_assert_max_num_queries(4):  # session, user, role, unread notifications: the page as it was rendered
        kept = client.get(page)
    assert kept.context is None and kept.content == rendered.content
    # A new notification changes the navbar: the page is rendered again with it.
    notify(Kind.SUBMITTED, library_at("own_village"), [user("konsultan")], subject="Laporan baru")
    noticed = client.get(page)
    assert noticed.context is not None and b'data-testid="unread-badge"' in noticed.content
    rendered = noticed
    Activity.objects.create(library=library_at("own_village"), date=dt.date(2021, 7, 3), strategy="advocacy", title="A")
    changed = client.get(page)
    assert changed.context["d"].activities == activities + 1
    # Another user's page is their own (their name and form token), never this one.
    other = Client()
    other.force_login(user("admin"))
    other.get(page)
    assert other.get(page).context is not None
    assert b"konsultan" not in other.get(page).content


@pytest.mark.parametrize(
    ("scope", "code"), [("national", "ID"), ("province", "19"), ("regency", "19.01"), ("library", "own")]
)
def test_query_counts_of_every_page(client_as, django_assert_max_num_queries, scope, code):
    client = client_as("admin")
    code = str(library_at("own_village").pk) if code == "own" else code
    pages = [
        # From an empty cache: the figures, the data quality and the work plans (one statement each part).
        (url("dashboard_detail", scope, code), 18),
        (url("dashboard_detail", scope, code, **DEMO_RANGE, cohort=2020, strategy="advocacy"), 16),
        (url("dashboard_libraries", scope, code, month="2021-08", state="missing"), 10),
        (url("dashboard_map", scope, code, **DEMO_RANGE), 10),
        (url("dashboard_export", scope, code, **DEMO_RANGE), 16),
    ]
    for page, limit in pages:
        dashboard_cache.invalidate_all()
        with django_assert_max_num_queries(limit):
            assert client.get(page).status_code == 200, page


def test_heat_map_pages_through_many_libraries(client_as):
    villages = list(Village.objects.filter(regency_id="51.08", libraries__isnull=True).order_by("code")[:55])
    Library.objects.bulk_create(
        Library(
            name=f"Perpustakaan Desa Uji {i:02d}",
            level="village",
            village=v,
            district_id=v.district_id,
            regency_id="51.08",
            province_id="51",
            cohort_year=2020,
        )
        for i, v in enumerate(villages)
    )
    client = client_as("dkpus.bali")
    first = client.get(url("dashboard_detail", "regency", "51.08", **DEMO_RANGE)).content.decode()
    assert first.count('data-testid="heatmap-row"') == 50
    following = href(first, "heatmap-next")
    second = client.get(following).content.decode()
    assert second.count('data-testid="heatmap-row"') == 5


def test_wrong_filters_are_explained_and_nothing_is_counted(client_as):
    client = client_as("konsultan")
    response = client.get(url("dashboard_detail", "national", "ID", period_from="2021-13", cohort="abc"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in content and 'value="2021-13"' in content
    assert "headline-activities" not in content
    later = url("dashboard_detail", "national", "ID", period_from="2021-09", period_to="2021-06")
    assert 'data-testid="filter-errors"' in client.get(later).content.decode()
    too_long = url("dashboard_detail", "national", "ID", period_from="2015-01", period_to="2021-06")
    assert 'data-testid="filter-errors"' in client.get(too_long).content.decode()
    assert client.get(url("dashboard_export", "national", "ID", period_from="x")).status_code == 400
    assert client.get(url("dashboard_map", "national", "ID", strategy="nope")).status_code == 400
    assert client.get(url("dashboard_libraries", "national", "ID", month="2021-99")).status_code == 400


def test_libraries_page_pages_and_names_each_report_state(client_as):
    client = client_as("dkpus.babel")
    page = url("dashboard_libraries", "province", "19", month="2021-08", state="expected")
    response = client.get(page)
    content = response.content.decode()
    assert response.context["total"] == content.count('data-testid="record-row"') > 0
    states = {row["state"] for row in response.context["rows"]}
    assert states <= {"on_time", "late", "missing"} and "missing" in states


def test_excel_export_holds_the_dashboards_figures(client_as):
    from openpyxl import load_workbook

    client = client_as("dkpus.babel")
    page = client.get(url("dashboard_detail", "province", "19", **DEMO_RANGE))
    d = page.context["d"]
    response = client.get(url("dashboard_export", "province", "19", **DEMO_RANGE))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="dasbor-province-19-2021-06-2021-09.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Ringkasan", "Kelengkapan"]
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(min_row=4, values_only=True)}
    assert summary["Kegiatan"] == d.activities
    assert summary["Perpustakaan aktif"] == d.libraries
    months = list(workbook["Kelengkapan"].iter_rows(min_row=4, values_only=True))
    assert [row[0].date() for row in months] == [dt.date(2021, m, 1) for m in (6, 7, 8, 9)]  # months as dates
    assert months[2][5] == d.months[2].reporting.missing
    completeness = workbook["Kelengkapan"]
    assert completeness.freeze_panes == "A4" and completeness.auto_filter.ref.startswith("A3:")
    assert completeness.cell(row=4, column=7).number_format == "0.0%"
    assert completeness.cell(row=4, column=7).value == pytest.approx(d.months[0].reporting.completeness / 100)
    heat = next(ws for ws in workbook.worksheets if ws.title.startswith("Peta panas"))
    coloured = [c for row in heat.iter_rows(min_row=4, min_col=3) for c in row if c.fill.fgColor.rgb != "00000000"]
    assert coloured  # the heat map's cells carry the page's colours
    regencies = workbook["Kabupaten kota"]  # "/" may not be in a sheet name
    assert regencies.max_row - 3 == len([c for c in d.children if c.libraries or c.activities])
    # The work plans, as on the page: each kind's indicators, targets against actuals.
    sections = page.context["p"].plan_sections
    assert sections  # the demo's Bangka plans of 2021
    plans = list(workbook[f"Rencana kerja {d.plans.year}"].iter_rows(min_row=4, values_only=True))
    with translation.override("id"):  # the workbook is in Indonesian
        expected = [
            (str(s["heading"]), f"{s['agreed']} / {s['plans']}", str(line["label"]), line["target"], line["actual"])
            for s in sections
            for line in s["lines"]
        ]
    assert [row[:5] for row in plans] == expected


def test_map_shows_the_areas_libraries_with_coordinates(client_as):
    client = client_as("dispus.bangka")
    data = client.get(url("dashboard_map", "regency", "19.01", **DEMO_RANGE)).json()
    located = Library.objects.filter(regency_id="19.01", is_active=True, latitude__isnull=False)
    assert {p[0] for p in data["points"]} == set(located.values_list("pk", flat=True))
    assert data["month"] == "2021-09"
    assert {p[4] for p in data["points"]} <= {"green", "yellow", "red", "not_scored", ""}


def test_someone_following_several_areas_chooses_one(client):
    from accounts.models import RoleAssignment, User

    consultant = User.objects.create_user("konsultan.dua", password="x")
    RoleAssignment.objects.create(user=consultant, role="consultant", province_id="19")
    RoleAssignment.objects.create(user=consultant, role="consultant", province_id="51")
    client.force_login(consultant)
    content = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-testid="dashboard-choices"' in content
    for code in ("19", "51"):
        assert f'href="/reports/dashboard/province/{code}/"' in content
    assert client.get(url("dashboard_detail", "province", "51")).status_code == 200
    assert client.get(url("dashboard_detail", "national", "ID")).status_code == 404


def test_map_tiles_come_from_the_configured_server_only(client_as, settings):
    client = client_as("konsultan")
    page = client.get(url("dashboard_detail", "province", "19", **DEMO_RANGE)).content.decode()
    assert 'data-tile-url=""' in page  # no tiles: the points are drawn on a plain background
    settings.TPBIS_MAP_TILE_URL = "https://tiles.example.id/{z}/{x}/{y}.png"
    dashboard_cache.invalidate_all()
    page = client.get(url("dashboard_detail", "province", "19", **DEMO_RANGE)).content.decode()
    assert 'data-tile-url="https://tiles.example.id/{z}/{x}/{y}.png"' in page


def test_the_nation_added_up_from_cached_provinces_equals_a_fresh_count(client_as):
    client = client_as("konsultan")
    page = url("dashboard_detail", "national", "ID", period_from="2021-01", period_to="2021-12")
    client.get(page)  # every province's months and KPI are now cached apart
    library = library_at("own_village")  # in Babel (19)
    Activity.objects.create(library=library, date=dt.date(2021, 7, 3), strategy="advocacy", title="Audiensi")
    report = library.monthly_reports.order_by("-period").first()
    report.visitors += 7
    if report.visitors_female is not None:  # counted by sex: the split still adds up
        report.visitors_female += 7
    report.save()
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(page).context["d"]
        kept_fields = dashboards.Dashboard.__dataclass_fields__
        kept = {name: getattr(kept, name) for name in kept_fields if name != "computed_at"}
    # Only Babel's libraries were read again.
    aggregates = [
        q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"] and "activities_activity" in q["sql"]
    ]
    assert aggregates and all("'19'" in sql for sql in aggregates)
    dashboard_cache.invalidate_all()
    fresh = client.get(page).context["d"]
    assert kept == {name: getattr(fresh, name) for name in kept_fields if name != "computed_at"}


def test_a_kept_page_goes_compressed_to_browsers_that_accept_it(client_as):
    client = client_as("konsultan")
    page = url("dashboard_detail", "national", "ID", **DEMO_RANGE)
    client.get(page)  # the form-token cookie
    plain = client.get(page).content
    packed = client.get(page, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain and len(packed.content) < len(plain) / 3
    assert client.get(page).content == plain  # and whole to those that do not
