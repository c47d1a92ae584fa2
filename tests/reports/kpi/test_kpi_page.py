"""The KPI per period: equal to the compilation for a month, by hand for longer periods and the verified reading;
the page (formula, partners not yet scored, a scored regency library, SIM's score beside), its export, scope."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity
from foundation.scope import Place
from libraries.models import Library
from libraries.places import find_place
from reports import kept
from reports.kpi import forms as kpi_forms
from reports.kpi.period import Period, PeriodScores
from reports.models import KpiThreshold, ProgressReport, SimScore
from reports.progress.compile import compile_reports
from tests.conftest import LIBRARIAN
from tests.scoping import ROLES, ScopedViewsCase

from .. import dataset
from ..dataset import PERIOD, PREVIOUS

pytestmark = pytest.mark.django_db
JANUARY = Period(PERIOD, PERIOD)
KEY = {"period_from": "2031-01", "period_to": "2031-01"}


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The page's today: March 2031, after the dataset's months."""
    monkeypatch.setattr(kpi_forms, "today", lambda: dt.date(2031, 3, 10))


@pytest.fixture(autouse=True)
def nothing_kept():
    """Pages kept by an earlier test (their rows rolled back without signals) are not read."""
    kept.invalidate_all()


@pytest.fixture
def libs():
    return dataset.build()


def scores(period=JANUARY, scope="national", code="ID", verified_only=False) -> dict:
    """Each partner's (score, colour) by the dataset's key."""
    rows = PeriodScores(find_place(scope, code), period, verified_only).rows()
    return {row["name"].removeprefix("Perpustakaan Uji "): row for row in rows}


def by_key(libs, rows) -> dict:
    names = {lib.name: key for key, lib in libs.items()}
    return {names.get(row["name"], row["name"]): row for row in rows.values()}


def test_a_month_is_scored_as_the_compilation_scores_it(libs):
    """Two ways of counting the same records (the compilation's per-library month and the period's own
    aggregation) give every partner the same inputs, points, score and colour."""
    compile_reports(PERIOD)
    rows = PeriodScores(find_place("national", "ID"), JANUARY).rows()
    compiled = {
        r.library_id: r for r in ProgressReport.objects.filter(period=PERIOD, scope="library").exclude(kpi_colour="")
    }
    assert {row["id"] for row in rows} == set(compiled)
    for row in rows:
        report = compiled[row["id"]]
        assert row["colour"] == report.kpi_colour, row["name"]
        assert row["score"] == report.kpi_score, row["name"]
        assert row["inputs"] == report.kpi["inputs"], row["name"]
        assert row["records"] == report.kpi["records"], row["name"]
    national = ProgressReport.objects.get(period=PERIOD, scope="national")
    summary = PeriodScores(find_place("national", "ID"), JANUARY).summary()
    assert summary["states"] == national.figures["kpi"]
    assert summary["partners"] == 9


def test_january_by_hand(libs):
    got = scores()
    expected = {"A": ("77.5", "green"), "B": ("50.0", "yellow"), "C": ("0.0", "red"), "E": (None, "not_scored"),
                "G": ("100.0", "green"), "H": ("10.0", "red"), "J": ("10.0", "red")}  # fmt: skip
    for key, (score, colour) in expected.items():
        assert (got[key]["score"], got[key]["colour"]) == (Decimal(score) if score else None, colour), key
    # The regency library and the provincial library are partners like the villages; D (cohort 2032), F
    # (inactive) and I (no cohort) are not.
    names = {row["name"] for row in got.values()}
    assert {libs["R"].name, libs["PV"].name} <= names
    assert not {"D", "F", "I"} & set(got)


def test_two_months_double_every_target(libs):
    """December and January: targets per month times two."""
    got = scores(Period(PREVIOUS, PERIOD))
    a = got["A"]
    # Two engagement events of 4 (15), 16 + 25 participants of 80 (10.25, one decimal: 10.3), one advocacy of 1
    # (20), one publication of 2 (7.5), one month of snapshots of 2 (2.5), two months with visitors (10).
    assert a["inputs"] == {"engagement": 2, "participants": 41, "advocacy": 1, "publication": 1, "services": 1,
                           "visitors": 2}  # fmt: skip
    assert {k: float(v) for k, v in a["points"].items()} == {"engagement": 15, "participants": 10.3,
        "advocacy": 20, "publication": 7.5, "services": 2.5, "visitors": 10}  # fmt: skip
    assert (a["score"], a["colour"]) == (Decimal("65.3"), "yellow")
    # E recorded nothing in January (not scored then), but reported December's visitors: scored over both months.
    assert scores()["E"]["colour"] == "not_scored"
    assert (got["E"]["score"], got["E"]["colour"]) == (Decimal("5.0"), "red")


