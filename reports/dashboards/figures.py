"""Dashboards: the program at a glance for a nation, a province, a regency/city or one library, live.

Every figure is aggregated in the database from the records as they stand, in a fixed number
of grouped queries whatever the number of libraries or months:

1. libraries by child area and cohort year (active ones, those expected to report);
2. activities by month, strategy and child area (participants by sex), for the range and the
   range before it;
3. monthly reports by month and child area (submitted, on time, received; visitors, loans);
4. the KPI traffic light of the range's last month whose reporting deadline has passed, by
   child area and colour, computed by the compilation's own SQL (``reports.dashboards.sql``)
   so that it is the colour a compilation would give now;
5. commitments of the synergy teams by status; 6. the latest consented success stories;
7. the names of the child areas; 8. the KPI thresholds of the KPI month;
9. the area's work plans of the range's last month's year against their actuals (``.plans``).

"Expected", "submitted", "on time", "late" and "missing" follow the progress reports' rules
(``reports.progress.compile``): a library is expected when it is active, at village level and its
cohort year is the month's year or earlier; submitted means submitted or verified; on time
means first submitted by the month's deadline (``reports.deadlines``). Completeness and
timeliness over a range count only the months whose deadline has passed.

Figures are cached (``reports.dashboards.cache``): a dashboard's until a record of its area
changes, each month's activities and reports (2 and 3) and the KPI until a record dated in
that month changes (``reports.dashboards.signals``), and each province's work plans (9) until a record or a
plan of that province changes. A librarian's change is therefore on the dashboard at once, and recomputing it
after a change reads only the months, and the province's plans, that changed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from activities.models import Activity, SuccessStory
from foundation.months import add_months, month_start, months_between, next_month, previous_month
from foundation.scope import Place
from libraries.choices import CommitmentStatus
from libraries.models import Commitment, Library, Province, Regency
from libraries.models.synergy import overdue_q
from libraries.places import find_place, home_place
from reports.deadlines import last_overdue_period
from reports.models import KpiThreshold, MonthlyReport, ProgressReport
from reports.models.progress import ReportScope

from . import cache
from .aggregates import month_pieces, national_kpi_rows, national_pieces
from .dashboard import ChildRow, Dashboard, Reporting, assemble
from .filters import Filters
from .pieces import VILLAGE_LEVEL_VALUES
from .plans import dashboard_plans
from .sql import kpi_query

# The place (libraries.places) and the filters (.filters); pages and tests find them here too.
__all__ = [
    "ChildRow",
    "Dashboard",
    "Filters",
    "Place",
    "Reporting",
    "add_months",
    "build",
    "compute",
    "default_range",
    "find_place",
    "home_place",
    "months_between",
]

#: The longest range a dashboard shows (the heat map has one column per month).
MAX_MONTHS = 36
DEFAULT_MONTHS = 12
STORIES_SHOWN = 6

# ------------------------------------------------------------------------------------------------------- filters


def clock() -> dt.datetime:
    """Now, as the dashboards see it: which months have passed their reporting deadline (tests move it)."""
    return timezone.now()


def default_range(place: Place, today: dt.date | None = None) -> tuple[dt.date, dt.date, dt.date | None]:
    """The twelve months up to the last closed reporting month; for an area without records in them, the
    twelve months up to its latest records.

    A month is closed once its reporting deadline has passed: the range never ends in a month still
    being reported, nor in the future, and a record dated ahead by mistake does not move it.
    Returns (start, end, latest month with records when the range was moved back, else None).
    """
    day = today or timezone.localdate(clock())
    end = last_overdue_period(timezone.make_aware(dt.datetime.combine(day, dt.time(12))))
    start = add_months(end, 1 - DEFAULT_MONTHS)
    latest = latest_records_month(place, end)
    if latest is not None and latest < start:
        return add_months(latest, 1 - DEFAULT_MONTHS), latest, latest
    return start, end, None


def latest_records_month(place: Place, until: dt.date) -> dt.date | None:
    """The latest month up to ``until`` with an activity or a monthly report in the area (one query)."""
    before = next_month(until)

    def cached():
        activities = Activity.objects.filter(date__lt=before)
        reports = MonthlyReport.objects.filter(period__lt=before)
        if place.scope == ReportScope.NATIONAL:
            # The newest row of each table, read backwards from the date indexes.
            last_activity = activities.order_by("-date").values("date")[:1]
            last_report = reports.order_by("-period").values("period")[:1]
            found = (
                Province.objects.annotate(activity=Subquery(last_activity), report=Subquery(last_report))
                .values("activity", "report")
                .first()
            ) or {}
        else:  # the newest row of each library of the area
            last_activity = activities.filter(library=OuterRef("pk")).order_by("-date").values("date")[:1]
            last_report = reports.filter(library=OuterRef("pk")).order_by("-period").values("period")[:1]
            found = (
                Library.objects.filter(place.library_q())
                .annotate(last_activity=Subquery(last_activity), last_report=Subquery(last_report))
                .aggregate(activity=Max("last_activity"), report=Max("last_report"))
            )
        dates = [d for d in found.values() if d is not None]
        return month_start(max(dates)) if dates else None

    key = cache.place_key(place, f"latest:{until:%Y%m}", cache.area_key(cache.place_area(place)))
    return cache.cached(key, cached)


# ------------------------------------------------------------------------------------------------------- figures


def build(place: Place, filters: Filters, user) -> Dashboard:
    """The dashboard's figures, from the cache when nothing has changed in the area since they were computed."""
    key = cache.place_key(place, f"figures:{filters.key}", cache.area_key(cache.place_area(place)))
    return cache.cached(key, lambda: compute(place, filters, user))


