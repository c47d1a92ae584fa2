"""What a village librarian has to do now: the report that is due, this month's activities, returned reports.

Shown on the home page of users whose only writable area is their own library (or libraries);
one query whatever the number of their libraries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from foundation.months import next_month, previous_month
from foundation.scope import CHANGE, STAFF_ROLES, scope_for
from libraries.models import Library
from reports.choices import ReportStatus
from reports.deadlines import deadline_for
from reports.models import MonthlyReport

#: The libraries shown at most (a village librarian has one, sometimes two).
MAX_LIBRARIES = 5


@dataclass
class LibraryMonth:
    library: Library
    period: dt.date  # the month whose report is due now
    deadline: dt.datetime
    month: dt.date  # the month that is running
    report_id: int | None
    report_status: str | None
    activities: int
    returned: int

    @property
    def report_status_label(self) -> str | None:
        return ReportStatus(self.report_status).label if self.report_status else None

    @property
    def report_done(self) -> bool:
        return self.report_status in (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)

    @property
    def overdue(self) -> bool:
        return timezone.now() > self.deadline and not self.report_done

    @property
    def report_url(self) -> str:
        if self.report_id is None:
            return f"{reverse('reports:monthlyreport_add')}?library={self.library.pk}&period={self.period:%Y-%m}"
        return reverse("reports:monthlyreport_detail", args=[self.report_id])

    @property
    def activity_url(self) -> str:
        return f"{reverse('activities:activity_add')}?library={self.library.pk}"

    @property
    def returned_url(self) -> str:
        return f"{reverse('reports:monthlyreport_list')}?library={self.library.pk}&status={ReportStatus.RETURNED}"


def month_tasks(user, today: dt.date | None = None) -> list[LibraryMonth]:
    """The libraries ``user`` reports for, each with what is due; empty for staff and consultants."""
    scope = scope_for(user)
    if scope.has_role(*STAFF_ROLES):
        return []
    area = scope.area(CHANGE, MonthlyReport)
    if area.national or area.provinces or area.regencies or not area.libraries:
        return []
    today = today or timezone.localdate()
    month = today.replace(day=1)
    period = previous_month(month)
    reports = MonthlyReport.objects.filter(library=OuterRef("pk"), period=period)
    libraries = (
        Library.objects.filter(pk__in=sorted(area.libraries), is_active=True)
        .annotate(
            due_report_id=Subquery(reports.values("pk")[:1]),
            due_report_status=Subquery(reports.values("status")[:1]),
            month_activities=Coalesce(
                Subquery(
                    Activity.objects.filter(library=OuterRef("pk"), date__gte=month, date__lt=next_month(month))
                    .order_by()
                    .values("library")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            returned_reports=Count("monthly_reports", filter=Q(monthly_reports__status=ReportStatus.RETURNED)),
        )
        .order_by("name")[:MAX_LIBRARIES]
    )
    deadline = deadline_for(period)
    return [
        LibraryMonth(
            library=library,
            period=period,
            deadline=deadline,
            month=month,
            report_id=library.due_report_id,
            report_status=library.due_report_status,
            activities=library.month_activities,
            returned=library.returned_reports,
        )
        for library in libraries
    ]
