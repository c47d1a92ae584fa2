"""The verification queue in the API: the rows, their filters and pages, and verifying several at once."""

import pytest

from activities.models import Activity, RecordEvent
from reports.models import MonthlyReport

from ..reports.queue import records
from ..scoping import library_at

URL = "/api/v1/verification-queue/"
VERIFY = f"{URL}verify/"


@pytest.fixture
def waiting(db):
    records.quiet()
    return records.every_kind(library_at("own_village"))


def test_the_queue_lists_every_type_oldest_first(api_as, waiting):
    body = api_as("dispus.bangka").get(URL).json()
    assert body["count"] == 6
    assert [(row["type"], row["id"]) for row in body["results"]] == [
        ("activities", waiting[0].pk),
        ("advocacy", waiting[1].pk),
        ("publications", waiting[2].pk),
        ("service-snapshots", waiting[3].pk),
        ("replications", waiting[4].pk),
        ("monthly-reports", waiting[5].pk),
    ]
    engagement, advocacy, _, snapshot, replication, report = body["results"]
    assert engagement["figures"] == {"participants": 15, "field": "economy"}
    assert (engagement["date"], engagement["period"], engagement["year"]) == ("2025-02-10", None, None)
    assert engagement["library"] == waiting[0].library_id and engagement["regency"] == "19.01"
    assert engagement["verification"] == "unverified" and engagement["evidence"] == 0
    assert advocacy["figures"] == {"result": "funds", "amount": 25000000}
    assert (snapshot["period"], snapshot["figures"]["books"]) == ("2025-02", 1200)
    assert (replication["library"], replication["year"], replication["province"]) == (None, 2025, "19")
    assert report["figures"]["visitors"] == 120 and report["evidence"] is None


def test_the_queue_filters_and_pages(api_as, waiting):
    client = api_as("dkpus.babel")
    assert [row["type"] for row in client.get(URL, {"type": "advocacy"}).json()["results"]] == ["advocacy"]
    assert client.get(URL, {"library": waiting[0].library_id}).json()["count"] == 5
    assert client.get(URL, {"regency": "19.02"}).json()["count"] == 0
    page = client.get(URL, {"page_size": 4, "page": 2}).json()
    assert (page["count"], len(page["results"]), page["results"][0]["type"]) == (6, 2, "replications")


@pytest.mark.parametrize(
    "query", [{"type": "nothing"}, {"library": "x"}, {"regency": "51.01"}, {"province": "\x00"}, {"page_size": 0}]
)
def test_bad_filters_are_400(api_as, waiting, query):
    response = api_as("dispus.bangka").get(URL, query)
    assert response.status_code == 400
    assert set(response.json()) <= {"type", "library", "regency", "province", "page_size"}


def test_several_records_verified_at_once(api_as, waiting):
    body = {"activities": [waiting[0].pk], "advocacy": [waiting[1].pk], "monthly-reports": [waiting[5].pk]}
    response = api_as("dispus.bangka").post(VERIFY, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"verified": 3, "skipped": 0, "not_allowed": 0, "not_waiting": 0}
    assert Activity.objects.filter(pk__in=[waiting[0].pk, waiting[1].pk], verification="verified").count() == 2
    assert MonthlyReport.objects.get(pk=waiting[5].pk).status == "verified"
    assert RecordEvent.objects.filter(object_id__in=[waiting[0].pk, waiting[1].pk], action="verified").count() == 2
    again = api_as("dispus.bangka").post(VERIFY, body, format="json").json()
    assert again == {"verified": 0, "skipped": 3, "not_allowed": 0, "not_waiting": 3}


def test_a_record_outside_the_area_verifies_nothing(api_as, waiting):
    bali = records.engagement(library_at("bali_village"), title="Di Bali")
    body = {"activities": [waiting[0].pk, bali.pk]}
    response = api_as("dispus.bangka").post(VERIFY, body, format="json")
    assert response.status_code == 400
    assert str(bali.pk) in response.json()["activities"][0]
    assert not Activity.objects.filter(verification="verified", pk__in=[waiting[0].pk, bali.pk]).exists()


def test_a_record_of_another_type_is_not_found(api_as, waiting):
    response = api_as("dispus.bangka").post(VERIFY, {"advocacy": [waiting[0].pk]}, format="json")
    assert response.status_code == 400 and "advocacy" in response.json()


@pytest.mark.parametrize("body", [{}, {"activities": []}, {"activities": ["x"]}, {"activities": [0]}, {"x": [1]}])
def test_a_body_naming_nothing_is_400(api_as, waiting, body):
    assert api_as("dispus.bangka").post(VERIFY, body, format="json").status_code == 400


@pytest.mark.parametrize("username", ["konsultan", "pustakawan.rebo"])
def test_readers_and_librarians_may_not_verify(api_as, waiting, username):
    response = api_as(username).post(VERIFY, {"activities": [waiting[0].pk]}, format="json")
    assert response.status_code == 403
