"""With a real Celery worker on Redis: a returned report's mail leaves once, multipart, after the step commits."""

import email
import email.policy

import pytest
from django.urls import reverse

from notifications.models import MAIL_WAITING, Kind, MailState, Notification
from notifications.tasks import send_daily_digests, send_pending_mail
from reports.monthly import workflow
from tests.activities.factories import make_report
from tests.conftest import LIBRARIAN
from tests.reports.progress.test_worker import wait_for
from tests.scoping import library_at

pytestmark = [pytest.mark.services]


def mail_state(**lookup) -> str:
    return Notification.objects.values_list("mail", flat=True).get(**lookup)


def messages_in(folder) -> list[email.message.Message]:
    """The messages the worker's file mail backend wrote (one file per connection, messages separated by dashes)."""
    parts = [part for path in sorted(folder.iterdir()) for part in path.read_text().split("-" * 79)]
    return [
        email.message_from_string(part.strip(), policy=email.policy.default) for part in parts if "Subject:" in part
    ]


@pytest.fixture
def mailbox(demo_db, monkeypatch, tmp_path, request):
    """A real worker whose mail is written to files in the returned folder."""
    folder = tmp_path / "mail"
    monkeypatch.setenv("EMAIL_URL", f"file://{folder}")  # before the worker's environment is taken
    request.getfixturevalue("celery_worker_process")()
    return folder


def test_a_returned_report_is_mailed_by_the_worker_once(mailbox, client):
    from accounts.models import User

    report = make_report(library_at("own_village"))
    workflow.submit(report, User.objects.get(username=LIBRARIAN))
    client.force_login(User.objects.get(username="dispus.bangka"))
    response = client.post(
        reverse("reports:monthlyreport_return", args=[report.pk]), {"comment": "Lampirkan daftar hadir."}
    )
    assert response.status_code == 302
    returned = {"kind": Kind.RETURNED, "recipient__username": LIBRARIAN}
    wait_for(lambda: mail_state(**returned) == MailState.SENT, message="the worker to mail the librarian")
    send_pending_mail.delay()  # a repeated delivery finds nothing left to send
    send_pending_mail.delay()
    # The submission waits for the verifiers' digest, which the daily job sends.
    assert set(Notification.objects.filter(kind=Kind.SUBMITTED).values_list("mail", flat=True)) == {MailState.DIGEST}
    send_daily_digests.delay()
    waiting = Notification.objects.filter(mail__in=MAIL_WAITING)
    wait_for(lambda: not waiting.exists(), message="the digests to be sent")

    sent = messages_in(mailbox)
    to_librarian = [m for m in sent if m["To"] == User.objects.get(username=LIBRARIAN).email]
    assert len(to_librarian) == 1
    (message,) = to_librarian
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert "Lampirkan daftar hadir." in parts["text/plain"]
    assert "<blockquote" in parts["text/html"] and "Lampirkan daftar hadir." in parts["text/html"]
    verifiers = User.objects.filter(username__in=["dispus.bangka", "dkpus.babel"]).values_list("email", flat=True)
    digests = [m for m in sent if m is not message]
    assert sorted(m["To"] for m in digests) == sorted(verifiers)  # one digest each
