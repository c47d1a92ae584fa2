"""The dashboard as the page reads it (headline figures, months, child areas, KPI), assembled from the aggregates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce

from activities.choices import Strategy
from foundation.scope import Place
from reports.deadlines import last_overdue_period
from reports.models.kpi import KpiColour
from reports.models.progress import ReportScope
from reports.plans.totals import AreaPlans

from .filters import Filters
from .pieces import child_key

STRATEGIES = [s.value for s in Strategy]


KPI_COLOURS = [c.value for c in KpiColour]


@dataclass
class Reporting:
    """Monthly-report figures of one cell (an area and a month), or of a sum of cells.

    ``unknown``: submitted reports taken in from SIM TPBIS, whose timeliness is not known (neither on time nor late).
    """

    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    unknown: int = 0

    @property
    def late(self) -> int:
        return self.submitted - self.on_time - self.unknown

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
        return Reporting(
            self.expected + other.expected,
            self.submitted + other.submitted,
            self.on_time + other.on_time,
            self.unknown + other.unknown,
        )


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


#: The program's records a dashboard counts by type: the four strategies' records, service snapshots and the
#: monthly reports once sent.
RECORD_TYPES = [*STRATEGIES, "service_snapshot", "monthly_report"]


@dataclass
class MonthFigures:
    month: dt.date
    due: bool
    reporting: Reporting
    activities: dict[str, int]
    participants_male: int = 0
    participants_female: int = 0
    participants: int = 0
    visitors: int = 0
    loans: int = 0
    received: int = 0
    #: record type -> records, and of them verified (``RECORD_TYPES``)
    records: dict[str, int] = field(default_factory=dict)
    verified: dict[str, int] = field(default_factory=dict)
    #: advocacy result ("" when not recorded) -> advocacy records
    advocacy: dict[str, int] = field(default_factory=dict)

    @property
    def activities_total(self) -> int:
        return sum(self.activities.values())

    def count(self, record_type: str, n: int, verified: int) -> None:
        self.records[record_type] = self.records.get(record_type, 0) + n
        self.verified[record_type] = self.verified.get(record_type, 0) + verified


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
    participants: int = 0


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
    #: the area's work plans of the range's last month's year against their actuals (``.plans``)
    plans: AreaPlans | None = None

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
        """The partners: scored or not."""
        return sum(self.kpi.values())

    def _totals(self, attr: str) -> dict[str, int]:
        return {key: sum(getattr(m, attr).get(key, 0) for m in self.months) for key in RECORD_TYPES}

    def records_by_type(self) -> dict[str, int]:
        return self._totals("records")

    def verified_by_type(self) -> dict[str, int]:
        return self._totals("verified")

    @property
    def verified_share(self) -> float | None:
        """The share of the range's records already verified (every record entered is counted)."""
        return percent(sum(self.verified_by_type().values()), sum(self.records_by_type().values()))

    def advocacy_results(self) -> dict[str, int]:
        results = {}
        for m in self.months:
            for result, n in m.advocacy.items():
                results[result] = results.get(result, 0) + n
        return results


def assemble(place, filters, now, library_rows, pieces, kpi_month, kpi_rows, thresholds, commitments, stories,
              names, plans=None) -> Dashboard:  # fmt: skip
    """Turn the grouped rows into the dashboard (arithmetic on a few hundred rows at most)."""
    current = filters.months
    all_months = filters.previous_months + current
    due_until = last_overdue_period(now)
    per_library = place.scope in (ReportScope.REGENCY, ReportScope.LIBRARY)

    children: dict[str, ChildRow] = {}

    def child(code) -> ChildRow:
        code = child_key(code)
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
        for result, _code, n in pieces[month]["advocacy"]:
            figures.advocacy[result] = figures.advocacy.get(result, 0) + n
        for strategy, code, n, verified in pieces[month]["activities"]:
            figures.activities[strategy] = figures.activities.get(strategy, 0) + n
            figures.count(strategy, n, verified)
            if current_month:
                child(code).activities += n
        for code, pm, pf, pt in pieces[month]["participants"]:
            figures.participants_male += pm
            figures.participants_female += pf
            figures.participants += pt
            if current_month:
                row_child = child(code)
                row_child.participants_male += pm
                row_child.participants_female += pf
                row_child.participants += pt
        for code, submitted, on_time, unknown, received, visitors, loans, sent, verified in pieces[month]["reports"]:
            figures.reporting.submitted += submitted
            figures.reporting.on_time += on_time
            figures.reporting.unknown += unknown
            figures.received += received
            figures.visitors += visitors
            figures.loans += loans
            figures.count("monthly_report", sent, verified)
            if current_month:
                cell = child(code).cells.setdefault(month, Reporting())
                cell.submitted += submitted
                cell.on_time += on_time
                cell.unknown += unknown
        for _code, n, verified in pieces[month].get("snapshots", ()):
            figures.count("service_snapshot", n, verified)

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
        plans=plans,
    )


def cell_state(cell: Reporting, due: bool) -> str:
    """One library's month: on time, late, timeliness unknown (from SIM), missing, not yet due, or not expected."""
    if not cell.expected:
        return "not_expected"
    if cell.on_time:
        return "on_time"
    if cell.unknown:
        return "unknown"
    if cell.submitted:
        return "late"
    return "missing" if due else "not_due"
