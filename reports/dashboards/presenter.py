"""What a dashboard page shows and where each figure leads, in one place for the page and the Excel workbook.

Every figure links to the records it counts, with the dashboard's area and filters: the
library list, the activity list (the range or one month, the strategy), the commitment
tracker, success stories, and the dashboard's own libraries page for the reporting and KPI
figures, which lists the libraries of one month by the same rules, so that each list adds up
to the number that led to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from activities.choices import Strategy
from foundation import formatting
from libraries.choices import CommitmentStatus
from reports.models.kpi import KpiColour
from reports.models.progress import ReportScope
from reports.progress.presenters import cached_reverse

from .dashboard import STRATEGIES, ChildRow, Reporting
from .heatmap import cells_html
from .labels import (
    CHILD_LABELS,
    CHILDREN_HEADINGS,
    HEATMAP_HEADINGS,
    PROVINCE_GRID,
    SCOPE_HEADINGS,
    STATE_LABELS,
)
from .links import DashboardLinks
from .plan_rows import PlanRows
from .records import RecordRows

HEATMAP_PAGE_SIZE = 50
STRATEGY_COLOURS = {
    "service_improvement": "#0d6efd",
    "community_engagement": "#20c997",
    "advocacy": "#fd7e14",
    "media_publication": "#6f42c1",
}
KPI_COLOURS = {"green": "#1b7f3b", "yellow": "#f2c200", "red": "#b3261e", "not_scored": "#8a939c"}

COMMITMENT_COLOURS = {"planned": "#6c757d", "in_progress": "#0d6efd", "done": "#1b7f3b", "dropped": "#343a40"}


def bucket(value: float | None) -> str:
    """A heat-map class for a completeness percentage."""
    if value is None:
        return "na"
    for limit, name in ((90, "4"), (75, "3"), (50, "2"), (25, "1")):
        if value >= limit:
            return name
    return "0"


def num(value) -> str:
    return formatting.number(value)


@dataclass
class Headline:
    key: str
    label: str
    value: object
    previous: object
    change: object
    url: str | None
    unit: str = ""
    note: str = ""


@dataclass
class Cell:
    month: dt.date
    css: str
    text: str
    title: str
    url: str | None


class DashboardPage(RecordRows, PlanRows, DashboardLinks):
    """Everything the dashboard template shows, as rows and cells; the links come from ``DashboardLinks``."""

    # ---------------------------------------------------------------------------------------------- URLs
    @property
    def heading(self):
        return SCOPE_HEADINGS[self.place.scope]

    @cached_property
    def headline(self) -> list[Headline]:
        d = self.d
        reporting, previous = d.reporting, d.previous_reporting

        def change(a, b):
            return None if a is None or b is None else round(a - b, 1)

        rows = [
            Headline("libraries", _("Active libraries"), d.libraries, None, None, self.libraries_url()),
            Headline(
                "activities",
                _("Activities"),
                d.activities,
                d.previous_activities,
                d.activities - d.previous_activities,
                self.activities_url(),
            ),
            Headline(
                "participants",
                _("Participants"),
                d.participants,
                d.previous_participants,
                d.participants - d.previous_participants,
                self.activities_url(),
                note=_("%(male)s men, %(female)s women where counted by sex")
                % {"male": num(d.participants_male), "female": num(d.participants_female)},
            ),
            Headline(
                "completeness",
                _("Completeness"),
                reporting.completeness,
                previous.completeness,
                change(reporting.completeness, previous.completeness),
                "#completeness",
                unit="%",
                note=_("%(submitted)s of %(expected)s reports")
                % {"submitted": num(reporting.submitted), "expected": num(reporting.expected)},
            ),
            Headline(
                "timeliness",
                _("On time"),
                reporting.timeliness,
                previous.timeliness,
                change(reporting.timeliness, previous.timeliness),
                "#completeness",
                unit="%",
                note=_("%(late)s late, %(missing)s missing")
                % {"late": num(reporting.late), "missing": num(reporting.missing)},
            ),
            Headline(
                "visitors",
                _("Visitors"),
                d.visitors,
                d.previous_visitors,
                d.visitors - d.previous_visitors,
                self.monthly_reports_url(),
                note=_("from submitted and verified monthly reports"),
            ),
            Headline(
                "verified",
                _("Records verified"),
                d.verified_share,
                None,
                None,
                "#records",
                unit="%",
                note=_("%(verified)s of %(records)s records entered")
                % {
                    "verified": num(sum(d.verified_by_type().values())),
                    "records": num(sum(d.records_by_type().values())),
                },
            ),
        ]
        return rows

    # ---------------------------------------------------------------------------------- reporting by month
    @cached_property
    def reporting_rows(self) -> list[dict]:
        rows = []
        for m in self.d.months:
            r = m.reporting
            rows.append(
                {
                    "month": m.month,
                    "due": m.due,
                    "r": r,
                    "urls": {
                        state: self.records_url(m.month, state)
                        for state in ("expected", "submitted", "on_time", "late", "missing")
                    },
                    "reports_url": self.monthly_reports_url(m.month),
                }
            )
        return rows

    # ------------------------------------------------------------------------------------------- heat map
    @property
    def per_library(self) -> bool:
        return self.place.scope in (ReportScope.REGENCY, ReportScope.LIBRARY)

    @property
    def heatmap_heading(self):
        return HEATMAP_HEADINGS[self.place.scope]

    @property
    def children_heading(self):
        return CHILDREN_HEADINGS.get(self.place.scope, "")

    @cached_property
    def visible_children(self) -> list[ChildRow]:
        """Areas with libraries or records (every province stays on the tile grid)."""
        return [c for c in self.d.children if c.libraries or c.activities or c.reporting.submitted]

    @cached_property
    def heatmap_paginator(self):
        return Paginator(self.visible_children, HEATMAP_PAGE_SIZE)

    @cached_property
    def heatmap_page(self):
        return self.heatmap_paginator.get_page(self.page_number)

    def heatmap_rows(self, rows=None) -> list[dict]:
        result = []
        for child in self.heatmap_page.object_list if rows is None else rows:
            place = self.child_place(child)
            cells = []
            for m in self.d.months:
                cell = child.cells.get(m.month, Reporting())
                if self.per_library:
                    state = child.states.get(m.month, "not_expected")
                    title = f"{m.month:%Y-%m}: {STATE_LABELS[state]}"
                    text = {"on_time": "✓", "late": "!", "unknown": "?", "missing": "✗", "not_due": "…"}.get(state, "")
                    css = f"hm-{state}"
                    url = self.records_url(m.month, "expected" if state != "not_expected" else "all", place)
                    if state == "not_expected":
                        url = None
                else:
                    pct = cell.completeness
                    css = f"hm-{bucket(pct)}" if m.due else "hm-open"
                    text = "" if pct is None else f"{pct:.0f}"
                    title = str(
                        _("%(month)s: %(submitted)s of %(expected)s reports, %(on_time)s on time")
                        % {
                            "month": f"{m.month:%Y-%m}",
                            "submitted": cell.submitted,
                            "expected": cell.expected,
                            "on_time": cell.on_time,
                        }
                    )
                    url = self.records_url(m.month, "expected", place) if place and cell.expected else None
                cells.append(Cell(m.month, css, text, title, url))
            row = {"child": child, "url": self.child_url(child), "cells": cells, "cells_html": cells_html(cells)}
            result.append(row)
        return result

    # -------------------------------------------------------------------------------------------- activities
    @cached_property
    def strategies(self) -> list[tuple[str, str]]:
        chosen = [self.filters.strategy] if self.filters.strategy else STRATEGIES
        return [(s, Strategy(s).label) for s in chosen]

    @cached_property
    def strategy_series(self) -> list[dict]:
        return [{"key": s, "label": label, "colour": STRATEGY_COLOURS[s]} for s, label in self.strategies]

    @cached_property
    def activity_rows(self) -> list[dict]:
        return [
            {
                "month": m.month,
                "values": [
                    {"key": s, "value": m.activities.get(s, 0), "url": self.activities_url(m.month, s)}
                    for s, _label in self.strategies
                ],
                "total": m.activities_total,
                "url": self.activities_url(m.month),
                "male": m.participants_male,
                "female": m.participants_female,
                "participants": m.participants,
            }
            for m in self.d.months
        ]

    @cached_property
    def strategy_totals(self) -> list[dict]:
        current, previous = self.d.strategy_totals(), self.d.previous_strategy_totals()
        return [
            {
                "key": s,
                "label": label,
                "value": current[s],
                "previous": previous[s],
                "change": current[s] - previous[s],
                "url": self.activities_url(strategy=s),
            }
            for s, label in self.strategies
        ]

    # ------------------------------------------------------------------------------------------------- KPI
    @cached_property
    def kpi_rows(self) -> list[dict]:
        month = self.d.kpi_month
        return [
            {
                "key": c.value,
                "label": c.label,
                "colour": KPI_COLOURS[c.value],
                "value": self.d.kpi.get(c.value, 0),
                "url": self.records_url(month, c.value) if month else None,
            }
            for c in KpiColour
        ]

    @property
    def kpi_page_url(self) -> str | None:
        """The partners' scores of the KPI month, library by library (the KPI page)."""
        month = self.d.kpi_month
        if not month:
            return None
        url = cached_reverse("reports:kpi_detail", args=[self.place.scope, self.place.code])
        return f"{url}?period_from={month:%Y-%m}&period_to={month:%Y-%m}"

    @property
    def kpi_progress_url(self) -> str | None:
        month = self.d.kpi_month
        if not month:
            return None
        return cached_reverse("reports:progress_detail", args=[f"{month:%Y-%m}", self.place.scope, self.place.code])

    # ----------------------------------------------------------------------------------------- commitments
    @property
    def commitments_total(self) -> int:
        c = self.d.commitments or {}
        return sum(c.get(s.value, 0) for s in CommitmentStatus)

    @cached_property
    def commitment_rows(self) -> list[dict]:
        c = self.d.commitments
        if c is None:
            return []
        rows = [
            {
                "key": s.value,
                "label": s.label,
                "colour": COMMITMENT_COLOURS[s.value],
                "value": c.get(s.value, 0),
                "url": self.commitments_url(s.value),
            }
            for s in CommitmentStatus
        ]
        rows.append(
            {
                "key": "overdue",
                "label": _("Overdue (open, past the due date)"),
                "value": c.get("overdue", 0),
                "url": self.commitments_url(overdue=True),
            }
        )
        return rows

    # ----------------------------------------------------------------------------------- tile grid, children
    @cached_property
    def tiles(self) -> list[dict]:
        if self.place.scope != ReportScope.NATIONAL:
            return []
        tiles = []
        for child in self.d.children:
            if child.code not in PROVINCE_GRID:
                continue
            row, column, short = PROVINCE_GRID[child.code]
            pct = child.reporting.completeness
            tiles.append(
                {
                    "child": child,
                    "row": row,
                    "column": column,
                    "short": short,
                    "css": f"hm-{bucket(pct)}",
                    "pct": pct,
                    "url": self.child_url(child),
                }
            )
        return tiles

    @cached_property
    def children_rows(self) -> list[dict]:
        return [{"child": child, "url": self.child_url(child)} for child in self.visible_children]

    @cached_property
    def stories(self) -> list[dict]:
        return [{**story, "url": self.story_url(story["id"])} for story in self.d.stories]

    @property
    def child_label(self):
        return CHILD_LABELS.get(self.place.scope)
