"""Figures beyond the domain's bounds are refused where they come in; the reports add up in 64 bits."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from activities.models import Activity
from foundation import bounds
from reports.models import MonthlyReport

from .conftest import LIBRARIAN
from .scoping import library_at

pytestmark = pytest.mark.django_db

INT_MAX = 2_147_483_647
STORY = {"date": "2021-09-10", "person_name": "Sari", "title": "Anyaman", "story": "Penghasilan naik"}


def test_the_api_refuses_a_participant_count_beyond_the_bound(user):
    api = APIClient()
    api.force_authenticate(user(LIBRARIAN))
    body = {
        "library": library_at("own_village").pk,
        "date": "2021-09-10",
        "strategy": "community_engagement",
        "title": "Pelatihan",
        "participants_male": INT_MAX,
        "participants_female": bounds.PARTICIPANTS + 1,
    }
    response = api.post("/api/v1/activities/", body, format="json")
    assert response.status_code == 400
    assert {"participants_male", "participants_female"} <= set(response.json())
    assert not Activity.objects.filter(title="Pelatihan").exists()


def test_the_form_refuses_it_and_keeps_what_was_typed(client_as):
    library = library_at("own_village")
    response = client_as(LIBRARIAN).post(
        reverse("activities:activity_add"),
        {
            "library": library.pk,
            "date": "2021-09-10",
            "strategy": "community_engagement",
            "title": "Pelatihan besar",
            "participants_male": str(10**12),
            "participants_female": "3",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "participants_male" in form.errors
    assert form["title"].value() == "Pelatihan besar"


def test_the_monthly_report_form_refuses_visitors_beyond_the_bound(client_as):
    response = client_as(LIBRARIAN).post(
        reverse("reports:monthlyreport_add"),
        {"period": "2021-09", "visitors": str(bounds.MONTHLY_COUNT + 1), "loans": "1"},
    )
    assert response.status_code == 200
    assert "visitors" in response.context["form"].errors


@pytest.mark.parametrize(
    "make",
    [
        lambda lib: Activity.objects.create(
            library=lib, date=dt.date(2021, 9, 1), strategy="advocacy", title="x", participants_male=INT_MAX
        ),
        lambda lib: MonthlyReport.objects.create(library=lib, period=dt.date(2019, 1, 1), visitors=10**9),
    ],
)
def test_the_database_refuses_what_skips_validation(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make(library_at("own_village"))


def test_the_briefing_adds_the_largest_figures_without_overflow(client_as):
    library = library_at("own_village")
    for _ in range(2):
        Activity.objects.create(
            library=library,
            date=dt.date(2021, 8, 10),
            strategy="community_engagement",
            title="Festival desa",
            participants=bounds.PARTICIPANTS,
            participants_male=bounds.PARTICIPANTS // 2,
            participants_female=bounds.PARTICIPANTS // 2,
        )
    url = reverse("reports:plm_briefing", args=["2021-08", "regency", library.regency_id])
    response = client_as("admin").get(url)
    assert response.status_code == 200
    assert response.context["practices"][0].reached == bounds.PARTICIPANTS  # the participants, men and women


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/api/v1/activities/", "date", "tomorrow"),
        ("/api/v1/activities/", "date", "1999-12-31"),
        ("/api/v1/success-stories/", "date", "tomorrow"),
        ("/api/v1/aid/", "year", "in two years"),
        ("/api/v1/aid/", "received_on", "tomorrow"),
    ],
)
def test_dates_of_what_happened_are_not_in_the_future(user, path, field, value):
    today = dt.date.today()
    value = {
        "tomorrow": (today + dt.timedelta(days=1)).isoformat(),
        "in two years": today.year + 2,
    }.get(value, value)
    api = APIClient()
    api.force_authenticate(user("admin"))
    library = library_at("own_village").pk
    body = {
        "/api/v1/activities/": {"library": library, "date": "2021-09-10", "strategy": "advocacy", "title": "x"},
        "/api/v1/success-stories/": {**STORY, "library": library},
        "/api/v1/aid/": {"library": library, "year": 2021, "item": "books", "quantity": 1},
    }[path]
    assert api.post(path, body, format="json").status_code == 201  # the body is fine as it is
    response = api.post(path, {**body, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