def test_verified_only_counts_what_the_staff_verified(libs):
    got = scores(verified_only=True)
    # A: its publication and its report are not verified yet; one of its two snapshots is.
    assert (got["A"]["score"], got["A"]["colour"]) == (Decimal("52.5"), "yellow")
    # B: only its report (verified) counts; C: its activity and report were returned: nothing verified.
    assert (got["B"]["score"], got["B"]["colour"]) == (Decimal("10.0"), "red")
    assert got["C"]["colour"] == "not_scored"
    assert (got["G"]["score"], got["G"]["colour"]) == (Decimal("90.0"), "green")


def test_thresholds_in_force_at_the_end_of_the_period_apply(libs):
    KpiThreshold.objects.create(valid_from=PERIOD, green_above=60, yellow_above=40, engagement_target=1,
                                participants_target=20)  # fmt: skip
    got = scores(Period(PREVIOUS, PERIOD))
    assert got["A"]["inputs"]["engagement"] == 2 and float(got["A"]["points"]["engagement"]) == 30  # 2 of 2
    assert got["A"]["colour"] == "green"
    # December alone ends before them: the defaults (one event of 2: 15, 16 participants of 40: 8, visitors: 10).
    december = scores(Period(PREVIOUS, PREVIOUS))["A"]
    assert (december["score"], december["colour"]) == (Decimal("33.0"), "yellow")


def test_a_scope_scores_only_its_partners(libs):
    got = scores(scope="regency", code="52.72")
    assert set(got) == {"J", libs["R"].name}
    assert got[libs["R"].name]["score"] == Decimal("35.0")
    only_a = PeriodScores(Place.of_library(libs["A"]), JANUARY).rows()
    assert [row["name"] for row in only_a] == [libs["A"].name]


def page(client, scope="regency", code="51.71", **query):
    return client.get(reverse("reports:kpi_detail", args=[scope, code]), {**KEY, **query})


def test_the_page_shows_the_formula_the_not_scored_a_scored_regency_library_and_sims_score(libs, client_as):
    SimScore.objects.create(library=libs["R"], score=Decimal("97.50"), as_of=dt.date(2031, 2, 10))
    SimScore.objects.create(library=libs["J"], score=None, as_of=dt.date(2031, 2, 10))  # SIM: "-"
    client = client_as("admin")
    html = page(client, "national", "ID").content.decode()
    assert 'data-testid="table-formula"' in html and 'data-testid="formula-visitors"' in html
    # E recorded nothing this month: listed as not yet scored, apart from the scored.
    assert f'data-testid="not-scored-{libs["E"].pk}"' in html
    assert 'data-testid="state-not_scored">1<' in html and 'data-testid="state-all">9<' in html
    # The regency library is scored like the villages; SIM's 97.5 is shown beside the portal's 35.0, not in it.
    assert f'data-testid="score-{libs["R"].pk}">35,0<' in html
    assert f'data-testid="colour-{libs["R"].pk}">Kuning<' in html
    assert f'data-testid="sim-{libs["R"].pk}">97,5' in html
    assert f'data-testid="sim-{libs["J"].pk}"><span' in html  # imported, not scored by SIM
    assert 'data-testid="sim-scored">' in html
    assert page(client, "national", "ID").context["summary"]["sim_scored"] == 1


def test_states_filter_and_sorting(libs, client_as):
    client = client_as("admin")
    response = page(client, "national", "ID", state="red")
    assert {row["name"] for row in response.context["rows"]} == {libs[key].name for key in ("C", "H", "J", "PV")}
    names = [row["name"] for row in page(client, "national", "ID", sort="name").context["rows"]]
    assert names[-1] == libs["E"].name  # not yet scored: last, whatever the order
    assert names[:-1] == sorted(names[:-1])
    ranked = [row["score"] for row in page(client, "national", "ID", sort="-score").context["rows"]]
    assert ranked[0] == Decimal("100.0") and ranked[-1] is None
    assert ranked[:-1] == sorted(ranked[:-1], reverse=True)


