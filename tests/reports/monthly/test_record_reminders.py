"""Reminders of records returned for correction: the librarian hears what came back and why, once per return."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import RoleAssignment
from activities import verification
from activities.models import Activity, ServiceSnapshot
from libraries.models import Library
from reports.choices import ReminderReason, ReminderStatus
from reports.models.monthly import Reminder
from reports.monthly.record_reminders import remind_returned_records
from reports.monthly.tasks import send_report_reminders
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

from .test_reminders import FailingBackend

pytestmark = pytest.mark.django_db
REBO_MAIL = f"{LIBRARIAN}@tpbis.localhost"
__all__ = ["FailingBackend"]


@pytest.fixture(autouse=True)
def only_their_returns(no_demo_returns):
    """These tests count only the returns they make."""


def record(library, title="Kelas literasi digital", day=dt.date(2026, 1, 10)):
    return Activity.objects.create(
        library=library, date=day, strategy="community_engagement", title=title, participants=12
    )


def returned(record_, user, comment):
    verification.return_record(record_, user, comment)
    return record_


def rebo_mails():
    return [m for m in mail.outbox if m.to == [REBO_MAIL]]


def test_the_librarian_hears_what_came_back_and_why(user):
    rebo = library_at("own_village")
    staff = user("dispus.bangka")
    returned(record(rebo), staff, "Foto kegiatan belum dilampirkan")
    snapshot = ServiceSnapshot.objects.create(library=rebo, period=dt.date(2026, 1, 1), books=0)
    returned(snapshot, staff, "Semua angka nol: mohon diisi")
    result = remind_returned_records()
    assert result["records_librarians"] == 1
    [message] = rebo_mails()
    assert "2" in message.subject and rebo.name in message.subject
    assert "Foto kegiatan belum dilampirkan" in message.body and "Semua angka nol: mohon diisi" in message.body
    assert f"library={rebo.pk}" in message.body
    reminder = Reminder.objects.get(reason=ReminderReason.RECORDS_RETURNED, library=rebo)
    assert (reminder.status, reminder.email) == (ReminderStatus.SENT, REBO_MAIL)

    # Nothing new: nothing sent again.
    assert remind_returned_records()["records_librarians"] == 0
    assert len(rebo_mails()) == 1

    # Another record returned later: told again, with all three.
    later = timezone.now() + dt.timedelta(minutes=1)
    third = returned(record(rebo, "Lomba bercerita"), staff, "Tanggal kegiatan keliru")
    Activity.objects.filter(pk=third.pk).update(updated_at=later)
    assert remind_returned_records(now=later + dt.timedelta(seconds=1))["records_librarians"] == 1
    assert "Tanggal kegiatan keliru" in rebo_mails()[-1].body


def test_corrected_records_are_not_reminded(user):
    rebo = library_at("own_village")
    activity = returned(record(rebo), user("dispus.bangka"), "Jumlah peserta tidak sesuai")
    activity.verification = "unverified"  # the librarian's correction puts it back in the queue
    activity.save()
    assert remind_returned_records()["records_librarians"] == 0
    assert not rebo_mails()


def test_a_library_without_a_librarian_is_recorded_once(user):
    with_librarians = RoleAssignment.objects.filter(library__isnull=False).values("library_id")
    library = Library.objects.filter(province_id="19").exclude(pk__in=with_librarians).order_by("pk").first()
    returned(record(library), user("dkpus.babel"), "Mohon lengkapi")
    assert remind_returned_records()["records_no_address"] == 1
    assert remind_returned_records()["records_no_address"] == 0
    assert Reminder.objects.get(library=library, reason=ReminderReason.RECORDS_RETURNED).status == "no_address"


def test_a_failing_mail_server_is_recorded_and_retried(user, settings):
    rebo = library_at("own_village")
    returned(record(rebo), user("dispus.bangka"), "Foto buram")
    settings.EMAIL_BACKEND = f"{FailingBackend.__module__}.FailingBackend"
    assert remind_returned_records()["records_failed"] == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert remind_returned_records()["records_librarians"] == 1


def test_the_daily_task_sends_them_whatever_the_deadlines(user):
    rebo = library_at("own_village")
    returned(record(rebo), user("dispus.bangka"), "Foto buram")
    result = send_report_reminders.delay().get()
    assert result["records_librarians"] == 1 and rebo_mails()
