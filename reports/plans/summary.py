"""The work plans of an area against their actuals up to a month: what progress reports and PLM briefings show.

The area's library plans for the month's year, each indicator's targets added up and the actuals of the libraries
that set that target, from January to the month (everything entered, as the plan page counts), and how many plans
are agreed: one statement whatever the number of plans (``reports.plans.totals``).
"""

from __future__ import annotations

import datetime as dt

from foundation.scope import Place, PlaceKind

from .totals import area_totals


def area_plans(place: Place, month: dt.date) -> dict | None:
    """The area's library plans of ``month``'s year against their actuals from January to ``month``; None
    without any plan."""
    totals = area_totals(place, month).library
    if not totals.plans:
        return None
    return {
        "plans": totals.plans,
        "agreed": totals.agreed,
        "year": month.year,
        "month": month,
        "lines": totals.lines(),
    }


def report_place(report) -> Place:
    """The place a progress report covers, without a query."""
    if report.scope == PlaceKind.LIBRARY:
        return Place.of_library(report.library)
    if report.scope == PlaceKind.REGENCY:
        return Place.of_region(regency=report.code)
    if report.scope == PlaceKind.PROVINCE:
        return Place.of_region(province=report.code)
    return Place(PlaceKind.NATIONAL, report.code)
