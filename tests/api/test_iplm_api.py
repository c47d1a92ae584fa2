"""``GET /api/v1/iplm/?regency=CODE&year=YYYY``: one row per partner library keyed by NPP and the regency's total;
scope (404 outside), bad input (400 with field errors), no credentials (401)."""

import datetime as dt

import pytest

from libraries.models import Library
from reports.iplm import figures
from reports.iplm import forms as iplm_forms
from tests.conftest import LIBRARIAN
from tests.reports import dataset

pytestmark = pytest.mark.django_db
URL = "/api/v1/iplm/"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Today: March 2032, after the dataset's year."""
    monkeypatch.setattr(iplm_forms, "today", lambda: dt.date(2032, 3, 10))


@pytest.fixture
def libs():
    return dataset.build()


def test_a_regencys_libraries_and_total(libs, api_as):
    Library.objects.filter(pk=libs["A"].pk).update(npp="5171001D1000001")
    response = api_as("dkpus.bali").get(URL, {"regency": "51.71", "year": 2031})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["regency"], body["year"], body["reading"]) == ("51.71", 2031, "entered")
    rows = {row["name"]: row for row in body["results"]}
    assert set(rows) == {libs[k].name for k in "ABC"}
    a = rows[libs["A"].name]
    assert a["npp"] == "5171001D1000001" and a["library"] == libs["A"].pk and a["months_reported"] == 1
    assert a["figures"]["literacy_participants"] == 125 and a["figures"]["books"] == 1250
    assert rows[libs["C"].name]["figures"]["visitors"] is None  # unknown, not zero
    total = body["total"]
    assert total["partners"] == 3 and total["with_npp"] == 1
    assert total["figures"]["visitors"] == 150 and total["known"]["visitors"] == 2
    assert total["completeness"]["visitors"] == pytest.approx(2 / 3)
    assert set(total["figures"]) == set(figures.KEYS)


def test_the_verified_reading(libs, api_as):
    body = api_as("admin").get(URL, {"regency": "51.71", "year": 2031, "reading": "verified"}).json()
    rows = {row["name"]: row for row in body["results"]}
    assert rows[libs["A"].name]["figures"]["literacy_participants"] == 25
    assert body["total"]["figures"]["visitors"] == 50


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("konsultan", 200), ("dkpus.babel", 200), ("dispus.bangka", 200), ("dkpus.bali", 404),
     (LIBRARIAN, 404)],
)  # fmt: skip
def test_scope(db, api_as, role, status):
    assert api_as(role).get(URL, {"regency": "19.01", "year": 2021}).status_code == status


@pytest.mark.parametrize(
    ("query", "field"),
    [({}, "regency"), ({"regency": "x"}, "regency"), ({"regency": "19.01\x00"}, "regency"),
     ({"regency": "19.01", "year": "9" * 30}, "year"), ({"regency": "19.01", "year": "1999"}, "year"),
     ({"regency": "19.01", "reading": "all"}, "reading")],
)  # fmt: skip
def test_bad_input_is_400_with_the_field(db, api_as, query, field):
    response = api_as("admin").get(URL, query)
    assert response.status_code == 400
    assert field in response.json()


def test_an_unknown_regency_is_404(db, api_as):
    assert api_as("admin").get(URL, {"regency": "99.99"}).status_code == 404


def test_no_credentials_is_401(db, api):
    assert api.get(URL, {"regency": "19.01"}).status_code == 401


def test_the_query_count_is_fixed(libs, api_as, django_assert_max_num_queries):
    client = api_as("admin")
    client.get(URL, {"regency": "51.71", "year": 2031})
    Library.objects.update(is_active=True)
    with django_assert_max_num_queries(6):
        assert client.get(URL, {"regency": "19.01", "year": 2031}).status_code == 200
