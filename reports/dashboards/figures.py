"""Dashboards: the program at a glance for a nation, a province, a regency/city or one library, live.

Every figure is aggregated in the database from the records as they stand, in a fixed number
of grouped queries whatever the number of libraries or months:

1. libraries by child area and cohort year (active ones, those expected to report);
2. activities by month, strategy and child area (participants by sex), for the range and the
   range before it;
3. monthly reports by month and child area (submitted, on time, received; visitors, loans);
4. the KPI traffic light of the range's last month whose reporting deadline has passed, by
   child area and colour, computed by the compilation's own SQL (``reports.dashboard_sql``)
   so that it is the colour a compilation would give now;
5. commitments of the synergy teams by status; 6. the latest consented success stories;
7. the names of the child areas; 8. the KPI thresholds of the KPI month.

"Expected", "submitted", "on time", "late" and "missing" follow the progress reports' rules
(``reports.compile``): a library is expected when it is active, at village level and its
cohort year is the month's year or earlier; submitted means submitted or verified; on time
means first submitted by the month's deadline (``reports.deadlines``). Completeness and
timeliness over a range count only the months whose deadline has passed.

Figures are cached (``reports.dashboard_cache``): a dashboard's until a record of its area
changes, each month's activities and reports (2 and 3) and the KPI until a record dated in
that month changes (``reports.dashboard_signals``). A librarian's change is therefore on the
dashboard at once, and recomputing it after a change reads only the months that changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from activities.choices import Strategy
from activities.models import Activity, SuccessStory
from foundation.months import add_months, month_start, months_between, next_month, previous_month
from foundation.scope import Place
from libraries.choices import CommitmentStatus
from libraries.models import Commitment, Library, Province, Regency
from libraries.models.library import VILLAGE_LEVELS
from libraries.models.synergy import overdue_q
from libraries.places import find_place, home_place
from reports.deadlines import deadline_for, last_overdue_period
from reports.models import KpiThreshold, MonthlyReport, ProgressReport
from reports.models.kpi import KpiColour
from reports.models.progress import ReportScope

from . import cache
from .filters import Filters
from .sql import kpi_query

# The area and filters live in ``reports.dashboard_areas``; pages and tests find them here too.
__all__ = [
    "Filters",
    "Place",
    "add_months",
    "build",
    "compute",
    "default_range",
    "find_place",
    "home_place",
    "months_between",
]

SUBMITTED = ("submitted", "verified")
VILLAGE_LEVEL_VALUES = sorted(level.value for level in VILLAGE_LEVELS)
STRATEGIES = [s.value for s in Strategy]
KPI_COLOURS = [c.value for c in KpiColour]
#: The longest range a dashboard shows (the heat map has one column per month).
MAX_MONTHS = 36
DEFAULT_MONTHS = 12
STORIES_SHOWN = 6

# ------------------------------------------------------------------------------------------------------- filters


def clock() -> dt.datetime:
    """Now, as the dashboards see it: which months have passed their reporting deadline (tests move it)."""
    return timezone.now()


def default_range(place: Place, today: dt.date | None = None) -> tuple[dt.date, dt.date, dt.date | None]:
    """The last twelve months; for an area without records in them, the twelve months up to its latest records.

    Returns (start, end, latest month with records when the range was moved back, else None).
    """
    end = month_start(today or timezone.localdate(clock()))
    start = add_months(end, 1 - DEFAULT_MONTHS)
    latest = latest_records_month(place)
    if latest is not None and latest < start:
        return add_months(latest, 1 - DEFAULT_MONTHS), latest, latest
    return start, end, None


def latest_records_month(place: Place) -> dt.date | None:
    """The latest month with an activity or a monthly report in the area (one query through the indexes)."""

    def cached():
        if place.scope == ReportScope.NATIONAL:
            # The newest row of each table, read backwards from the date indexes.
            last_activity = Activity.objects.order_by("-date").values("date")[:1]
            last_report = MonthlyReport.objects.order_by("-period").values("period")[:1]
            found = (
                Province.objects.annotate(activity=Subquery(last_activity), report=Subquery(last_report))
                .values("activity", "report")
                .first()
            ) or {}
        else:  # the newest row of each library of the area
            last_activity = Activity.objects.filter(library=OuterRef("pk")).order_by("-date").values("date")[:1]
            last_report = MonthlyReport.objects.filter(library=OuterRef("pk")).order_by("-period").values("period")[:1]
            found = (
                Library.objects.filter(place.library_q())
                .annotate(last_activity=Subquery(last_activity), last_report=Subquery(last_report))
                .aggregate(activity=Max("last_activity"), report=Max("last_report"))
            )
        dates = [d for d in found.values() if d is not None]
        return month_start(max(dates)) if dates else None

    return cache.cached(cache.place_key(place, "latest", cache.area_key(cache.place_area(place))), cached)


# ------------------------------------------------------------------------------------------------------- figures


@dataclass
class Reporting:
    """Monthly-report figures of one cell (an area and a month), or of a sum of cells."""

    expected: int = 0
    submitted: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def completeness(self) -> float | None:
        return percent(self.submitted, self.expected)

    @property
    def timeliness(self) -> float | None:
        return percent(self.on_time, self.expected)

    def __add__(self, other: Reporting) -> Reporting:
        return Reporting(self.expected + other.expected, self.submitted + other.submitted, self.on_time + other.on_time)


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class MonthFigures:
    month: dt.date
    due: bool
    reporting: Reporting
    activities: dict[str, int]
    participants_male: int = 0
    participants_female: int = 0
    visitors: int = 0
    loans: int = 0
    received: int = 0

    @property
    def activities_total(self) -> int:
        return sum(self.activities.values())

    @property
    def participants(self) -> int:
        return self.participants_male + self.participants_female


@dataclass
class ChildRow:
    """One child area (a province, a regency/city or a library) with its figures over the range."""

    code: str
    name: str
    libraries: int = 0
    activities: int = 0
    participants_male: int = 0
    participants_female: int = 0
    cells: dict[dt.date, Reporting] = field(default_factory=dict)
    #: for library rows: whether the library is expected to report each month, and its state
    states: dict[dt.date, str] = field(default_factory=dict)
    kpi: dict[str, int] = field(default_factory=dict)
    kpi_colour: str = ""
    kpi_score: float | None = None
    reporting: Reporting = field(default_factory=Reporting)

    @property
    def participants(self) -> int:
        return self.participants_male + self.participants_female


@dataclass
class Dashboard:
    place: Place
    filters: Filters
    months: list[MonthFigures]
    previous: list[MonthFigures]
    children: list[ChildRow]
    libraries: int
    located: int
    kpi_month: dt.date | None
    kpi: dict[str, int]
    thresholds: dict
    commitments: dict[str, int] | None
    stories: list[dict]
    computed_at: dt.datetime

    # Headline figures over the range, and the same over the range before it.
    def _sum(self, months, attr) -> int:
        return sum(getattr(m, attr) for m in months)

    @property
    def activities(self) -> int:
        return self._sum(self.months, "activities_total")

    @property
    def previous_activities(self) -> int:
        return self._sum(self.previous, "activities_total")

    @property
    def participants(self) -> int:
        return self._sum(self.months, "participants")

    @property
    def participants_male(self) -> int:
        return self._sum(self.months, "participants_male")

    @property
    def participants_female(self) -> int:
        return self._sum(self.months, "participants_female")

    @property
    def previous_participants(self) -> int:
        return self._sum(self.previous, "participants")

    @property
    def visitors(self) -> int:
        return self._sum(self.months, "visitors")

    @property
    def previous_visitors(self) -> int:
        return self._sum(self.previous, "visitors")

    @staticmethod
    def _due_reporting(months) -> Reporting:
        return reduce(lambda a, b: a + b, (m.reporting for m in months if m.due), Reporting())

    @property
    def reporting(self) -> Reporting:
        """Reports over the months of the range whose deadline has passed."""
        return self._due_reporting(self.months)

    @property
    def previous_reporting(self) -> Reporting:
        return self._due_reporting(self.previous)

    @property
    def due_months(self) -> int:
        return sum(1 for m in self.months if m.due)

    def strategy_totals(self) -> dict[str, int]:
        return {s: sum(m.activities.get(s, 0) for m in self.months) for s in STRATEGIES}

    def previous_strategy_totals(self) -> dict[str, int]:
        return {s: sum(m.activities.get(s, 0) for m in self.previous) for s in STRATEGIES}

    @property
    def kpi_expected(self) -> int:
        return sum(self.kpi.values())


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
    if provinces:
        pieces = _national_pieces(place, filters, months, provinces)
    else:
        pieces = month_pieces(place, filters, months, kpi_month)

    # 4. KPI of the last month whose deadline has passed (within the range).
    thresholds = KpiThreshold.for_period(kpi_month) if kpi_month else None
    kpi_rows = []
    if kpi_month and provinces:
        kpi_rows = _national_kpi_rows(place, filters, kpi_month, thresholds, provinces)
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

    return _assemble(
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
    )


def month_pieces(place: Place, filters: Filters, months: list[dt.date], kpi_month=None) -> dict[dt.date, dict]:
    """Each month's activities and reports by child area: from the cache, the months not in it in two queries.

    A month stays cached until a record dated in it changes, so after a librarian's change only
    that month is aggregated again.
    """
    area = cache.place_area(place)
    extra = [kpi_month, previous_month(kpi_month)] if kpi_month else []
    tokens = cache.versions([cache.month_key(area, m) for m in [*months, *extra]])
    keys = {}
    if tokens is not None:
        epoch, *month_tokens = tokens.split(":")
        for month, token in zip(months, month_tokens, strict=False):
            keys[month] = f"dash:p:{place.scope}:{place.code}:{filters.month_key}:{epoch}:{token}:{month:%Y%m}"
    found = cache.get_many(list(keys.values()))
    pieces = {m: found[keys[m]] for m in months if keys.get(m) in found}
    missing = [m for m in months if m not in pieces]
    if missing:
        computed = _compute_pieces(place, filters, missing)
        pieces.update(computed)
        if keys:
            cache.set_many(
                {keys[m]: piece for m, piece in computed.items()}, settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS
            )
    return pieces


def _province_keys(name: str, filters: Filters, months: list[dt.date], provinces: list[str]) -> dict | None:
    """Cache keys of one province's part of the nation's figures for each month, under that month's tokens."""
    pairs = [(p, m) for p in provinces for m in months]
    tokens = cache.versions([cache.month_key(p, m) for p, m in pairs])
    if tokens is None:
        return None
    epoch, *month_tokens = tokens.split(":")
    return {
        (p, m): f"dash:n:{name}:{filters.month_key}:{epoch}:{token}:{p}:{m:%Y%m}"
        for (p, m), token in zip(pairs, month_tokens, strict=True)
    }


