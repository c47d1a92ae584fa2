"""Changes made through the API name their author in the audit trail (django-simple-history)."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from accounts.models import RoleAssignment
from foundation.api.tokens import issue_token
from libraries.models import Aid, Library, SynergyTeam
from reports.models import MonthlyReport

from ..conftest import LIBRARIAN


@pytest.fixture
def token_client(user):
    """A client with a real token header, as an integration would send it (no forced authentication)."""

    def make(username: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user(username))}")
        return client

    return make


def test_create_update_and_delete_name_the_token_user(token_client, user):
    client = token_client("dispus.bangka")
    body = {"name": "Perpustakaan Desa Baru", "level": "village", "province": "19", "village": "19.01.05.2001"}
    created = client.post("/api/v1/libraries/", body, format="json")
    assert created.status_code == 201
    library = Library.objects.get(pk=created.json()["id"])
    client.patch(f"/api/v1/libraries/{library.pk}/", {"manager_name": "Ibu Wati"}, format="json")
    aid = Aid.objects.create(library=library, year=2021, item="books", quantity=700)
    assert client.delete(f"/api/v1/aid/{aid.pk}/").status_code == 204

    entries = [(h.history_type, h.history_user) for h in library.history.order_by("history_date")]
    assert entries == [("+", user("dispus.bangka")), ("~", user("dispus.bangka"))]
    deleted = Aid.history.filter(id=aid.pk, history_type="-").get()
    assert deleted.history_user == user("dispus.bangka")


def test_a_workflow_step_names_who_took_it(token_client, user):
    library = RoleAssignment.objects.get(user__username=LIBRARIAN).library
    report = MonthlyReport.objects.create(library=library, period=dt.date(2019, 9, 1))
    assert token_client(LIBRARIAN).post(f"/api/v1/monthly-reports/{report.pk}/submit/").status_code == 200
    latest = report.history.latest("history_date")
    assert (latest.status, latest.history_user) == ("submitted", user(LIBRARIAN))


def test_session_writes_name_the_user_too(user):
    client = APIClient()
    client.force_login(user("dkpus.babel"))
    team = SynergyTeam.objects.get(province_id="19", level="province")
    response = client.patch(f"/api/v1/synergy-teams/{team.pk}/", {"decree_number": "188.44/1/2021"}, format="json")
    assert response.status_code == 200
    assert team.history.latest("history_date").history_user == user("dkpus.babel")
