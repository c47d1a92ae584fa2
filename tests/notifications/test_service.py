"""notify(): who is told of what, once each, as they chose; the report workflow tells the right people after commit."""

import pytest
from django.db import transaction

from notifications.models import Kind, MailState, Notification, Preference
from notifications.recipients import librarians_of, staff_covering
from notifications.service import mark_all_read, mark_read, notify, notify_library_record, unread_count
from reports.monthly import workflow
from tests.activities.factories import make_activity, make_report
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

pytestmark = pytest.mark.django_db

VERIFIERS = {"dispus.bangka", "dkpus.babel"}  # the regency's and the province's staff of the librarian's village


@pytest.fixture
def report():
    return make_report(library_at("own_village"))


def told(kind=None) -> dict[str, Notification]:
    rows = Notification.objects.select_related("recipient")
    if kind:
        rows = rows.filter(kind=kind)
    return {row.recipient.username: row for row in rows}


def test_verifiers_are_the_regency_and_province_staff_of_the_library(user):
    from foundation.scope import Place

    names = set(staff_covering(Place.of_library(library_at("own_village"))).values_list("username", flat=True))
    assert names == VERIFIERS
    bali = set(staff_covering(Place.of_library(library_at("bali_village"))).values_list("username", flat=True))
    assert bali == {"dkpus.bali"}
    assert set(librarians_of(library_at("own_village").pk).values_list("username", flat=True)) == {LIBRARIAN}


def test_submitting_tells_the_verifiers_once_committed(report, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(report, user(LIBRARIAN))
    rows = told(Kind.SUBMITTED)
    assert set(rows) == VERIFIERS
    row = rows["dispus.bangka"]
    assert row.url == report.get_absolute_url()
    assert row.actor.username == LIBRARIAN
    assert "Perpustakaan Desa Rebo" in row.subject and "Januari 2025" in row.subject  # named in Indonesian
    assert row.read_at is None
    # Submissions come in the daily digest unless the verifier chose otherwise.
    assert row.mail == MailState.DIGEST


def test_returning_tells_the_librarian_with_the_comment_and_mails_at_once(
    report, user, django_capture_on_commit_callbacks, mailoutbox
):
    workflow.submit(report, user(LIBRARIAN))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_report(report, user("dispus.bangka"), "Jumlah pengunjung belum sesuai buku tamu.")
    rows = told(Kind.RETURNED)
    assert set(rows) == {LIBRARIAN}
    assert rows[LIBRARIAN].comment == "Jumlah pengunjung belum sesuai buku tamu."
    # Returned reports are mailed at once by default (tasks run eagerly here; tests/notifications/test_worker.py
    # has the real worker).
    assert rows[LIBRARIAN].mail == MailState.SENT
    assert [message.to for message in mailoutbox] == [[user(LIBRARIAN).email]]


def test_verifying_tells_the_librarian(report, user, django_capture_on_commit_callbacks):
    workflow.submit(report, user(LIBRARIAN))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verify(report, user("dkpus.babel"))
    assert set(told(Kind.VERIFIED)) == {LIBRARIAN}


def test_a_step_rolled_back_tells_nobody(report, user, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        workflow.submit(report, user(LIBRARIAN))
        raise RuntimeError
    assert callbacks == []
    assert not Notification.objects.exists()


def test_the_api_step_notifies_too(report, user, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user(LIBRARIAN))
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"/api/v1/monthly-reports/{report.pk}/submit/").status_code == 200
    assert set(told(Kind.SUBMITTED)) == VERIFIERS


def test_the_actor_and_inactive_people_are_not_told(report, user):
    inactive = user("dkpus.babel")
    inactive.is_active = False
    inactive.save()
    notify(Kind.SUBMITTED, report, [user("dispus.bangka"), inactive, user(LIBRARIAN)], actor=user(LIBRARIAN))
    assert set(told()) == {"dispus.bangka"}


def test_preferences_decide_the_mail(report, user):
    librarian = user(LIBRARIAN)
    Preference.objects.create(user=librarian, kind=Kind.RETURNED, mail=True, digest=True)
    Preference.objects.create(user=librarian, kind=Kind.VERIFIED, mail=False)
    notify(Kind.RETURNED, report, [librarian])
    notify(Kind.VERIFIED, report, [librarian])
    assert told(Kind.RETURNED)[LIBRARIAN].mail == MailState.DIGEST
    assert told(Kind.VERIFIED)[LIBRARIAN].mail == MailState.NONE


def test_people_without_an_address_get_no_mail(report, user):
    librarian = user(LIBRARIAN)
    librarian.email = ""
    librarian.save()
    notify(Kind.RETURNED, report, [librarian])
    assert told()[LIBRARIAN].mail == MailState.NONE


def test_once_tells_each_person_only_once(report, user):
    people = [user("dispus.bangka"), user("dkpus.babel")]
    assert notify(Kind.COMMITMENT_DUE, report, people, once="x:1") == 2
    assert notify(Kind.COMMITMENT_DUE, report, people, once="x:1") == 0
    assert notify(Kind.COMMITMENT_DUE, report, people[:1], once="x:2") == 1
    assert Notification.objects.count() == 3


def test_read_marks_are_the_readers_own(report, user):
    notify(Kind.SUBMITTED, report, [user("dispus.bangka"), user("dkpus.babel")])
    mine = Notification.objects.get(recipient__username="dispus.bangka")
    assert unread_count(user("dispus.bangka")) == 1
    assert not mark_read(user("dkpus.babel"), mine.pk)  # somebody else's: untouched
    assert Notification.objects.get(pk=mine.pk).read_at is None
    assert mark_read(user("dispus.bangka"), mine.pk)
    assert unread_count(user("dispus.bangka")) == 0
    assert unread_count(user("dkpus.babel")) == 1
    assert mark_all_read(user("dkpus.babel")) == 1
    assert unread_count(user("dkpus.babel")) == 0


def test_any_record_of_a_library_is_announced_the_same_way(user):
    activity = make_activity(library_at("own_village"))
    notify_library_record(Kind.RETURNED, activity, actor=user("dispus.bangka"), comment="Foto kurang jelas.")
    row = told(Kind.RETURNED)[LIBRARIAN]
    assert (row.url, row.subject, row.comment) == (activity.get_absolute_url(), activity.title, "Foto kurang jelas.")
    assert (row.target_type.model, row.target_id) == ("activity", activity.pk)
    notify_library_record(Kind.SUBMITTED, activity, actor=user(LIBRARIAN))
    assert set(told(Kind.SUBMITTED)) == VERIFIERS


def test_a_failing_notice_never_fails_the_committed_step(
    report, user, client_as, monkeypatch, django_capture_on_commit_callbacks
):
    from reports.monthly import notices

    def broken(*args, **kwargs):
        raise RuntimeError("mail store unavailable")

    monkeypatch.setattr(notices, "notify_library_record", broken)
    workflow.submit(report, user(LIBRARIAN))
    client = client_as("dispus.bangka")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/monthly/{report.pk}/return/", {"comment": "Mohon diperbaiki."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned"