def _national_pieces(place: Place, filters: Filters, months: list[dt.date], provinces: list[str]) -> dict:
    """The nation's months, added up from each province's: after a change in one province only its month is read.

    (A librarian's change moves the tokens of their province's month; the nation's grouped queries then
    read that province's libraries alone instead of the whole country's.)
    """
    keys = _province_keys("p", filters, months, provinces)
    found = cache.get_many(list(keys.values())) if keys else {}
    parts = {pair: found[key] for pair, key in (keys or {}).items() if key in found}
    missing = [(p, m) for p in provinces for m in months if (p, m) not in parts]
    if missing:
        need_provinces = sorted({p for p, _ in missing})
        need_months = sorted({m for _, m in missing})
        only = Q(library__province__in=need_provinces) if len(need_provinces) < len(provinces) else Q()
        computed = _compute_pieces(place, filters, need_months, only)
        fresh = {
            (p, m): {
                "activities": [row for row in computed[m]["activities"] if row[1] == p],
                "reports": [row for row in computed[m]["reports"] if row[0] == p],
            }
            for p in need_provinces
            for m in need_months
        }
        parts.update(fresh)
        if keys:
            cache.set_many(
                {keys[pair]: piece for pair, piece in fresh.items()}, settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS
            )
    return {
        m: {
            "activities": [row for p in provinces for row in parts[(p, m)]["activities"]],
            "reports": [row for p in provinces for row in parts[(p, m)]["reports"]],
        }
        for m in months
    }


