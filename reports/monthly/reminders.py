"""Reminders after the monthly report deadline.

Run daily (Celery beat, ``reports.tasks.send_report_reminders``); after the deadline of
the last month due it e-mails every librarian whose report is missing (none, or still a
draft) or returned, once per library, month and reason, and sends the staff of each
regency concerned the list of their libraries still outstanding. Every message — and
every library with no librarian to write to — is recorded as a ``Reminder`` row, which
the reminders page shows.

Safe under redelivery: one run per month at a time (a PostgreSQL advisory lock; a second
delivery while the first still runs does nothing), and each row is saved as soon as its
message has gone, so a run killed half-way leaves a record of what it sent and the next
run sends only the rest. A regency's staff get a new list whenever one of its librarians
was reminded after their last list, which a killed run cannot lose either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db_connection
from django.db.models import F, FilteredRelation, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from foundation.counting import tables_changed
from foundation.scope import Role
from libraries.models import Library
from libraries.models.library import VILLAGE_LEVELS
from reports.choices import ReminderKind, ReminderReason, ReminderStatus, ReportStatus
from reports.deadlines import deadline_for, last_overdue_period
from reports.models.monthly import Reminder

logger = logging.getLogger(__name__)


def outstanding_libraries(period: dt.date):
    """Active village-level libraries expected to report for ``period`` whose report is missing or returned.

    Expected is the progress reports' rule (``reports.progress.compile``): a cohort year recorded and not after the
    month's year (a library without one is not expected until it is recorded), so that these libraries are
    exactly those a progress report counts missing. Each row carries ``report_id``, ``report_status`` and
    ``report_comment`` (None when there is no report).
    """
    # The month's report joined once (a library has at most one a month), not looked up per library.
    month_report = FilteredRelation("monthly_reports", condition=Q(monthly_reports__period=period))
    return (
        Library.objects.filter(is_active=True, level__in=VILLAGE_LEVELS)
        .filter(cohort_year__lte=period.year)
        .annotate(month_report=month_report)
        .annotate(
            report_id=F("month_report__id"),
            report_status=F("month_report__status"),
            report_comment=F("month_report__return_comment"),
        )
        .filter(Q(report_id__isnull=True) | Q(report_status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]))
        .select_related("regency", "province")
        .order_by("regency_id", "name")
    )


def _reason(library) -> str:
    return ReminderReason.RETURNED if library.report_status == ReportStatus.RETURNED else ReminderReason.MISSING


def _link(library, period: dt.date) -> str:
    if library.report_id:
        path = reverse("reports:monthlyreport_detail", args=[library.report_id])
    else:
        path = f"{reverse('reports:monthlyreport_add')}?library={library.pk}&period={period:%Y-%m}"
    return settings.TPBIS_SITE_URL + path


def _month(period: dt.date) -> str:
    return formats.date_format(period, "F Y")


def _send(connection, subject: str, body: str, to: str) -> tuple[str, str]:
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], connection=connection).send()
    except Exception as error:  # any transport failure is recorded, the other reminders still go out
        logger.warning("Reminder to %s failed: %s", to, error)
        return ReminderStatus.FAILED, str(error)[:500]
    return ReminderStatus.SENT, ""


#: First key of the advisory lock that lets one reminder run per month go at a time.
LOCK_NAMESPACE = 7301


@contextlib.contextmanager
def _one_run_at_a_time(period: dt.date):
    """True when this run holds the month's lock (always, on SQLite where only one process runs)."""
    if db_connection.vendor != "postgresql":
        yield True
        return
    key = (LOCK_NAMESPACE, period.year * 100 + period.month)
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with db_connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def send_reminders(period: dt.date | None = None, now: dt.datetime | None = None) -> dict:
    """Send the reminders due at ``now`` for ``period`` (default: the last month whose deadline has passed)."""
    now = now or timezone.now()
    period = period or last_overdue_period(now)
    result = {"period": f"{period:%Y-%m}", "librarians": 0, "no_address": 0, "failed": 0, "staff": 0, "skipped": 0}
    if now <= deadline_for(period):
        result["not_due"] = True
        return result
    with _one_run_at_a_time(period) as held:
        if not held:
            logger.info("Reminders for %s are being sent by another run; nothing to do.", result["period"])
            result["busy"] = True
            return result
        return _send_all(period, now, result)


