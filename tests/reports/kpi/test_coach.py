"""The KPI coach: its points rule equal to the SQL formula's, what is missing at the colour boundaries, the
projection at the current pace, the library's home, the partners at risk with WhatsApp links, and ``kpi/``."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from activities.models import Activity
from libraries.models import Library
from reports import kept
from reports.kpi import coach, coaching, formula
from reports.kpi.period import Period
from reports.models import KpiThreshold
from tests.conftest import LIBRARIAN

from .. import dataset

pytestmark = pytest.mark.django_db
ZERO = dict.fromkeys(formula.INDICATORS, 0)
MONTH = Period(dt.date(2031, 1, 1), dt.date(2031, 1, 1))
YEAR = Period(dt.date(2031, 1, 1), dt.date(2031, 12, 1))


@pytest.fixture
def defaults():
    return KpiThreshold(valid_from=dt.date(2011, 1, 1))


def inputs(**counts) -> dict:
    return {**ZERO, **counts}


def sql_score(thresholds, months: int, counts: dict) -> Decimal:
    columns = ", ".join(f"{int(counts[name])} AS k_{name}" for name in formula.INDICATORS)
    sql = (
        f"WITH src AS (SELECT {columns}, 1 AS k_records, 1 AS partner),\n"
        f"{formula.scored_ctes(thresholds, months, 'src')}\nSELECT kpi_score FROM kpi_lib"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@pytest.mark.parametrize("months", [1, 3, 9, 12])
@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 13, 15, 39, 41, 479, 481])
def test_the_coachs_points_are_the_formulas(defaults, months, count):
    counts = dict.fromkeys(formula.INDICATORS, count)
    assert coach.score(counts, defaults, months) == sql_score(defaults, months, counts)
    counts["participants"] = count * 7
    assert coach.score(counts, defaults, months) == sql_score(defaults, months, counts)


def test_from_nothing_the_cheapest_records_first(defaults):
    # advocacy earns 40 points a record this month, an engagement event 15 (before a publication: listed first)
    assert coach.missing(ZERO, defaults, 1, "yellow") == {"advocacy": 1, "engagement": 1}


def test_a_score_on_the_cut_off_is_not_above_it(defaults):
    at_25 = inputs(engagement=1, visitors=1)  # 15 + 10
    assert coach.score(at_25, defaults, 1) == 25 and coach.colour(Decimal(25), defaults) == "red"
    assert coach.missing(at_25, defaults, 1, "yellow") == {"advocacy": 1}
    at_75 = inputs(engagement=2, participants=40, advocacy=1, services=1)  # 30 + 20 + 20 + 5
    assert coach.score(at_75, defaults, 1) == 75 and coach.colour(Decimal(75), defaults) == "yellow"
    assert coach.missing(at_75, defaults, 1, "green") == {"publication": 1}


def test_the_next_indicators_in_order_when_the_best_are_full(defaults):
    base = inputs(engagement=2, advocacy=1, services=1, visitors=1)  # 30 + 20 + 5 + 10 = 65
    assert coach.missing(base, defaults, 1, "green") == {"publication": 1}  # 65 + 15 = 80
    full = inputs(engagement=2, advocacy=1, publication=1)  # 30 + 20 + 15 = 65
    assert coach.missing(full, defaults, 1, "green") == {"visitors": 1, "services": 1}  # 75 is not above 75
    nearly = inputs(engagement=2, advocacy=1, publication=1, visitors=1, participants=1)  # 75.5 already
    assert coach.missing(nearly, defaults, 1, "green") == {}
    short = inputs(engagement=2, advocacy=1, publication=1, visitors=1)  # 75: one participant (0.5) is enough
    assert coach.missing(short, defaults, 1, "green") == {"services": 1}


def test_a_year_counts_its_targets_over_twelve_months(defaults):
    full = inputs(engagement=24, participants=480, advocacy=6)  # 30 + 20 + 20 = 70: yellow
    assert coach.score(full, defaults, 12) == 70
    assert coach.missing(full, defaults, 12, "green") == {"publication": 5}  # 5 x 1.25 = 6.25 > 5; 4 gives 75.0


def test_out_of_reach_and_green(defaults):
    defaults.green_above = 100
    assert coach.missing(ZERO, defaults, 1, "green") is None
    assert coach.next_colour("green") is None and coach.next_colour("not_scored") == "yellow"
    advice = coach.Advice(Decimal(100), "green", None, {}, Decimal(100), "green")
    assert advice.sentence() and not advice.at_risk


def test_the_projection_carries_the_pace_to_the_periods_end(defaults):
    end_of_march = dt.date(2031, 3, 31)
    assert coach.elapsed_months(YEAR, end_of_march) == 3
    assert coach.elapsed_months(YEAR, dt.date(2031, 4, 15)) == Decimal(3) + Decimal(15) / 30
    ahead = coach.projected(inputs(engagement=3, services=2, visitors=3), YEAR, end_of_march)
    assert ahead["engagement"] == 12 and ahead["services"] == 8 and ahead["visitors"] == 12
    assert coach.projected(inputs(visitors=3), YEAR, dt.date(2031, 1, 31))["visitors"] == 12  # no more than 12
    row = {"inputs": inputs(engagement=6, participants=120, advocacy=2), "score": Decimal("17.5"), "colour": "red",
           "records": 8}  # fmt: skip
    advice = coach.advise(row, defaults, YEAR, dt.date(2031, 6, 30))
    # at this pace: 12 events (15), 240 participants (10), 4 advocacy (13.3) = 38.3: yellow by December
    assert advice.projected_score == Decimal("38.3") and advice.projected_colour == "yellow"
    assert not advice.at_risk


def test_the_sentence_in_indonesian(defaults):
    advice = coach.advise(None, defaults, MONTH, dt.date(2031, 1, 10))
    assert advice.colour == "not_scored" and advice.at_risk
    from django.utils import translation

    with translation.override("id"):
        sentence = advice.sentence()
    assert "1 catatan advokasi" in sentence and "kuning" in sentence.lower()


@pytest.fixture
def libs():
    kept.invalidate_all()
    return dataset.build()


@pytest.fixture
def on_2031(monkeypatch):
    monkeypatch.setattr(coaching, "today", lambda: dt.date(2031, 3, 31))


def test_the_partners_at_risk_of_an_area(libs, on_2031, client_as, django_assert_max_num_queries):
    Library.objects.filter(pk=libs["C"].pk).update(contact_phone="+6281234567890")
    Library.objects.filter(pk=libs["B"].pk).update(contact_phone="+62361223344")  # a landline
    client = client_as("dkpus.bali")
    url = reverse("reports:kpi_at_risk", args=["regency", "51.71"])
    client.get(url)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # Over 2031 at the pace of January to March: A (3 records in January) and B and C are heading for red
    assert libs["C"].name in html and "https://wa.me/6281234567890?text=" in html
    assert 'href="tel:+62361223344"' in html
    assert html.count('data-testid="whatsapp"') == 1


@pytest.mark.parametrize(("role", "status"), [("dkpus.bali", 200), ("dkpus.babel", 404), (LIBRARIAN, 404)])
def test_the_at_risk_page_is_for_its_area(libs, on_2031, client_as, role, status):
    url = reverse("reports:kpi_at_risk", args=["regency", "51.71"])
    assert client_as(role).get(url).status_code == status
    assert client_as(role).get(reverse("reports:kpi_at_risk", args=["library", libs["A"].pk])).status_code == 404
    assert client_as(role).get(reverse("reports:kpi_at_risk", args=["national", "ID"])).status_code == 404


def test_the_librarians_home_tells_what_is_missing(demo_db, client_as, django_assert_max_num_queries):
    client = client_as(LIBRARIAN)
    client.get("/")
    with django_assert_max_num_queries(25):
        html = client.get("/").content.decode()
    assert 'data-testid="task-coach"' in html and 'data-testid="coach-sentence"' in html


def test_the_api_gives_score_colour_missing_and_projection(libs, on_2031, api_client_as):
    client = api_client_as("dkpus.bali")
    body = client.get("/api/v1/kpi/", {"library": libs["A"].pk, "from": "2031-01", "to": "2031-01"}).json()
    assert body["score"] == "77.5" and body["colour"] == "green" and body["next_colour"] is None
    assert body["missing"] == {} and body["partner"] is True
    body = client.get("/api/v1/kpi/", {"library": libs["B"].pk, "from": "2031-01", "to": "2031-01"}).json()
    assert body["colour"] == "yellow" and body["next_colour"] == "green"
    assert body["missing"] and set(body["missing"]) <= set(formula.INDICATORS)
    year = client.get("/api/v1/kpi/", {"library": libs["A"].pk}).json()
    assert year["period"] == {"from": "2031-01", "to": "2031-12"} and year["projected_colour"] in {"red", "yellow"}


@pytest.mark.parametrize(
    "query",
    [{}, {"library": "x"}, {"library": "1", "from": "2031-13"}, {"library": "1", "from": "2031-05", "to": "2031-02"},
     {"library": "1", "to": "2032-01"}, {"library": "1", "from": "2020-01", "to": "2031-12"}],
)  # fmt: skip
def test_the_api_refuses_bad_input(libs, on_2031, api_client_as, query):
    assert api_client_as("admin").get("/api/v1/kpi/", query).status_code == 400


def test_the_api_hides_what_is_outside_the_area(libs, on_2031, api_client_as):
    assert api_client_as("dkpus.babel").get("/api/v1/kpi/", {"library": libs["A"].pk}).status_code == 404
    assert api_client_as("admin").get("/api/v1/kpi/", {"library": 2**40}).status_code == 404


@pytest.fixture
def api_client_as(user):
    from rest_framework.test import APIClient

    def make(username):
        client = APIClient()
        client.force_authenticate(user(username))
        return client

    return make


def test_a_new_record_changes_the_advice(libs, on_2031):
    before = coaching.library_advice(libs["B"], dt.date(2031, 3, 31))["advice"]
    Activity.objects.create(library=libs["B"], date=dt.date(2031, 3, 1), strategy="advocacy", title="Audiensi",
                            result="funds")  # fmt: skip
    after = coaching.library_advice(libs["B"], dt.date(2031, 3, 31))["advice"]
    assert after.missing != before.missing and after.projected_score > before.projected_score
