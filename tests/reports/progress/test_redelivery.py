"""Scheduled tasks delivered twice (a worker died before acknowledging, or the broker redelivered): no double work.

The compile task itself is covered with a real worker in ``test_worker.py``; here the
reminder run and the monthly compile schedule.
"""

import datetime as dt
from collections import Counter

import psycopg
import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from reports.models import CompileJob, ProgressReport
from reports.models.monthly import Reminder
from reports.monthly.reminders import LOCK_NAMESPACE, send_reminders
from reports.progress.tasks import compile_last_month

pytestmark = pytest.mark.django_db

AUGUST = dt.date(2021, 8, 1)


class WorkerKilled(BaseException):
    """The worker process ends (SIGKILL, out of memory) between two e-mails: nothing can catch it."""


class DiesAfterFiveMessages(EmailBackend):
    def send_messages(self, messages):
        if len(mail.outbox) >= 5:
            raise WorkerKilled
        return super().send_messages(messages)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_reminder_run_killed_half_way_sends_only_the_rest_when_redelivered(settings):
    settings.EMAIL_BACKEND = f"{__name__}.DiesAfterFiveMessages"
    with pytest.raises(WorkerKilled):
        send_reminders(AUGUST)
    first = recipients()
    assert len(first) == 5
    assert Reminder.objects.filter(period=AUGUST, status="sent").count() == 5  # each saved as it went

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    second = send_reminders(AUGUST)
    assert second["skipped"] >= 5
    assert set(recipients()).isdisjoint(first)  # nobody reminded twice

    # Together the two runs sent what one uninterrupted run sends, each once.
    total = Counter(first + recipients())
    assert set(total.values()) == {1}
    sent = Reminder.objects.filter(period=AUGUST, status="sent")
    assert sorted(sent.values_list("email", flat=True)) == sorted(first + recipients())
    assert "dispus.bangka@tpbis.localhost" in total  # the regency's list went out although the run died first


def test_a_second_delivery_while_the_first_still_runs_sends_nothing():
    db = connection.settings_dict
    other = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], password=db["PASSWORD"] or None
    )
    try:
        key = (LOCK_NAMESPACE, AUGUST.year * 100 + AUGUST.month)
        assert other.execute("SELECT pg_try_advisory_lock(%s, %s)", key).fetchone()[0]  # the first delivery's run
        result = send_reminders(AUGUST)
        assert result["busy"] is True
        assert mail.outbox == []
        assert not Reminder.objects.filter(period=AUGUST).exists()
        other.execute("SELECT pg_advisory_unlock(%s, %s)", key)
    finally:
        other.close()
    assert send_reminders(AUGUST)["librarians"] > 0  # once it is finished (or dead), a run goes ahead


def test_the_monthly_compile_schedule_redelivered_creates_one_job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = compile_last_month.apply(task_id="beat-message-1").get()
    with django_capture_on_commit_callbacks(execute=True):
        again = compile_last_month.apply(task_id="beat-message-1").get()  # the same message, delivered again
    assert again == first
    job = CompileJob.objects.get(pk=first)
    assert (job.scope, job.status, job.attempts) == ("national", "done", 1)
    assert CompileJob.objects.filter(period=job.period, scope="national").count() == 1
    assert ProgressReport.objects.filter(period=job.period, scope="national").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        next_month = compile_last_month.apply(task_id="beat-message-2").get()  # a new schedule tick is new work
    assert next_month != first