def _send_all(period: dt.date, now: dt.datetime, result: dict) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        libraries = list(outstanding_libraries(period))
        by_id = {library.pk: library for library in libraries}
        librarians = defaultdict(list)
        for assignment in RoleAssignment.objects.filter(
            role=Role.LIBRARIAN, library_id__in=by_id, user__is_active=True
        ).select_related("user"):
            librarians[assignment.library_id].append(assignment.user)
        done = set(
            Reminder.objects.filter(
                period=period,
                kind=ReminderKind.LIBRARIAN,
                status__in=[ReminderStatus.SENT, ReminderStatus.NO_ADDRESS],
                library_id__in=by_id,
            ).values_list("library_id", "recipient_id", "reason")
        )

        no_address: list[Reminder] = []
        connection = get_connection(fail_silently=False)
        for library in libraries:
            reason = _reason(library)
            place = {"period": period, "province_id": library.province_id, "regency_id": library.regency_id}
            recipients = [user for user in librarians[library.pk] if user.email]
            if not recipients:
                if (library.pk, None, reason) in done:
                    result["skipped"] += 1
                    continue
                no_address.append(
                    Reminder(
                        kind=ReminderKind.LIBRARIAN,
                        reason=reason,
                        library=library,
                        status=ReminderStatus.NO_ADDRESS,
                        sent_at=now,
                        **place,
                    )
                )
                result["no_address"] += 1
                continue
            for user in recipients:
                if (library.pk, user.pk, reason) in done:
                    result["skipped"] += 1
                    continue
                context = {"user": user, "library": library, "month": _month(period), "link": _link(library, period)}
                if reason == ReminderReason.RETURNED:
                    subject = _("Your monthly report for %(month)s was returned") % {"month": context["month"]}
                else:
                    subject = _("Your monthly report for %(month)s has not been submitted") % {
                        "month": context["month"]
                    }
                body = render_to_string("reports/monthly/email/reminder_librarian.txt", {**context, "reason": reason})
                status, error = _send(connection, subject, body, user.email)
                # Saved at once, not at the end: a run killed after this message must not send it again.
                Reminder.objects.create(
                    kind=ReminderKind.LIBRARIAN,
                    reason=reason,
                    library=library,
                    recipient=user,
                    email=user.email,
                    status=status,
                    error=error,
                    sent_at=now,
                    **place,
                )
                result["librarians" if status == ReminderStatus.SENT else "failed"] += 1
        Reminder.objects.bulk_create(no_address)
        tables_changed(Reminder)  # bulk inserts send no signals
        _staff_digests(connection, period, libraries, now, result)
    return result


def _staff_digests(connection, period, libraries, now, result) -> None:
    """One e-mail per regency staff member listing their outstanding libraries, when there is news for them.

    News: a librarian of the regency was reminded (or found without an address) after the staff
    member's last list for the month (a failed list does not count, so it is sent again).
    """
    by_regency = defaultdict(list)
    for library in libraries:
        by_regency[library.regency_id].append(library)
    latest_news = dict(
        Reminder.objects.filter(period=period, kind=ReminderKind.LIBRARIAN, regency_id__in=by_regency)
        .values("regency_id")
        .annotate(latest=Max("sent_at"))
        .values_list("regency_id", "latest")
    )
    last_list = {
        (row["recipient_id"], row["regency_id"]): row["latest"]
        for row in Reminder.objects.filter(
            period=period,
            kind=ReminderKind.REGENCY_STAFF,
            status__in=[ReminderStatus.SENT, ReminderStatus.NO_ADDRESS],
            regency_id__in=latest_news,
        )
        .values("recipient_id", "regency_id")
        .annotate(latest=Max("sent_at"))
    }
    staff = RoleAssignment.objects.filter(
        role=Role.REGENCY_STAFF, regency_id__in=latest_news, user__is_active=True
    ).select_related("user", "regency")
    for assignment in staff:
        user, regency = assignment.user, assignment.regency
        last = last_list.get((user.pk, regency.code))
        if last is not None and last >= latest_news[regency.code]:
            continue
        listed = by_regency[regency.code]
        items = [
            {"library": library, "reason": _reason(library), "comment": library.report_comment or ""}
            for library in listed
        ]
        context = {
            "user": user,
            "regency": regency,
            "month": _month(period),
            "items": items,
            "link": settings.TPBIS_SITE_URL
            + f"{reverse('reports:monthlyreport_list')}?regency={regency.code}&period={period:%Y-%m}",
        }
        place = {"period": period, "province_id": regency.province_id, "regency": regency}
        details = "\n".join(f"{item['library'].name}: {ReminderReason(item['reason']).label}" for item in items)
        if not user.email:
            status, error = ReminderStatus.NO_ADDRESS, ""
        else:
            subject = _("Monthly reports for %(month)s still outstanding in %(regency)s: %(count)s") % {
                "month": context["month"],
                "regency": regency.name,
                "count": len(items),
            }
            body = render_to_string("reports/monthly/email/reminder_staff.txt", context)
            status, error = _send(connection, subject, body, user.email)
        Reminder.objects.create(
            kind=ReminderKind.REGENCY_STAFF,
            reason=ReminderReason.DIGEST,
            recipient=user,
            email=user.email,
            libraries_listed=len(items),
            details=details,
            status=status,
            error=error,
            sent_at=now,
            **place,
        )
        if status == ReminderStatus.SENT:
            result["staff"] += 1
        elif status == ReminderStatus.FAILED:
            result["failed"] += 1
