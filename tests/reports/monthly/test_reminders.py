"""Reminders after the deadline: librarians of missing or returned reports, and their regency staff's list."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment
from foundation.scope import Role
from reports.choices import ReminderKind, ReminderReason, ReminderStatus, ReportStatus
from reports.models import MonthlyReport
from reports.models.monthly import Reminder
from reports.monthly import workflow
from reports.monthly.reminders import outstanding_libraries, send_reminders
from reports.monthly.tasks import send_report_reminders
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

AUGUST = dt.date(2021, 8, 1)


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses everything."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def jakarta(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


def librarian_emails(libraries) -> set[str]:
    return set(
        RoleAssignment.objects.filter(role=Role.LIBRARIAN, library__in=libraries).values_list("user__email", flat=True)
    )


@pytest.mark.django_db
def test_eager_task_reminds_librarians_of_missing_and_returned_reports(settings, no_demo_returns):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    outstanding = list(outstanding_libraries(AUGUST).filter(province_id="19"))
    returned = [library for library in outstanding if library.report_status == ReportStatus.RETURNED]
    missing = [library for library in outstanding if library.report_status != ReportStatus.RETURNED]
    assert returned and missing  # the demo has both

    result = send_report_reminders.delay("2021-08").get()

    to_librarians = [m for m in mail.outbox if m.to[0].startswith("pustakawan.")]
    assert {m.to[0] for m in to_librarians} >= librarian_emails(outstanding)
    assert result["librarians"] == len(to_librarians)
    rebo = next(m for m in to_librarians if m.to[0] == f"{LIBRARIAN}@tpbis.localhost")
    rebo_report = MonthlyReport.objects.get(library=library_at("own_village"), period=AUGUST)
    assert rebo_report.status == ReportStatus.RETURNED  # demo: Rebo's August report was returned
    assert "dikembalikan" in rebo.subject.lower()
    assert rebo_report.return_comment in rebo.body
    assert rebo_report.get_absolute_url() in rebo.body

    digest = [m for m in mail.outbox if m.to == ["dispus.bangka@tpbis.localhost"]]
    assert len(digest) == 1
    bangka = [library for library in outstanding if library.regency_id == "19.01"]
    for library in bangka:
        assert library.name in digest[0].body
    assert not any(library.name in digest[0].body for library in outstanding if library.regency_id != "19.01")

    rows = Reminder.objects.filter(period=AUGUST, kind=ReminderKind.LIBRARIAN, library__province_id="19")
    assert set(rows.values_list("library_id", flat=True)) == {library.pk for library in outstanding}
    assert set(rows.filter(reason=ReminderReason.RETURNED).values_list("library_id", flat=True)) == {
        library.pk for library in returned
    }
    staff_row = Reminder.objects.get(
        period=AUGUST, kind=ReminderKind.REGENCY_STAFF, recipient__username="dispus.bangka"
    )
    assert staff_row.libraries_listed == len(bangka)


@pytest.mark.django_db
def test_each_library_is_reminded_once_per_month_and_reason(user):
    send_reminders(AUGUST)
    sent = len(mail.outbox)
    mail.outbox.clear()
    again = send_reminders(AUGUST)
    assert mail.outbox == []
    assert again["librarians"] == again["staff"] == 0
    assert again["skipped"] >= sent - 1

    # a report returned after the first run brings a new reminder for that library, and a new list
    submitted = MonthlyReport.objects.filter(period=AUGUST, status=ReportStatus.SUBMITTED, library__regency_id="19.01")
    report = submitted.select_related("library").first()
    assert report is not None, "the demo has Bangka reports waiting for verification"
    workflow.return_report(report, user("dispus.bangka"), "Data peminjaman kosong.")
    send_reminders(AUGUST)
    recipients = sorted(m.to[0] for m in mail.outbox)
    librarian = RoleAssignment.objects.get(role=Role.LIBRARIAN, library=report.library).user
    assert recipients == sorted([librarian.email, "dispus.bangka@tpbis.localhost"])
    assert "Data peminjaman kosong." in next(m for m in mail.outbox if m.to == [librarian.email]).body


@pytest.mark.django_db
def test_nothing_is_sent_before_the_deadline():
    result = send_reminders(AUGUST, now=jakarta(2021, 9, 5, 20, 0))
    assert result["not_due"] is True
    assert mail.outbox == []
    assert not Reminder.objects.filter(period=AUGUST).exists()


@pytest.mark.django_db
def test_default_period_is_the_last_month_past_its_deadline():
    result = send_reminders(now=jakarta(2021, 9, 6, 8, 0))
    assert result["period"] == "2021-08"
    result = send_reminders(now=jakarta(2021, 9, 4, 8, 0))
    assert result["period"] == "2021-07"


@pytest.mark.django_db
def test_verified_and_submitted_reports_are_not_reminded():
    send_reminders(AUGUST)
    done = MonthlyReport.objects.filter(period=AUGUST, status__in=["submitted", "verified"])
    reminded = set(Reminder.objects.filter(period=AUGUST, library__isnull=False).values_list("library_id", flat=True))
    assert reminded.isdisjoint(done.values_list("library_id", flat=True))


@pytest.mark.django_db
def test_a_failing_mail_server_is_recorded_and_retried_next_time(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    result = send_reminders(AUGUST)
    assert result["librarians"] == 0
    assert result["failed"] > 0
    failed = Reminder.objects.filter(period=AUGUST, status=ReminderStatus.FAILED)
    assert "SMTP server unreachable" in failed.first().error

    failed_librarians = failed.filter(kind=ReminderKind.LIBRARIAN).count()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = send_reminders(AUGUST)
    assert retry["librarians"] == failed_librarians > 0
    assert len([m for m in mail.outbox if m.to[0].startswith("pustakawan.")]) == failed_librarians


@pytest.mark.django_db
def test_libraries_without_a_librarian_address_are_recorded(user):
    rebo = user(LIBRARIAN)
    rebo.email = ""
    rebo.save()
    send_reminders(AUGUST)
    row = Reminder.objects.get(period=AUGUST, library=library_at("own_village"))
    assert row.status == ReminderStatus.NO_ADDRESS
    assert not any(m.to == [f"{LIBRARIAN}@tpbis.localhost"] for m in mail.outbox)


def test_beat_runs_the_job_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-report-reminders"]
    assert entry["task"] == send_report_reminders.name
    assert entry["schedule"].hour == {8} and len(entry["schedule"].day_of_month) == 31


@pytest.mark.django_db
def test_reminders_page_shows_who_was_reminded_when(client_as, django_assert_max_num_queries):
    send_reminders(AUGUST, now=jakarta(2021, 9, 6, 8, 0))
    url = reverse("reports:reminder_list")

    client = client_as("dispus.bangka")
    with django_assert_max_num_queries(6):
        response = client.get(url, {"per_page": 200})
    rows = [row.record for row in response.context["table"].paginated_rows]
    assert rows and {row.regency_id for row in rows} == {"19.01"}
    assert any(row.kind == ReminderKind.REGENCY_STAFF for row in rows)
    content = response.content.decode()
    assert "2021-09-06 08:00" in content
    assert f"{LIBRARIAN}@tpbis.localhost" in content

    librarian_rows = [row.record for row in client_as(LIBRARIAN).get(url).context["table"].paginated_rows]
    assert {row.library_id for row in librarian_rows} == {library_at("own_village").pk}
    assert client_as("dkpus.bali").get(url).context["table"].paginator.count == 0
    assert client_as("konsultan").get(url).context["table"].paginator.count == Reminder.objects.count()


@pytest.mark.services
def test_reminders_through_a_real_worker_on_redis(celery_worker_process):
    worker = celery_worker_process()
    send_report_reminders.delay("2021-08")
    deadline = time.monotonic() + 60
    while not Reminder.objects.filter(period=AUGUST, kind=ReminderKind.REGENCY_STAFF).exists():
        assert time.monotonic() < deadline, "the worker did not record the reminders"
        assert worker.poll() is None, "the worker stopped"
        time.sleep(0.2)
    expected = {library.pk for library in outstanding_libraries(AUGUST)}
    rows = Reminder.objects.filter(period=AUGUST, kind=ReminderKind.LIBRARIAN)
    assert set(rows.values_list("library_id", flat=True)) == expected
    assert rows.filter(status=ReminderStatus.SENT).exists()
    log = ""
    while "succeeded" not in log:  # the task goes on after the staff's reminders (the returned records' mail)
        assert time.monotonic() < deadline, "the task did not finish"
        assert worker.poll() is None, "the worker stopped"
        time.sleep(0.2)
        worker.log.flush()
        worker.log.seek(0)
        log = worker.log.read()
    assert f"To: {LIBRARIAN}@tpbis.localhost" in log  # the console e-mail backend of the worker
