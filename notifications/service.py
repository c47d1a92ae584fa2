"""The one door for telling people something: ``notify(kind, record, recipients)``.

Domain code calls it once its own change is committed (``transaction.on_commit``), so nobody is told of a
step that was rolled back, for any record with a page (``get_absolute_url``): a monthly report, a program
record being verified, a commitment. ``notify_library_record`` picks the people for the steps of a library's
record (submitted → its verifiers; returned, verified → its librarians). Each recipient gets an inbox row;
their preference for that kind decides whether it is mailed at once, in the next daily digest, or not at all
(``notifications.mail``).
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation

from foundation.scope import Place

from .models import DEFAULTS, Kind, MailState, Notification, Preference
from .recipients import librarians_of, staff_covering

logger = logging.getLogger(__name__)


def in_default_language(function):
    """Run ``function`` in the portal's language: what a notification names is stored once, for everyone."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def _people(recipients, actor) -> list[tuple[int, str]]:
    """(id, e-mail) of the active recipients, without the person who acted."""
    actor_id = getattr(actor, "pk", None)
    if isinstance(recipients, models.QuerySet):
        rows = recipients.filter(is_active=True).exclude(pk=actor_id).values_list("pk", "email")
        return list(dict.fromkeys(rows))
    seen = {}
    for user in recipients:
        if user.is_active and user.pk != actor_id:
            seen[user.pk] = user.email
    return list(seen.items())


def _mail_state(preference, email: str) -> str:
    if not email or not preference["mail"]:
        return MailState.NONE
    return MailState.DIGEST if preference["digest"] else MailState.PENDING


def notify(kind, target, recipients, *, actor=None, comment: str = "", subject=None, once: str = "") -> int:
    """Tell ``recipients`` (users or a queryset of them) that ``kind`` happened to ``target``; returns how many.

    ``subject`` names the record (default: ``str(target)``, in the portal's language); ``once`` makes the
    notification reach each person only once for that kind (a repeated daily job tells nobody twice).
    """
    people = _people(recipients, actor)
    if not people:
        return 0
    ids = [pk for pk, _ in people]
    if once:
        earlier = Notification.objects.filter(kind=kind, once=once, recipient_id__in=ids)
        told = set(earlier.values_list("recipient_id", flat=True))
        people = [(pk, email) for pk, email in people if pk not in told]
        if not people:
            return 0
    chosen = {
        row["user_id"]: row
        for row in Preference.objects.filter(user_id__in=ids, kind=kind).values("user_id", "mail", "digest")
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject if subject is not None else target)[:300]
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    target_type = ContentType.objects.get_for_model(target) if isinstance(target, models.Model) else None
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=pk,
            kind=kind,
            actor=actor if getattr(actor, "pk", None) else None,
            subject=subject,
            comment=comment or "",
            url=url,
            target_type=target_type,
            target_id=target.pk if target_type else None,
            once=once,
            created_at=now,
            mail=_mail_state(chosen.get(pk, DEFAULTS[kind]), email),
        )
        for pk, email in people
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(once))
    if any(row.mail == MailState.PENDING for row in rows):
        transaction.on_commit(send_mail_soon)
    return len(rows)


#: Who hears of each step of a library's record: its verifiers when it waits for them, its librarians otherwise.
TO_VERIFIERS = frozenset({Kind.SUBMITTED})


@in_default_language
def notify_library_record(kind, record, *, actor=None, comment: str = "", subject=None) -> int:
    """A record of one library (``record.library``) took a step of its verification: tell those concerned.

    Submitted → the regency and provincial staff whose area holds the library; returned or verified → the
    library's librarians. For any record with a page: a monthly report, a program record, a photo.
    """
    library = record.library
    recipients = staff_covering(Place.of_library(library)) if kind in TO_VERIFIERS else librarians_of(library.pk)
    return notify(kind, record, recipients, actor=actor, comment=comment, subject=subject)


def send_mail_soon() -> None:
    """Ask a worker to mail what waits; with the broker away, the periodic sweep mails it later."""
    from .tasks import send_pending_mail

    try:
        send_pending_mail.delay()
    except Exception as error:  # the broker is unreachable: nothing is lost, the rows wait as pending
        logger.warning("Notification mail not dispatched now (%s); the periodic sweep will send it.", error)


def unread_count(user) -> int:
    """The navbar's number: one count on the partial index of unread rows."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.of(user).unread().count()


def unread_count_of_request(request) -> int:
    """The unread count of the request's user, counted once per request (the navbar, a page cache's key)."""
    if not hasattr(request, "_notifications_unread"):
        request._notifications_unread = unread_count(getattr(request, "user", None))
    return request._notifications_unread


def mark_read(user, pk: int) -> bool:
    """Mark one of ``user``'s own notifications read; False when it is not theirs (or does not exist)."""
    found = Notification.objects.of(user).filter(pk=pk)
    if not found.exists():
        return False
    found.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


def mark_all_read(user) -> int:
    return Notification.objects.of(user).unread().update(read_at=timezone.now())
