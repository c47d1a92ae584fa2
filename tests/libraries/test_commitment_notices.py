"""Commitments nearing their due date: the team's staff are told once per due date, by the daily job."""

import datetime as dt

import pytest
from django.utils import timezone

from libraries.choices import CommitmentStatus, TeamLevel
from libraries.commitments import notify_due
from libraries.models import Commitment, SynergyTeam
from libraries.tasks import notify_commitments_due
from notifications.models import Kind, Notification
from tests.scoping import library_at

from .factories import commitment_at, team_at

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 10)


def told() -> set[tuple[str, int]]:
    rows = Notification.objects.filter(kind=Kind.COMMITMENT_DUE)
    return set(rows.values_list("recipient__username", "target_id"))


@pytest.fixture(autouse=True)
def no_demo_commitments():
    Commitment.objects.all().delete()


def test_a_regency_teams_commitment_due_soon_reaches_its_regency_and_province_staff():
    commitment = commitment_at(library_at("own_village"), due_date=TODAY + dt.timedelta(days=3))
    result = notify_due(TODAY)
    assert result == {"commitments": 1, "notified": 2}
    assert told() == {("dispus.bangka", commitment.pk), ("dkpus.babel", commitment.pk)}
    row = Notification.objects.get(recipient__username="dispus.bangka")
    assert row.url == commitment.get_absolute_url()
    assert "13 Juni 2025" in row.subject and "Tim Sinergi" in row.subject


def test_a_provincial_teams_commitment_reaches_the_provincial_staff_only():
    village = library_at("bali_village")
    team = SynergyTeam.objects.create(name="Tim Sinergi Provinsi Bali", level=TeamLevel.PROVINCE, province_id="51")
    commitment = commitment_at(village, team=team, due_date=TODAY)
    notify_due(TODAY)
    assert told() == {("dkpus.bali", commitment.pk)}


def test_each_due_date_is_announced_once_and_again_when_moved():
    commitment = commitment_at(library_at("own_village"), due_date=TODAY + dt.timedelta(days=7))
    assert notify_due(TODAY)["notified"] == 2
    assert notify_due(TODAY)["notified"] == 0
    assert notify_due(TODAY + dt.timedelta(days=1))["notified"] == 0
    commitment.due_date = TODAY + dt.timedelta(days=9)
    commitment.save()
    assert notify_due(TODAY + dt.timedelta(days=3))["notified"] == 2
    assert Notification.objects.count() == 4


def test_far_overdue_closed_and_inactive_teams_are_left_out():
    library = library_at("own_village")
    commitment_at(library, due_date=TODAY + dt.timedelta(days=8))
    commitment_at(library, due_date=TODAY - dt.timedelta(days=1))
    commitment_at(library, due_date=TODAY, status=CommitmentStatus.DROPPED)
    commitment_at(library, due_date=TODAY, team=team_at(library, is_active=False))
    commitment_at(library, due_date=None)
    assert notify_due(TODAY) == {"commitments": 0, "notified": 0}


def test_the_beat_task_runs_the_same_function():
    commitment_at(library_at("own_village"), due_date=timezone.localdate() + dt.timedelta(days=1))
    assert notify_commitments_due.delay().get()["notified"] == 2
