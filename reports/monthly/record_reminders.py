"""Reminders of records returned for correction: the librarian learns what came back and why.

Run with the daily reminders (``reports.tasks.send_report_reminders``), whether or not a report deadline has
passed: every librarian of a library with records returned by its verifiers (activities of every strategy,
service snapshots) gets one e-mail listing them with the verifiers' comments, when a record was returned after
the last such e-mail to them (or there was none). Each message — and each library without an address — is kept
as a ``Reminder``; one run at a time (an advisory lock), and a run killed half-way resumes with the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from activities.choices import Verification
from activities.models import Activity, ServiceSnapshot
from foundation.counting import tables_changed
from foundation.months import month_start
from foundation.scope import Role
from libraries.models import Library
from reports.choices import ReminderKind, ReminderReason, ReminderStatus
from reports.models.monthly import Reminder

from .reminders import _one_run_at_a_time, _send

logger = logging.getLogger(__name__)

#: The records a librarian enters and corrects (a replication programme is the regency's, not a library's).
LIBRARY_RECORDS = (Activity, ServiceSnapshot)
#: The advisory lock's month for this run (no month of the calendar: year 0).
LOCK_PERIOD = dt.date(1, 1, 1)
SHOWN = 20


def returned_by_library() -> dict[int, dict]:
    """Libraries with returned records: how many, and when the latest was returned (one query per record type)."""
    found: dict[int, dict] = {}
    for model in LIBRARY_RECORDS:
        rows = (
            model.objects.filter(verification=Verification.RETURNED, library__is_active=True)
            .order_by()
            .values("library_id")
            .annotate(n=Count("pk"), latest=Max("updated_at"))
        )
        for row in rows:
            entry = found.setdefault(row["library_id"], {"n": 0, "latest": row["latest"]})
            entry["n"] += row["n"]
            entry["latest"] = max(entry["latest"], row["latest"])
    return found


def _records_of(library_ids) -> dict[int, list]:
    """The returned records to list in each library's e-mail (up to ``SHOWN`` each, oldest first)."""
    records = defaultdict(list)
    for model in LIBRARY_RECORDS:
        for record in model.objects.filter(verification=Verification.RETURNED, library_id__in=library_ids).order_by(
            "library_id", "updated_at", "pk"
        ):
            if len(records[record.library_id]) < SHOWN:
                records[record.library_id].append(record)
    return records


def _link(library: Library) -> str:
    """The librarian's list of returned records (their queue's page when there is one, else the activities)."""
    try:
        path = reverse("activities:returned_records") + f"?library={library.pk}"
    except NoReverseMatch:
        path = reverse("activities:activity_list") + f"?library={library.pk}&verification={Verification.RETURNED}"
    return settings.TPBIS_SITE_URL + path


def remind_returned_records(now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    result = {"records_librarians": 0, "records_no_address": 0, "records_failed": 0}
    with _one_run_at_a_time(LOCK_PERIOD) as held:
        if not held:
            result["records_busy"] = True
            return result
        with translation.override(settings.LANGUAGE_CODE):
            _remind(now, result)
    return result


def _remind(now: dt.datetime, result: dict) -> None:
    returned = returned_by_library()
    if not returned:
        return
    last = {
        (row["library_id"], row["recipient_id"]): row["sent"]
        for row in Reminder.objects.filter(
            kind=ReminderKind.LIBRARIAN,
            reason=ReminderReason.RECORDS_RETURNED,
            status__in=[ReminderStatus.SENT, ReminderStatus.NO_ADDRESS],
            library_id__in=list(returned),
        )
        .values("library_id", "recipient_id")
        .annotate(sent=Max("sent_at"))
    }
    librarians = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(
        role=Role.LIBRARIAN, library_id__in=list(returned), user__is_active=True
    ).select_related("user"):
        if assignment.user.email:
            librarians[assignment.library_id].append(assignment.user)

    def due(library_id, recipient_id) -> bool:
        sent = last.get((library_id, recipient_id))
        return sent is None or sent < returned[library_id]["latest"]

    to_remind = [
        library_id
        for library_id in returned
        if any(due(library_id, user.pk) for user in librarians[library_id])
        or (not librarians[library_id] and due(library_id, None))
    ]
    if not to_remind:
        return
    libraries = {lib.pk: lib for lib in Library.objects.filter(pk__in=to_remind).select_related("regency")}
    records = _records_of(to_remind)
    connection = get_connection(fail_silently=False)
    no_address = []
    for library_id in to_remind:
        library = libraries[library_id]
        place = {
            "period": month_start(timezone.localdate(now)),
            "province_id": library.province_id,
            "regency_id": library.regency_id,
            "library": library,
        }
        details = "\n".join(f"{record}: {record.return_comment}" for record in records[library_id])
        if not librarians[library_id]:
            no_address.append(
                Reminder(
                    kind=ReminderKind.LIBRARIAN,
                    reason=ReminderReason.RECORDS_RETURNED,
                    status=ReminderStatus.NO_ADDRESS,
                    details=details,
                    sent_at=now,
                    **place,
                )
            )
            result["records_no_address"] += 1
            continue
        count = returned[library_id]["n"]
        for user in librarians[library_id]:
            if not due(library_id, user.pk):
                continue
            context = {
                "user": user,
                "library": library,
                "count": count,
                "records": records[library_id],
                "more": count - len(records[library_id]),
                "link": _link(library),
            }
            subject = _("%(count)s records of %(library)s were returned for correction") % {
                "count": count,
                "library": library.name,
            }
            body = render_to_string("reports/monthly/email/records_returned.txt", context)
            status, error = _send(connection, subject, body, user.email)
            Reminder.objects.create(
                kind=ReminderKind.LIBRARIAN,
                reason=ReminderReason.RECORDS_RETURNED,
                recipient=user,
                email=user.email,
                details=details,
                status=status,
                error=error,
                sent_at=now,
                **place,
            )
            result["records_librarians" if status == ReminderStatus.SENT else "records_failed"] += 1
    Reminder.objects.bulk_create(no_address)
    tables_changed(Reminder)
