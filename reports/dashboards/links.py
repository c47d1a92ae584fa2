"""The dashboard's links: to other areas, to the records behind each figure, to its exports."""

from __future__ import annotations

import calendar
import datetime as dt
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from foundation.scope import Place, scope_for
from reports.models.progress import NATIONAL_CODE, ReportScope
from reports.progress.presenters import cached_reverse, safe_reverse

from .dashboard import ChildRow, Dashboard


def with_query(url: str, query: dict) -> str:
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


class DashboardLinks:
    def __init__(self, place: Place, user=None, dashboard: Dashboard | None = None, page=None, filters=None):
        self.d = dashboard
        self.place = place
        self.filters = dashboard.filters if dashboard else filters
        self.user = user
        self.page_number = page

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

    def activities_url(self, month: dt.date | None = None, strategy: str | None = None, **extra) -> str | None:
        query = {**self.place.area_query(), **self.filters.library_query(), **extra}
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

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
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


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])
