"""``flags/``: the flags in the user's area only, its filters strict, its cost fixed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Flag
from evidence import refresh
from libraries.models import Library

from ..conftest import LIBRARIAN
from .records import late_activity

pytestmark = pytest.mark.django_db
FLAGS = "/api/v1/flags/"


@pytest.fixture
def flagged(committed):
    """Flags of the demo data, and one late record in Rebo (Bangka) and one in Bali."""
    refresh.everything()
    rebo = Library.objects.get(village_id="19.01.01.2007")
    bali = Library.objects.filter(province_id="51").first()
    with committed():
        return late_activity(rebo, 3), late_activity(bali, 4)


def test_each_user_sees_the_flags_of_their_area_only(flagged, api_as):
    rebo_record, bali_record = flagged
    for username, sees_rebo, sees_bali in [
        ("admin", True, True),
        ("dispus.bangka", True, False),
        (LIBRARIAN, True, False),
        ("dkpus.bali", False, True),
    ]:
        data = api_as(username).get(FLAGS, {"code": "backdated", "page_size": 500}).json()
        records = {row["record"] for row in data["results"]}
        assert (rebo_record.pk in records, bali_record.pk in records) == (sees_rebo, sees_bali), username
        regencies = {row["regency"] for row in data["results"]}
        if username == "dispus.bangka":
            assert regencies == {"19.01"}


def test_the_filters(flagged, api_as):
    rebo_record, _bali = flagged
    client = api_as("admin")
    rows = client.get(FLAGS, {"library": rebo_record.library_id, "code": "backdated"}).json()["results"]
    assert [
        (row["record_type"], row["record"], row["code"], row["related"])
        for row in rows
        if row["record"] == rebo_record.pk
    ] == [("activity", rebo_record.pk, "backdated", [])]
    assert rows[0]["message"] and rows[0]["resolved"] is False
    Flag.objects.filter(object_id=rebo_record.pk).update(resolved_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC), note="Ok")
    resolved = client.get(FLAGS, {"resolved": "true", "regency": "19.01"}).json()["results"]
    assert [row["record"] for row in resolved] == [rebo_record.pk]
    open_ones = client.get(FLAGS, {"resolved": "false", "regency": "19.01"}).json()["results"]
    assert rebo_record.pk not in [row["record"] for row in open_ones]


@pytest.mark.parametrize(
    "query",
    [{"code": "nothing"}, {"resolved": "perhaps"}, {"library": "x"}, {"regency": "99.99"}, {"library": "999999"}],
)
def test_a_filter_it_cannot_take_is_a_400(api_as, query):
    response = api_as("admin").get(FLAGS, query)
    assert response.status_code == 400, response.content


def test_a_library_outside_the_area_is_a_400_not_a_leak(flagged, api_as):
    _rebo, bali_record = flagged
    response = api_as("dispus.bangka").get(FLAGS, {"library": bali_record.library_id})
    assert response.status_code == 400


def test_flags_are_read_only(flagged, api_as):
    assert api_as("admin").post(FLAGS, {"code": "backdated"}, format="json").status_code == 403


def test_the_list_costs_the_same_whatever_the_flags(flagged, api_as):
    client = api_as("dispus.bangka")
    rebo = flagged[0].library
    client.get(FLAGS)  # what a first request reads once
    counts = []
    for round_ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FLAGS).status_code == 200
        counts.append(len(queries))
        for day in range(5, 15):
            late_activity(rebo, day, title=f"Kegiatan {round_}")
    assert counts[0] == counts[1] == 2  # the count, the page (its record types come with it)
