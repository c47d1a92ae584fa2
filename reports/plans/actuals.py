"""A work plan's actuals, month by month, from the records: a fixed number of grouped queries.

A library's plan counts the library's records; a regency's plan those of every active library of the regency/city
(its service months are then library-months) and the villages of the regency's replication programmes of the
year. Records are read as everything entered (every record as entered, monthly reports once submitted), as the
KPI's default reading.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth

from activities.choices import AdvocacyResult, Strategy
from activities.models import Activity, Replication, ServiceSnapshot
from reports.choices import ReportStatus
from reports.models import MonthlyReport
from reports.models.plans import TARGETS, WorkPlan

MONTHS = 12


@dataclass
class Line:
    """One indicator of a plan: its target, what was recorded each month, and how far along it is."""

    name: str
    label: str
    counts: str
    target: int | None
    monthly: list[int]
    #: Whether the indicator is counted per month (False: replication villages, a year's programmes).
    by_month: bool = True

    @property
    def total(self) -> int:
        return sum(self.monthly)

    @property
    def cumulative(self) -> list[int]:
        running, result = 0, []
        for value in self.monthly:
            running += value
            result.append(running)
        return result

    @property
    def share(self) -> Decimal | None:
        """The share of the target reached (0 to 1 and beyond), None without a target."""
        if not self.target:
            return None
        return Decimal(self.total) / Decimal(self.target)

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else int(share * 100)


def actuals(plan: WorkPlan) -> list[Line]:
    """The plan's lines, each with its 12 months of actuals (three grouped queries, plus one for replication)."""
    start, stop = dt.date(plan.year, 1, 1), dt.date(plan.year + 1, 1, 1)
    libraries = (
        {"library_id": plan.library_id}
        if plan.library_id
        else {"library__regency_id": plan.regency_id, "library__is_active": True}
    )
    eng, adv = Strategy.COMMUNITY_ENGAGEMENT, Strategy.ADVOCACY
    monthly: dict[str, list[int]] = {name: [0] * MONTHS for name in NAMES}
    activities = (
        Activity.objects.filter(date__gte=start, date__lt=stop, **libraries)
        .annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(
            engagement_events=Count("pk", filter=Q(strategy=eng)),
            engagement_participants=Sum("participants", filter=Q(strategy=eng), default=0),
            advocacy_results=Count("pk", filter=Q(strategy=adv, result__in=AdvocacyResult.values)),
            publications=Count("pk", filter=Q(strategy=Strategy.MEDIA_PUBLICATION)),
        )
        .order_by()
    )
    for row in activities:
        for name in ("engagement_events", "engagement_participants", "advocacy_results", "publications"):
            monthly[name][row["m"] - 1] = int(row[name] or 0)
    reports = (
        MonthlyReport.objects.filter(
            period__gte=start,
            period__lt=stop,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.VERIFIED],
            **libraries,
        )
        .annotate(m=ExtractMonth("period"))
        .values("m")
        .annotate(visitors=Sum("visitors", default=0))
        .order_by()
    )
    for row in reports:
        monthly["visitors"][row["m"] - 1] = int(row["visitors"] or 0)
    snapshots = (
        ServiceSnapshot.objects.filter(period__gte=start, period__lt=stop, **libraries)
        .annotate(m=ExtractMonth("period"))
        .values("m")
        .annotate(libraries=Count("library", distinct=True))
        .order_by()
    )
    for row in snapshots:
        monthly["service_months"][row["m"] - 1] = int(row["libraries"])
    lines = [_line(plan, name, monthly[name]) for name in NAMES]
    if plan.is_regency_plan:
        villages = Replication.objects.filter(regency_id=plan.regency_id, year=plan.year).aggregate(
            villages=Sum("villages", default=0)
        )["villages"]
        lines.append(_line(plan, "replication_villages", [int(villages), *[0] * (MONTHS - 1)], by_month=False))
    return lines


NAMES = [
    "engagement_events",
    "engagement_participants",
    "advocacy_results",
    "publications",
    "visitors",
    "service_months",
]


def _line(plan: WorkPlan, name: str, monthly: list[int], by_month: bool = True) -> Line:
    label, counts = TARGETS[name]
    return Line(name, str(label), str(counts), getattr(plan, name), monthly, by_month)


def expected_share(year: int, today: dt.date) -> Decimal:
    """How much of a year's targets should be reached by ``today`` at an even pace (0 to 1)."""
    if today.year < year:
        return Decimal(0)
    if today.year > year:
        return Decimal(1)
    return Decimal(today.timetuple().tm_yday) / Decimal(366 if calendar.isleap(year) else 365)


def library_plan(library, year: int) -> tuple[WorkPlan | None, list[Line]]:
    """A library's plan of ``year`` and its lines that have a target (two statements; none without a plan)."""
    plan = WorkPlan.objects.filter(library=library, year=year).first()
    if plan is None:
        return None, []
    return plan, [line for line in actuals(plan) if line.target is not None and line.name in plan.target_fields()]