def test_presets_and_the_default_period(libs, client_as):
    client = client_as("admin")
    response = client.get(reverse("reports:kpi_detail", args=["national", "ID"]))
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.start, period.end) == (dt.date(2031, 1, 1), dt.date(2031, 3, 1))  # this year so far
    keys = [key for key, _label, _url, _active in response.context["presets"]]
    assert keys == ["month", "last_month", "quarter", "jan_sep", "year", "last_year"]
    response = client.get(reverse("reports:kpi_detail", args=["national", "ID"]), {"preset": "last_year"})
    assert response.context["period"].months == 12
    response = client.get(reverse("reports:kpi_detail", args=["national", "ID"]), {"period_from": "2030-11"})
    period = response.context["period"]
    assert (period.start, period.end) == (dt.date(2030, 11, 1), dt.date(2031, 3, 1))  # from a month up to this one
    response = client.get(reverse("reports:kpi_detail", args=["national", "ID"]), {"period_to": "2031-02"})
    period = response.context["period"]
    assert (period.start, period.end) == (dt.date(2031, 2, 1), dt.date(2031, 2, 1))  # a month alone


@pytest.mark.parametrize(
    "query",
    [
        {"period_from": "2031-13"},
        {"period_from": "januari"},
        {"period_from": "2031-02", "period_to": "2031-01"},
        {"period_from": "2020-01", "period_to": "2031-01"},
        {"period_to": "2031-04"},
        {"reading": "semua"},
        {"sort": "password"},
        {"state": "purple"},
    ],
)
def test_bad_input_is_a_clear_error(libs, client_as, query):
    response = client_as("dkpus.bali").get(reverse("reports:kpi_detail", args=["province", "51"]), query)
    assert response.status_code == 400
    assert response.context["form"].errors