def _national_kpi_rows(place, filters, kpi_month, thresholds, provinces: list[str]) -> list[tuple]:
    """The nation's KPI by province, each province's cached apart (see ``_national_pieces``)."""
    keys = _province_keys("k", filters, [kpi_month], provinces)
    found = cache.get_many(list(keys.values())) if keys else {}
    parts = {p: found[keys[(p, kpi_month)]] for p in provinces if keys and keys[(p, kpi_month)] in found}
    missing = [p for p in provinces if p not in parts]
    if missing:
        only = missing if len(missing) < len(provinces) else None
        rows = kpi_query(place, filters, kpi_month, thresholds, grouped=True, provinces=only)
        fresh = {p: [row for row in rows if row[0] == p] for p in missing}
        parts.update(fresh)
        if keys:
            cache.set_many(
                {keys[(p, kpi_month)]: part for p, part in fresh.items()},
                settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS,
            )
    return [row for p in provinces for row in parts[p]]


def _month_ranges(months: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive months as (first day, first day after) ranges."""
    ranges = []
    for month in sorted(months):
        if ranges and ranges[-1][1] == month:
            ranges[-1] = (ranges[-1][0], next_month(month))
        else:
            ranges.append((month, next_month(month)))
    return ranges


class MonthStart(TruncMonth):
    """The first day of a date's month. PostgreSQL would truncate each date as a timestamp with time zone
    (a time-zone conversion per row); as a plain timestamp it adds up a region's activities about 20% faster."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"DATE_TRUNC('month', ({sql})::timestamp)::date", params


def _compute_pieces(
    place: Place, filters: Filters, months: list[dt.date], only: Q | None = None
) -> dict[dt.date, dict]:
    rel_q = place.library_q("library__") & filters.library_q("library__") & (only or Q())
    rel_child = place.child_path("library__")
    in_months = reduce(or_, (Q(date__gte=a, date__lt=b) for a, b in _month_ranges(months)))
    activities = Activity.objects.filter(rel_q, in_months)
    if filters.strategy:
        activities = activities.filter(strategy=filters.strategy)
    activities = (
        activities.order_by()
        .annotate(month=MonthStart("date"))
        .values("month", "strategy", child_code=F(rel_child))
        # COUNT(*): every column read is in the covering index activity_library_date, so that a region's
        # activities are read library by library from the index alone.
        .annotate(n=Count("*"), pm=Sum("participants_male"), pf=Sum("participants_female"))
    )
    expected = Q(
        library__is_active=True,
        library__level__in=VILLAGE_LEVEL_VALUES,
        library__cohort_year__lte=ExtractYear("period"),
    )
    submitted = Q(status__in=SUBMITTED)
    on_time = reduce(or_, (Q(period=m, submitted_at__lte=deadline_for(m)) for m in months))
    reports = (
        MonthlyReport.objects.filter(rel_q, period__in=months)
        .order_by()
        .values("period", child_code=F(rel_child))
        .annotate(
            # Counting a column of the covering index report_library_period (never null), not the id.
            submitted=Count("period", filter=expected & submitted),
            on_time=Count("period", filter=expected & submitted & on_time),
            received=Count("period", filter=submitted),
            visitors=Sum("visitors", filter=submitted),
            loans=Sum("loans", filter=submitted),
        )
    )
    pieces = {m: {"activities": [], "reports": []} for m in months}
    for row in activities:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        pieces[month]["activities"].append(
            (row["strategy"], _key(row["child_code"]), row["n"], row["pm"] or 0, row["pf"] or 0)
        )
    for row in reports:
        pieces[row["period"]]["reports"].append(
            (
                _key(row["child_code"]),
                row["submitted"],
                row["on_time"],
                row["received"],
                row["visitors"] or 0,
                row["loans"] or 0,
            )
        )
    return pieces


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


def _key(value) -> str:
    return "" if value is None else str(value)


def _assemble(place, filters, now, library_rows, pieces, kpi_month, kpi_rows, thresholds, commitments, stories,
              names) -> Dashboard:  # fmt: skip
    """Turn the grouped rows into the dashboard (arithmetic on a few hundred rows at most)."""
    current = filters.months
    all_months = filters.previous_months + current
    due_until = last_overdue_period(now)
    per_library = place.scope in (ReportScope.REGENCY, ReportScope.LIBRARY)

    children: dict[str, ChildRow] = {}

    def child(code) -> ChildRow:
        code = _key(code)
        if code not in children:
            children[code] = ChildRow(code=code, name=names.get(code, ""))
        return children[code]

    if not per_library:
        for code, name in names.items():
            child(code).name = name

    # Expected reports per child and month, from the libraries' cohort years.
    expectable: dict[str, list[tuple[int, int]]] = {}
    libraries = located = 0
    cohort_of: dict[str, int | None] = {}
    for row in library_rows:
        row_child = child(row["child_code"])
        if per_library:
            row_child.name = row["child_name"]
            cohort_of[row_child.code] = row["cohort_year"]
        row_child.libraries += row["active"]
        libraries += row["active"]
        located += row["located"]
        if row["expectable"] and row["cohort_year"] is not None:
            expectable.setdefault(row_child.code, []).append((row["cohort_year"], row["expectable"]))

    def expected_in(code: str, month: dt.date) -> int:
        return sum(n for cohort, n in expectable.get(code, ()) if cohort <= month.year)

    totals = {
        m: MonthFigures(m, due=m <= due_until, reporting=Reporting(), activities=dict.fromkeys(STRATEGIES, 0))
        for m in all_months
    }
    for code in list(children):
        for m in all_months:
            n = expected_in(code, m)
            totals[m].reporting.expected += n
            if m >= filters.start:
                children[code].cells[m] = Reporting(expected=n)
    for month in all_months:
        figures = totals[month]
        current_month = month >= filters.start
        for strategy, code, n, pm, pf in pieces[month]["activities"]:
            figures.activities[strategy] = figures.activities.get(strategy, 0) + n
            figures.participants_male += pm
            figures.participants_female += pf
            if current_month:
                row_child = child(code)
                row_child.activities += n
                row_child.participants_male += pm
                row_child.participants_female += pf
        for code, submitted, on_time, received, visitors, loans in pieces[month]["reports"]:
            figures.reporting.submitted += submitted
            figures.reporting.on_time += on_time
            figures.received += received
            figures.visitors += visitors
            figures.loans += loans
            if current_month:
                cell = child(code).cells.setdefault(month, Reporting())
                cell.submitted += submitted
                cell.on_time += on_time

    # Each child's reporting over the due months of the range; per library, each month's state.
    for row_child in children.values():
        row_child.reporting = reduce(
            lambda a, b: a + b, (c for m, c in row_child.cells.items() if m <= due_until), Reporting()
        )
        if per_library:
            for m in current:
                cell = row_child.cells.get(m, Reporting())
                row_child.states[m] = cell_state(cell, m <= due_until)

    kpi = dict.fromkeys(KPI_COLOURS, 0)
    for row in kpi_rows:
        code, colour, n, score = row
        if colour not in kpi:
            continue
        kpi[colour] += n
        row_child = child(code)
        row_child.kpi[colour] = row_child.kpi.get(colour, 0) + n
        if per_library:
            row_child.kpi_colour = colour
            row_child.kpi_score = float(score) if score is not None else None

    # Rows worth showing: areas with libraries or records; empty provinces stay on the national grid.
    rows = [
        c
        for c in children.values()
        if c.libraries or c.activities or any(cell.submitted for cell in c.cells.values()) or not per_library
    ]
    if per_library:
        rows.sort(key=lambda c: (-c.reporting.missing, c.name))
    else:
        rows.sort(key=lambda c: (c.code == "", c.code))
    return Dashboard(
        place=place,
        filters=filters,
        months=[totals[m] for m in current],
        previous=[totals[m] for m in filters.previous_months],
        children=rows,
        libraries=libraries,
        located=located,
        kpi_month=kpi_month,
        kpi=kpi,
        thresholds=thresholds,
        commitments=commitments,
        stories=stories,
        computed_at=now,
    )


def cell_state(cell: Reporting, due: bool) -> str:
    """One library's month: on time, late, missing, not yet due, or not expected."""
    if not cell.expected:
        return "not_expected"
    if cell.on_time:
        return "on_time"
    if cell.submitted:
        return "late"
    return "missing" if due else "not_due"
