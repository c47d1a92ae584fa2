"""Notifications by mail: each at once, or a person's day in one digest; HTML with a plain-text part.

Both run in Celery (``notifications.tasks``) and are safe to run twice at once: rows are taken with
``SELECT … FOR UPDATE SKIP LOCKED`` and marked ``sending`` before anything goes out, so two workers never
mail the same row; a worker that dies mid-way leaves rows ``sending``, which are taken again after
``CLAIM_EXPIRES`` (a mail may then go twice, never zero times). A failed send is tried again, up to
``MAX_ATTEMPTS``, then the row shows ``failed``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .models import MailState, Notification

logger = logging.getLogger(__name__)

BATCH = 100
MAX_ATTEMPTS = 3
CLAIM_EXPIRES = dt.timedelta(minutes=15)


def _claim(condition: Q, now: dt.datetime, limit: int | None = BATCH) -> list[int]:
    """Take the rows matching ``condition`` that no other sender holds, and mark them ``sending``."""
    with transaction.atomic():
        rows = Notification.objects.select_for_update(skip_locked=True).filter(condition).order_by("recipient_id", "pk")
        ids = list(rows.values_list("pk", flat=True)[:limit] if limit else rows.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(mail=MailState.SENDING, mail_claimed_at=now)
    return ids


def _abandoned(now: dt.datetime) -> Q:
    return Q(mail=MailState.SENDING, mail_claimed_at__lt=now - CLAIM_EXPIRES)


def _link(path: str) -> str:
    return settings.TPBIS_SITE_URL + path


def _context(notifications: list[Notification]) -> dict:
    for notification in notifications:
        notification.link = _link(reverse("notifications:open", args=[notification.pk]))
    return {
        "notifications": notifications,
        "recipient": notifications[0].recipient,
        "inbox_url": _link(reverse("notifications:inbox")),
        "preferences_url": _link(reverse("accounts:profile")),
    }


def _message(notifications: list[Notification], connection, digest: bool) -> EmailMultiAlternatives:
    context = _context(notifications)
    if not digest:
        first = notifications[0]
        subject = f"{first.headline}: {first.subject}"
        template = "notifications/email/notification"
    else:
        count = len(notifications)
        subject = ngettext(
            "TPBIS Portal: %(count)d notification today", "TPBIS Portal: %(count)d notifications today", count
        ) % {"count": count}
        template = "notifications/email/digest"
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject.replace("\n", " ")[:200],
        text,
        settings.DEFAULT_FROM_EMAIL,
        [context["recipient"].email],
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def _send(groups: list[list[Notification]], now: dt.datetime, digest: bool = False) -> dict:
    """Send one message per group; record each row's outcome (a failed one waits for the next run)."""
    retry_state = MailState.DIGEST if digest else MailState.PENDING
    result = {"sent": 0, "failed": 0, "retry": 0}
    connection = get_connection(fail_silently=False)
    outcome: dict[tuple, list[int]] = defaultdict(list)
    with translation.override(settings.LANGUAGE_CODE):
        for group in groups:
            ids = [n.pk for n in group]
            attempts = max(n.mail_attempts for n in group) + 1
            try:
                _message(group, connection, digest).send()
            except Exception as error:  # any transport failure: recorded, the other messages still go
                logger.warning("Notification mail to %s failed: %s", group[0].recipient.email, error)
                state = MailState.FAILED if attempts >= MAX_ATTEMPTS else retry_state
                outcome[(state, attempts, None)] += ids
                result["failed" if state == MailState.FAILED else "retry"] += len(ids)
                continue
            outcome[(MailState.SENT, attempts, now)] += ids
            result["sent"] += len(ids)
    for (state, attempts, mailed_at), ids in outcome.items():
        Notification.objects.filter(pk__in=ids, mail=MailState.SENDING).update(
            mail=state, mail_attempts=attempts, mailed_at=mailed_at
        )
    return result


def send_pending(now: dt.datetime | None = None) -> dict:
    """Mail every notification waiting to go at once (and those a dead sender left), one message each."""
    now = now or timezone.now()
    total = {"sent": 0, "failed": 0, "retry": 0}
    taken: set[int] = set()
    while True:
        ids = _claim((Q(mail=MailState.PENDING) | _abandoned(now)) & ~Q(pk__in=taken), now)
        if not ids:
            return total
        taken.update(ids)
        rows = Notification.objects.filter(pk__in=ids).select_related("recipient", "actor").order_by("pk")
        for key, value in _send([[row] for row in rows], now).items():
            total[key] += value


def send_digests(now: dt.datetime | None = None) -> dict:
    """Mail each person the notifications they asked to receive once a day, in one message."""
    now = now or timezone.now()
    ids = _claim(Q(mail=MailState.DIGEST), now, limit=None)
    rows = Notification.objects.filter(pk__in=ids).select_related("recipient", "actor").order_by("recipient_id", "pk")
    groups = [list(group) for _, group in groupby(rows, key=lambda row: row.recipient_id)]
    result = _send(groups, now, digest=True)
    result["people"] = len(groups)
    return result