def test_export_in_excel_and_csv(libs, client_as):
    client = client_as("dkpus.bali")
    url = reverse("reports:kpi_export", args=["regency", "51.71", "csv"])
    response = client.get(url, {**KEY, "sort": "name"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Perpustakaan" and rows[0][-4] == "Skor"
    assert [row[0] for row in rows[1:]] == [libs[k].name for k in "ABC"]
    assert rows[1][-4] == "77.5" and rows[1][-3] == "Hijau"
    url = reverse("reports:kpi_export", args=["regency", "51.71", "xlsx"])
    book = load_workbook(io.BytesIO(client.get(url, KEY).content))
    values = list(book.active.iter_rows(values_only=True))
    assert len(values) == 1 + 3
    assert client.get(reverse("reports:kpi_export", args=["regency", "51.71", "pdf"])).status_code == 404
    assert client.get(reverse("reports:kpi_export", args=["regency", "52.71", "csv"])).status_code == 404


REGIONAL = {
    ("national", "ID"): {"admin", "konsultan"},
    ("province", "19"): {"admin", "konsultan", "dkpus.babel"},
    ("regency", "19.01"): {"admin", "konsultan", "dkpus.babel", "dispus.bangka"},
    ("province", "51"): {"admin", "konsultan", "dkpus.bali"},
}


@pytest.mark.parametrize("role", ROLES)
def test_regional_kpi_pages_are_limited_to_scope(db, client_as, role):
    client = client_as(role)
    for (scope, code), allowed in REGIONAL.items():
        for name in ("kpi_detail",):
            response = client.get(reverse(f"reports:{name}", args=[scope, code]), KEY)
            assert response.status_code == (200 if role in allowed else 404), (scope, code, role)
        export = client.get(reverse("reports:kpi_export", args=[scope, code, "csv"]), KEY)
        assert export.status_code == (200 if role in allowed else 404)
    assert client.get(reverse("reports:kpi_detail", args=["regency", "99.99"])).status_code == 404


class TestLibraryKpiScoping(ScopedViewsCase):
    writers = set()

    def make(self, library):
        return library

    def view_urls(self, obj):
        return [
            reverse("reports:kpi_detail", args=["library", obj.pk]),
            reverse("reports:kpi_export", args=["library", obj.pk, "xlsx"]),
        ]


@pytest.mark.parametrize(("role", "landing"), [("admin", "national/ID"), ("dispus.bangka", "regency/19.01"),
                                               (LIBRARIAN, "library/")])  # fmt: skip
def test_the_kpi_menu_leads_to_the_users_area(db, client_as, role, landing):
    response = client_as(role).get(reverse("reports:kpi"))
    assert response.status_code == 302 and f"/kpi/{landing}" in response["Location"]


def test_the_page_has_a_fixed_query_count(libs, client_as, django_assert_max_num_queries):
    client = client_as("konsultan")
    page(client, "national", "ID")
    with django_assert_max_num_queries(10):
        assert page(client, "national", "ID").status_code == 200
    Library.objects.update(is_active=True)  # every demo library a partner too
    with django_assert_max_num_queries(10):
        assert page(client, "national", "ID").status_code == 200


def scored_anew(client, scope, code) -> tuple:
    """The page, and whether it ran the scoring statement (False: it was kept in the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = page(client, scope, code)
    assert response.status_code == 200
    return response, any("kpi_lib" in query["sql"] for query in queries)


def test_the_page_is_kept_until_a_record_of_its_area_changes(libs, client_as, django_capture_on_commit_callbacks):
    client = client_as("admin")
    first, scored = scored_anew(client, "national", "ID")
    assert scored and first.context["summary"]["states"]["not_scored"] == 1  # E recorded nothing in January
    assert scored_anew(client, "province", "51")[1]
    again, scored = scored_anew(client, "national", "ID")
    assert not scored and again.context["summary"] == first.context["summary"]
    assert not scored_anew(client, "province", "51")[1]
    # A librarian of E (Bali, 51) moves December's activity into January: shown at once after it commits,
    # in the nation and Bali; West Nusa Tenggara (52) keeps its page.
    assert scored_anew(client, "province", "52")[1]
    with django_capture_on_commit_callbacks(execute=True):
        activity = Activity.objects.get(library=libs["E"], date=dt.date(2030, 12, 10))
        activity.date = dt.date(2031, 1, 10)
        activity.save()
    after, scored = scored_anew(client, "national", "ID")
    assert scored and after.context["summary"]["states"]["not_scored"] == 0
    assert f'data-testid="not-scored-{libs["E"].pk}"' not in after.content.decode()
    assert scored_anew(client, "province", "51")[1]
    assert not scored_anew(client, "province", "52")[1]
    # Each period, reading, order, state and page is kept apart.
    assert scored_anew(client, "national", "ID")[1] is False
    with CaptureQueriesContext(connection) as queries:
        page(client, "national", "ID", reading="verified")
    assert any("kpi_lib" in query["sql"] for query in queries)


def test_a_sim_score_shows_at_once(libs, client_as):
    client = client_as("admin")
    page(client, "national", "ID")
    SimScore.objects.create(library=libs["R"], score=Decimal("97.50"), as_of=dt.date(2031, 2, 10))
    assert f'data-testid="sim-{libs["R"].pk}">97,5' in page(client, "national", "ID").content.decode()


def test_the_library_page_shows_its_kpi_and_sim_score(db, client_as):
    library = Library.objects.get(name="Perpustakaan Desa Rebo")
    SimScore.objects.create(library=library, score=Decimal("72.50"), as_of=dt.date(2026, 3, 1))
    html = client_as(LIBRARIAN).get(library.get_absolute_url()).content.decode()
    assert 'data-testid="library-kpi"' in html
    assert 'data-testid="library-kpi-colour">' in html
    assert 'data-testid="library-sim-score">72,5<' in html
    # A library that is not a partner (no cohort) says so.
    other = Library.objects.filter(cohort_year__isnull=True).first() or Library.objects.create(
        name="Perpustakaan Tanpa Angkatan", level="tbm", province_id="19", regency_id="19.01"
    )
    html = client_as("admin").get(other.get_absolute_url()).content.decode()
    assert 'data-testid="library-kpi-none"' in html and "Bukan mitra program" in html
