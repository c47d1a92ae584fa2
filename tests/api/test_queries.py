"""Every list endpoint of the schema answers in a fixed number of queries, whatever the page size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from activities.models import Activity
from libraries.models import Library
from reports.models import MonthlyReport

from .operations import LISTS

# Token lookup, the user's role assignments, the count and the page.
MAX_QUERIES = 4


@pytest.fixture
def many_records(db):
    libraries = list(Library.objects.filter(province_id="19", level="village"))
    Activity.objects.bulk_create(
        Activity(library=library, date=dt.date(2019, 9, day), strategy="advocacy", title=f"Audiensi {day}")
        for library in libraries
        for day in (3, 17)
    )
    MonthlyReport.objects.bulk_create(
        MonthlyReport(library=library, period=dt.date(2019, month, 1), visitors=40)
        for library in libraries
        for month in (8, 9)
    )


@pytest.mark.parametrize("role", ["admin", "dkpus.babel"])
@pytest.mark.parametrize("path", LISTS)
def test_list_query_count_does_not_grow_with_the_page(path, role, user, many_records):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user(role)).key}")
    counts = {}
    for size in (5, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, response.json()["count"])
        counts[size] = len(queries)
    assert counts[5] == counts[100], path
    assert counts[100] <= MAX_QUERIES, path


def test_filtered_library_list_query_count(api, user, django_assert_max_num_queries):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user('dkpus.babel')).key}")
    # two more: the province and regency filter values are checked against the user's scope
    with django_assert_max_num_queries(MAX_QUERIES + 2):
        response = api.get(
            "/api/v1/libraries/", {"province": "19", "regency": "19.01", "level": "village", "cohort": 2021}
        )
    assert response.status_code == 200