def compute(place: Place, filters: Filters, user, now: dt.datetime | None = None) -> Dashboard:
    now = now or clock()
    lib_q = place.library_q() & filters.library_q()
    rel_q = place.library_q("library__") & filters.library_q("library__")
    child = place.child_path()
    per_library = place.scope in (ReportScope.REGENCY, ReportScope.LIBRARY)

    # 1. Libraries by child area and cohort year.
    library_rows = Library.objects.filter(lib_q).order_by()
    extra = {"child_name": F("name")} if per_library else {}
    library_rows = library_rows.values("cohort_year", child_code=F(child), **extra).annotate(
        active=Count("pk", filter=Q(is_active=True)),
        expectable=Count("pk", filter=Q(is_active=True, level__in=VILLAGE_LEVEL_VALUES)),
        located=Count("pk", filter=Q(is_active=True, latitude__isnull=False, longitude__isnull=False)),
    )

    # 7 (first: the nation's figures are added up from its provinces'). Names of the child areas.
    if place.scope == ReportScope.NATIONAL:
        names = dict(Province.objects.values_list("code", "name"))
    elif place.scope == ReportScope.PROVINCE:
        names = dict(Regency.objects.filter(province=place.code).values_list("code", "name"))
    else:
        names = {}
    provinces = sorted(names) if place.scope == ReportScope.NATIONAL else None

    # 2 and 3. Activities and monthly reports by month and child area (cached month by month).
    kpi_month = kpi_month_for(filters, now)
    months = filters.previous_months + filters.months
    pieces = national_pieces(place, filters, months) if provinces else month_pieces(place, filters, months, kpi_month)

    # 4. KPI of the last month whose deadline has passed (within the range).
    thresholds = KpiThreshold.for_period(kpi_month) if kpi_month else None
    kpi_rows = []
    if kpi_month and provinces:
        kpi_rows = national_kpi_rows(place, filters, kpi_month, thresholds, provinces)
    elif kpi_month:
        kpi_key = cache.place_key(
            place,
            f"kpi:{filters.month_key}:{kpi_month:%Y%m}",
            cache.month_key(cache.place_area(place), kpi_month),
            cache.month_key(cache.place_area(place), previous_month(kpi_month)),
        )
        kpi_rows = cache.cached(
            kpi_key,
            lambda: kpi_query(place, filters, kpi_month, thresholds, grouped=not per_library),
            settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS,
        )

    # 5. Commitments of the synergy teams (not for a single library).
    commitments = None
    if place.scope != ReportScope.LIBRARY:
        team_q = {
            ReportScope.PROVINCE: Q(team__province=place.code),
            ReportScope.REGENCY: Q(team__regency=place.code),
        }.get(place.scope, Q())
        commitments = (
            Commitment.objects.restrict(user)
            .filter(team_q)
            .aggregate(
                **{status: Count("pk", filter=Q(status=status)) for status in CommitmentStatus.values},
                overdue=Count("pk", filter=overdue_q(timezone.localdate(now))),
            )
        )

    # 6. The latest consented success stories.
    stories = [
        {
            "id": story.pk,
            "title": story.title,
            "person": story.person_name,
            "story": story.story,
            "measure": story.measure,
            "before": story.value_before,
            "after": story.value_after,
            "date": story.date,
            "library": story.library.name,
            "library_id": story.library_id,
        }
        for story in SuccessStory.objects.publishable()
        .filter(rel_q, date__gte=filters.start, date__lt=next_month(filters.end))
        .select_related("library")
        .order_by("-date", "-pk")[:STORIES_SHOWN]
    ]

    # 9. Work plans against their actuals (the nation's added up from its provinces' kept figures).
    plans = dashboard_plans(place, filters.end, provinces)

    return assemble(
        place,
        filters,
        now,
        list(library_rows),
        pieces,
        kpi_month,
        kpi_rows,
        thresholds.as_dict() if thresholds else {},
        commitments,
        stories,
        names,
        plans,
    )


def kpi_month_for(filters: Filters, now: dt.datetime | None = None) -> dt.date | None:
    """The month whose KPI a dashboard shows: the range's last month whose reporting deadline has passed."""
    month = min(filters.end, last_overdue_period(now or clock()))
    return month if month >= filters.start else None


def compiled_months(place: Place, filters: Filters) -> dict[dt.date, dt.datetime]:
    """The months of the range with a compiled progress report for this area (not cached: compiling is not a
    change of records, and the query reads a handful of rows through an index)."""
    return dict(
        ProgressReport.objects.filter(
            scope=place.scope, code=place.code, period__gte=filters.start, period__lte=filters.end
        ).values_list("period", "compiled_at")
    )
