"""The monthly report workflow, in one place for the web pages, the API and jobs.

    draft ──submit──▶ submitted ──verify──▶ verified
                        │  ▲
                 return │  │ submit (resubmission)
                        ▼  │
                      returned

Who may do what:
- *submit* (and edit a draft or returned report): anyone who may change the report — the
  library's librarian, staff of its regency or province, a Perpusnas administrator.
- *verify* and *return*: regency or provincial staff whose area holds the library, and
  administrators. Librarians never verify their own reports; consultants only read.

Each function takes a report the caller has already looked up within the user's view
scope (outside it the report does not exist: 404), checks the role (``PermissionDenied``:
403) and the current state (``TransitionError``: a clear message, 400 in the API), and
records the step as a ``ReportEvent``. ``submitted_at`` keeps the first submission. Once the
step is committed, the people concerned are notified (``notices``); a notice that fails is logged and never
undoes nor hides the step.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from foundation.counting import tables_changed
from foundation.scope import CHANGE, Place, Role, scope_for
from reports.choices import ReportAction, ReportStatus
from reports.models import MonthlyReport
from reports.models.monthly import ReportEvent

from . import notices

VERIFIER_ROLES = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.REGENCY_STAFF})


class TransitionError(Exception):
    """The report is not in a state that allows this step (or a required comment is missing)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the input at fault, if any (the API reports it as that field's error)


def can_change(user, report: MonthlyReport) -> bool:
    """May ``user`` edit or submit ``report`` (ignoring its state)?"""
    return scope_for(user).area(CHANGE, MonthlyReport).covers(Place.of_library(report.library))


def can_verify(user, report: MonthlyReport) -> bool:
    """May ``user`` verify or return ``report`` (ignoring its state)?"""
    return scope_for(user).area(CHANGE, roles=VERIFIER_ROLES).covers(Place.of_library(report.library))


def can_edit(user, report: MonthlyReport) -> bool:
    """May ``user`` change or delete ``report`` now? Submitted and verified reports are locked."""
    return report.is_editable and can_change(user, report)


LOCKED = _("A submitted or verified report cannot be changed.")


def check_editable(report: MonthlyReport) -> None:
    """Inside the transaction of a change: lock the report's row and refuse if it was submitted meanwhile."""
    fresh = MonthlyReport.objects.select_for_update().only("status").get(pk=report.pk)
    if not fresh.is_editable:
        raise PermissionDenied(LOCKED)


def fixed_fields(report: MonthlyReport) -> dict[str, str]:
    """Fields an existing report keeps, with why: its library always, its month once it has been submitted."""
    fixed = {"library": _("A report does not move to another library.")}
    if report.status != ReportStatus.DRAFT:
        fixed["period"] = _("The month of a report that has been submitted cannot be changed.")
    return fixed


def allowed_actions(user, report: MonthlyReport) -> set[str]:
    """The steps ``user`` can take on ``report`` now (for showing buttons)."""
    actions = set()
    if report.status in {ReportStatus.DRAFT, ReportStatus.RETURNED} and can_change(user, report):
        actions.add("submit")
    if report.status == ReportStatus.SUBMITTED and can_verify(user, report):
        actions |= {"verify", "return"}
    return actions


def record(report: MonthlyReport, action: str, user=None, comment: str = "", at=None) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, action=action, actor=user, comment=comment, created_at=at or timezone.now()
    )


def _lock(report: MonthlyReport) -> None:
    """Lock the report's row until the transaction ends and read its current state: two clicks cannot both
    make a step."""
    fresh = MonthlyReport.objects.select_for_update().only("status", "submitted_at").get(pk=report.pk)
    report.status, report.submitted_at = fresh.status, fresh.submitted_at


def submit(report: MonthlyReport, user) -> MonthlyReport:
    if not can_change(user, report):
        raise PermissionDenied(_("You may not submit this report."))
    with transaction.atomic():
        _lock(report)
        if report.status not in {ReportStatus.DRAFT, ReportStatus.RETURNED}:
            raise TransitionError(_("Only a draft or a returned report can be submitted."))
        now = timezone.now()
        action = ReportAction.RESUBMITTED if report.status == ReportStatus.RETURNED else ReportAction.SUBMITTED
        report.status = ReportStatus.SUBMITTED
        if report.submitted_at is None:
            report.submitted_at = now
        report.save(update_fields=["status", "submitted_at", "updated_at"])
        record(report, action, user, at=now)
        transaction.on_commit(lambda: notices.submitted(report, user), robust=True)
    return report


def verify(report: MonthlyReport, user, comment: str = "") -> MonthlyReport:
    if not can_verify(user, report):
        raise PermissionDenied(_("Only regency or provincial staff of this library may verify its report."))
    with transaction.atomic():
        _lock(report)
        if report.status != ReportStatus.SUBMITTED:
            raise TransitionError(_("Only a submitted report can be verified."))
        now = timezone.now()
        report.status = ReportStatus.VERIFIED
        report.verified_at = now
        report.verified_by = user
        report.save(update_fields=["status", "verified_at", "verified_by", "updated_at"])
        record(report, ReportAction.VERIFIED, user, comment=comment.strip(), at=now)
        transaction.on_commit(lambda: notices.verified(report, user, comment.strip()), robust=True)
    return report


def verify_many(queryset, user) -> int:
    """Verify every submitted report of ``queryset`` that ``user`` may verify; how many.

    One update, one insert of their steps and one of their history rows, whatever their number; the
    dashboards learn of it as they do of any bulk write.
    """
    area = scope_for(user).area(CHANGE, roles=VERIFIER_ROLES)
    if area.is_empty:
        return 0
    now = timezone.now()
    with transaction.atomic():
        waiting = queryset.filter(queryset.area_filter(area), status=ReportStatus.SUBMITTED)
        reports = list(waiting.select_for_update())
        if not reports:
            return 0
        for report in reports:
            report.status, report.verified_at, report.verified_by, report.updated_at = (
                ReportStatus.VERIFIED,
                now,
                user,
                now,
            )
        bulk_update_with_history(
            reports,
            MonthlyReport,
            ["status", "verified_at", "verified_by", "updated_at"],
            default_user=user,
            default_date=now,
        )
        ReportEvent.objects.bulk_create(
            ReportEvent(report=report, action=ReportAction.VERIFIED, actor=user, created_at=now) for report in reports
        )
    tables_changed(MonthlyReport)
    return len(reports)


def return_report(report: MonthlyReport, user, comment: str) -> MonthlyReport:
    if not can_verify(user, report):
        raise PermissionDenied(_("Only regency or provincial staff of this library may return its report."))
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError(
            _("Say what needs to be corrected: a comment is required to return a report."), field="comment"
        )
    with transaction.atomic():
        _lock(report)
        if report.status != ReportStatus.SUBMITTED:
            raise TransitionError(_("Only a submitted report can be returned."))
        report.status = ReportStatus.RETURNED
        report.return_comment = comment
        report.save(update_fields=["status", "return_comment", "updated_at"])
        record(report, ReportAction.RETURNED, user, comment=comment)
        transaction.on_commit(lambda: notices.returned(report, user, comment), robust=True)
    return report
