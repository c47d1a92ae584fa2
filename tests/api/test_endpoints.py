"""The endpoints the contract names, with its filters and fields."""

import datetime as dt

import pytest

from accounts.models import RoleAssignment, User
from activities.models import Activity
from libraries.models import Aid, Library, Regency
from reports.models import MonthlyReport

from ..conftest import LIBRARIAN


@pytest.fixture
def own_library(db):
    return RoleAssignment.objects.get(user__username=LIBRARIAN).library


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def test_libraries_filter_as_the_contract_says(api_as):
    query = {"province": "19", "regency": "19.01", "level": "village", "cohort": 2021, "page_size": 500}
    listed = {row["id"] for row in results(api_as("dkpus.babel").get("/api/v1/libraries/", query))}
    expected = Library.objects.filter(province_id="19", regency_id="19.01", level="village", cohort_year=2021)
    assert listed == set(expected.values_list("pk", flat=True))
    assert listed


def test_libraries_are_paginated(api_as):
    response = api_as("dkpus.babel").get("/api/v1/libraries/", {"page_size": 10})
    body = response.json()
    assert body["count"] == Library.objects.filter(province_id="19").count()
    assert len(body["results"]) == 10
    assert "page=2" in body["next"]
    assert body["previous"] is None


def test_regencies_of_a_province(api_as):
    codes = [row["code"] for row in results(api_as("konsultan").get("/api/v1/regencies/", {"province": "19"}))]
    assert codes == list(Regency.objects.filter(province_id="19").order_by("code").values_list("code", flat=True))
    assert "19.71" in codes


def test_villages_of_a_district(api_as):
    rows = results(api_as(LIBRARIAN).get("/api/v1/villages/", {"district": "19.01.01", "page_size": 100}))
    assert rows
    assert {row["district"] for row in rows} == {"19.01.01"}
    assert {row["province"] for row in rows} == {"19"}


def test_a_village_library_gets_its_places_from_the_village(api_as):
    response = api_as("dispus.bangka").post(
        "/api/v1/libraries/",
        {"name": "Perpustakaan Desa Baru", "level": "village", "province": "19", "village": "19.01.05.2001"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["province"], body["regency"], body["district"]) == ("19", "19.01", "19.01.05")


def test_aid_filters_by_kind(api_as):
    rows = results(api_as("dkpus.babel").get("/api/v1/aid/", {"kind": "non_physical", "page_size": 500}))
    assert rows
    assert {row["kind"] for row in rows} == {"non_physical"}
    assert len(rows) == Aid.objects.filter(library__province_id="19", item="technical_guidance").count()


def test_a_librarian_logs_an_activity(api_as, own_library):
    body = {
        "library": own_library.pk,
        "date": "2019-09-14",
        "strategy": "community_engagement",
        "title": "Pelatihan anyaman pandan",
        "participants_male": 3,
        "participants_female": 12,
        "created_by": User.objects.get(username="admin").pk,
    }
    response = api_as(LIBRARIAN).post("/api/v1/activities/", body)
    assert response.status_code == 201, response.content
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.created_by.username == LIBRARIAN  # not what the client claimed
    assert response.json()["participants_total"] == 15
    for key in ["library", "date", "strategy", "title", "participants_male", "participants_female"]:
        assert response.json()[key] == body[key]


def test_activities_filter_by_library_period_and_strategy(api_as, own_library):
    make = Activity.objects.create
    wanted = make(library=own_library, date=dt.date(2019, 9, 30), strategy="advocacy", title="Audiensi")
    make(library=own_library, date=dt.date(2019, 10, 1), strategy="advocacy", title="Bulan lain")
    make(library=own_library, date=dt.date(2019, 9, 2), strategy="media_publication", media_kind="radio", title="Radio")
    query = {"library": own_library.pk, "period": "2019-09", "strategy": "advocacy"}
    rows = results(api_as("dispus.bangka").get("/api/v1/activities/", query))
    assert [row["id"] for row in rows] == [wanted.pk]


def test_monthly_reports_speak_in_months_and_leave_status_to_the_workflow(api_as, own_library):
    body = {"library": own_library.pk, "period": "2019-09", "visitors": 210, "loans": 80, "ict_users": 35}
    response = api_as(LIBRARIAN).post("/api/v1/monthly-reports/", {**body, "status": "verified"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert {key: created[key] for key in body} == body
    assert created["status"] == "draft"
    assert created["on_time"] is None
    report = MonthlyReport.objects.get(pk=created["id"])
    assert report.period == dt.date(2019, 9, 1)
    patched = api_as(LIBRARIAN).patch(f"/api/v1/monthly-reports/{report.pk}/", {"status": "verified", "loans": 81})
    assert patched.status_code == 200
    assert (patched.json()["status"], patched.json()["loans"]) == ("draft", 81)


def test_monthly_reports_filter_by_library_period_and_status(api_as, own_library):
    september = MonthlyReport.objects.create(library=own_library, period=dt.date(2019, 9, 1), status="submitted")
    MonthlyReport.objects.create(library=own_library, period=dt.date(2019, 8, 1), status="submitted")
    query = {"library": own_library.pk, "period": "2019-09", "status": "submitted"}
    rows = results(api_as("dkpus.babel").get("/api/v1/monthly-reports/", query))
    assert [(row["id"], row["period"]) for row in rows] == [(september.pk, "2019-09")]


def test_the_api_root_lists_the_endpoints(api_as):
    response = api_as("konsultan").get("/api/v1/")
    assert response.status_code == 200
    assert response.json()["monthly-reports"].endswith("/api/v1/monthly-reports/")
