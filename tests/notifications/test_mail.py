"""Mail: one message at once or a daily digest per person, HTML with a text part; failures are retried, then shown."""

import datetime as dt

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from notifications.mail import CLAIM_EXPIRES, MAX_ATTEMPTS, send_digests, send_pending
from notifications.models import Kind, MailState, Notification, Preference
from notifications.service import notify
from reports.monthly import notices
from tests.activities.factories import make_report
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def report():
    return make_report(library_at("own_village"))


def states() -> dict[str, str]:
    return dict(Notification.objects.values_list("recipient__username", "mail"))


def test_a_notification_is_mailed_once_with_html_and_text(report, user, mailoutbox):
    notices.returned(report, user("dispus.bangka"), "Mohon diperbaiki.")
    assert send_pending() == {"sent": 1, "failed": 0, "retry": 0}
    assert send_pending() == {"sent": 0, "failed": 0, "retry": 0}  # nothing twice
    (message,) = mailoutbox
    assert message.to == [user(LIBRARIAN).email]
    assert message.subject.startswith("Dikembalikan kepada Anda untuk diperbaiki: Laporan bulanan")
    notification = Notification.objects.get()
    link = f"/notifications/{notification.pk}/"
    assert "Mohon diperbaiki." in message.body and link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://127.0.0.1:8000{link}"' in html and "Mohon diperbaiki." in html
    assert notification.mail == MailState.SENT and notification.mailed_at is not None


def test_a_failed_send_is_tried_again_then_shown_failed(report, user, settings, mailoutbox):
    notify(Kind.RETURNED, report, [user(LIBRARIAN)])
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.FailingBackend"
    for attempt in range(1, MAX_ATTEMPTS):
        assert send_pending()["retry"] == 1
        row = Notification.objects.get()
        assert (row.mail, row.mail_attempts) == (MailState.PENDING, attempt)
    assert send_pending()["failed"] == 1
    assert Notification.objects.get().mail == MailState.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending()["sent"] == 0 and not mailoutbox


def test_a_row_a_dead_sender_left_is_sent_later(report, user, mailoutbox):
    notify(Kind.RETURNED, report, [user(LIBRARIAN)])
    Notification.objects.update(mail=MailState.SENDING, mail_claimed_at=timezone.now())
    assert send_pending()["sent"] == 0  # another sender may still be at it
    later = timezone.now() + CLAIM_EXPIRES + dt.timedelta(minutes=1)
    assert send_pending(now=later)["sent"] == 1
    assert len(mailoutbox) == 1


def test_the_digest_gathers_each_persons_day_in_one_message(report, user, mailoutbox):
    other = make_report(library_at("own_village"), period=dt.date(2025, 2, 1))
    notices.submitted(report, user(LIBRARIAN))
    notices.submitted(other, user(LIBRARIAN))
    assert send_pending()["sent"] == 0  # submissions wait for the digest by default
    result = send_digests()
    assert (result["people"], result["sent"]) == (2, 4)
    by_person = {message.to[0]: message for message in mailoutbox}
    bangka = by_person[user("dispus.bangka").email]
    assert "2" in bangka.subject
    assert "Januari 2025" in bangka.body and "Februari 2025" in bangka.body
    assert "Februari 2025" in bangka.alternatives[0][0]
    assert set(states().values()) == {MailState.SENT}
    assert send_digests()["people"] == 0


def test_a_failed_digest_waits_for_the_next_day(report, user, settings):
    notify(Kind.SUBMITTED, report, [user("dispus.bangka")])
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.FailingBackend"
    assert send_digests()["retry"] == 1
    assert states() == {"dispus.bangka": MailState.DIGEST}


def test_nothing_is_mailed_to_those_who_chose_the_inbox_only(report, user, mailoutbox):
    Preference.objects.create(user=user(LIBRARIAN), kind=Kind.RETURNED, mail=False)
    notify(Kind.RETURNED, report, [user(LIBRARIAN)])
    send_pending()
    send_digests()
    assert not mailoutbox
    assert states() == {LIBRARIAN: MailState.NONE}
