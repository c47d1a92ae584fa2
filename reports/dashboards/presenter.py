"""What a dashboard page shows and where each figure leads, in one place for the page and the Excel workbook.

Every figure links to the records it counts, with the dashboard's area and filters: the
library list, the activity list (the range or one month, the strategy), the commitment
tracker, success stories, and the dashboard's own libraries page for the reporting and KPI
figures, which lists the libraries of one month by the same rules, so that each list adds up
to the number that led to it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from activities.choices import Strategy
from libraries.choices import CommitmentStatus
from reports.models.kpi import KpiColour
from reports.models.progress import NATIONAL_CODE, ReportScope
from reports.progress.presenters import cached_reverse, safe_reverse

from .figures import STRATEGIES, ChildRow, Dashboard, Place, Reporting

HEATMAP_PAGE_SIZE = 50
STRATEGY_COLOURS = {
    "service_improvement": "#0d6efd",
    "community_engagement": "#20c997",
    "advocacy": "#fd7e14",
    "media_publication": "#6f42c1",
}
KPI_COLOURS = {"green": "#1b7f3b", "yellow": "#f2c200", "red": "#b3261e"}
COMMITMENT_COLOURS = {"planned": "#6c757d", "in_progress": "#0d6efd", "done": "#1b7f3b", "dropped": "#343a40"}

#: The 38 provinces on a grid that keeps their places on the map: code -> (row, column, short name).
PROVINCE_GRID = {
    "11": (0, 0, "ACEH"), "12": (1, 1, "SUMUT"), "14": (1, 2, "RIAU"), "21": (1, 3, "KEPRI"),
    "13": (2, 1, "SUMBAR"), "15": (2, 2, "JAMBI"), "19": (2, 4, "BABEL"), "17": (3, 2, "BKL"),
    "16": (3, 3, "SUMSEL"), "18": (4, 3, "LPG"), "31": (4, 4, "DKI"), "36": (5, 3, "BTN"),
    "32": (5, 4, "JABAR"), "33": (5, 5, "JTG"), "34": (6, 5, "DIY"), "35": (5, 6, "JTM"),
    "51": (5, 7, "BALI"), "52": (5, 8, "NTB"), "53": (5, 9, "NTT"), "61": (2, 5, "KALBAR"),
    "62": (2, 6, "KALTENG"), "63": (3, 6, "KALSEL"), "64": (1, 7, "KALTIM"), "65": (0, 7, "KALTARA"),
    "76": (3, 8, "SULBAR"), "73": (4, 8, "SULSEL"), "72": (2, 9, "SULTENG"), "75": (1, 9, "GTLO"),
    "71": (1, 10, "SULUT"), "74": (4, 9, "SULTRA"), "82": (1, 11, "MALUT"), "81": (3, 11, "MALUKU"),
    "96": (2, 12, "PBD"), "92": (2, 13, "PABAR"), "94": (3, 13, "PATENG"), "91": (2, 14, "PAPUA"),
    "95": (3, 14, "PAPEG"), "93": (4, 14, "PASEL"),
}  # fmt: skip

STATE_LABELS = {
    "on_time": _("On time"),
    "late": _("Late"),
    "missing": _("Missing"),
    "not_due": _("Not yet due"),
    "not_expected": _("Not expected"),
}
RECORD_LABELS = {
    "all": _("All libraries"),
    "expected": _("Libraries expected to report"),
    "submitted": _("Reports submitted"),
    "on_time": _("Reports submitted on time"),
    "late": _("Reports submitted late"),
    "missing": _("Missing reports"),
    "green": _("KPI green"),
    "yellow": _("KPI yellow"),
    "red": _("KPI red"),
}
SCOPE_HEADINGS = {
    ReportScope.NATIONAL: _("National dashboard"),
    ReportScope.PROVINCE: _("Province dashboard"),
    ReportScope.REGENCY: _("Regency/city dashboard"),
    ReportScope.LIBRARY: _("Library dashboard"),
}
HEATMAP_HEADINGS = {
    ReportScope.NATIONAL: _("Completeness by province and month"),
    ReportScope.PROVINCE: _("Completeness by regency/city and month"),
    ReportScope.REGENCY: _("Reports of each library by month"),
    ReportScope.LIBRARY: _("Reports of the library by month"),
}
CHILDREN_HEADINGS = {
    ReportScope.NATIONAL: _("By province"),
    ReportScope.PROVINCE: _("By regency/city"),
    ReportScope.REGENCY: _("By library"),
}
CHILD_LABELS = {
    ReportScope.NATIONAL: _("Province"),
    ReportScope.PROVINCE: _("Regency/city"),
    ReportScope.REGENCY: _("Library"),
}


def bucket(value: float | None) -> str:
    """A heat-map class for a completeness percentage."""
    if value is None:
        return "na"
    for limit, name in ((90, "4"), (75, "3"), (50, "2"), (25, "1")):
        if value >= limit:
            return name
    return "0"


def num(value) -> str:
    return number_format(value, force_grouping=True)


def with_query(url: str, query: dict) -> str:
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


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


class DashboardPage:
    def __init__(self, place: Place, user=None, dashboard: Dashboard | None = None, page=None, filters=None):
        self.d = dashboard
        self.place = place
        self.filters = dashboard.filters if dashboard else filters
        self.user = user
        self.page_number = page

    # ---------------------------------------------------------------------------------------------- URLs
    @property
    def heading(self):
        return SCOPE_HEADINGS[self.place.scope]

    def url(self, name: str = "dashboard_detail", place: tuple[str, str] | None = None, **query) -> str:
        scope, code = place or (self.place.scope, self.place.code)
        base = self.filters.query() if self.filters else {}
        return with_query(cached_reverse(f"reports:{name}", args=[scope, code]), {**base, **query})

    @property
    def export_url(self) -> str:
        return self.url("dashboard_export")

    @property
    def map_url(self) -> str:
        return self.url("dashboard_map")

    def records_url(self, month: dt.date, state: str, place: tuple[str, str] | None = None) -> str:
        scope, code = place or (self.place.scope, self.place.code)
        return with_query(
            cached_reverse("reports:dashboard_libraries", args=[scope, code]),
            {"month": f"{month:%Y-%m}", "state": state, **self.filters.library_query()},
        )

    def libraries_url(self) -> str | None:
        if self.place.scope == ReportScope.LIBRARY:
            return safe_reverse("libraries:library_detail", args=[self.place.library_id])
        return safe_reverse(
            "libraries:library_list", {**self.place.area_query(), **self.filters.library_query(), "is_active": "true"}
        )

    def activities_url(self, month: dt.date | None = None, strategy: str | None = None) -> str | None:
        query = {**self.place.area_query(), **self.filters.library_query()}
        if month:
            query["period"] = f"{month:%Y-%m}"
        else:
            query["date_from"] = f"{self.filters.start:%Y-%m-%d}"
            query["date_to"] = f"{month_end(self.filters.end):%Y-%m-%d}"
        query["strategy"] = strategy or self.filters.strategy
        return safe_reverse("activities:activity_list", query)

    def monthly_reports_url(self, month: dt.date | None = None) -> str | None:
        query = {**self.place.area_query(), **self.filters.library_query()}
        if month:
            query["period"] = f"{month:%Y-%m}"
        return safe_reverse("reports:monthlyreport_list", query)

    def commitments_url(self, status: str | None = None, overdue: bool = False) -> str | None:
        query = {k: v for k, v in self.place.area_query().items() if k != "library"}
        if status:
            query["status"] = status
        if overdue:
            query["overdue"] = "true"
        return safe_reverse("libraries:commitment_list", query)

    def stories_url(self) -> str | None:
        return safe_reverse("activities:successstory_list", {**self.place.area_query(), "consent_to_publish": "true"})

    def story_url(self, pk: int) -> str | None:
        return safe_reverse("activities:successstory_detail", args=[pk])

    def child_place(self, child: ChildRow) -> tuple[str, str] | None:
        if not child.code or self.place.child_scope is None:
            return None
        return (self.place.child_scope, child.code)

    def child_url(self, child: ChildRow) -> str | None:
        place = self.child_place(child)
        return self.url(place=place) if place else None

    # ------------------------------------------------------------------------------------------ headline
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
                note=_("%(male)s men, %(female)s women")
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
                    text = {"on_time": "✓", "late": "!", "missing": "✗", "not_due": "…"}.get(state, "")
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
            result.append({"child": child, "url": self.child_url(child), "cells": cells})
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

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        from foundation.scope import Place, scope_for

        area = scope_for(self.user).area() if self.user else None
        p = self.place
        crumbs = []

        def add(scope, code, name, allowed):
            here = (scope, code) == (p.scope, p.code)
            crumbs.append((name, None if here or not allowed else self.url(place=(scope, code))))

        add(ReportScope.NATIONAL, NATIONAL_CODE, _("National"), area is not None and area.national)
        if p.province_id:
            add(
                ReportScope.PROVINCE,
                p.province_id,
                p.province_name,
                area and area.covers(Place.of_region(p.province_id)),
            )
        if p.regency_id:
            add(
                ReportScope.REGENCY,
                p.regency_id,
                p.regency_name,
                area and area.covers(Place.of_region(regency=p.regency_id)),
            )
        if p.scope == ReportScope.LIBRARY:
            add(p.scope, p.code, p.name, True)
        return crumbs
