"""The library page's KPI panel: the library's score this year so far, and SIM TPBIS's score beside it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from foundation.months import month_start
from foundation.scope import Place
from libraries.panels import register

from . import formula
from .period import Period, PeriodScores


def kpi_panel(request, library) -> dict | None:
    """One statement: the library's inputs, points and score of this year so far, with its SIM score."""
    month = month_start(timezone.localdate())
    period = Period(month.replace(month=1), month)
    scores = PeriodScores(Place.of_library(library), period)
    rows = scores.rows()
    row = rows[0] if rows else None
    if row:
        row["cells"] = [
            (label, row["inputs"][name], row["points"][name]) for name, (label, _c) in formula.INDICATORS.items()
        ]
    url = reverse("reports:kpi_detail", args=["library", library.pk])
    return {
        "template": "reports/kpi/library_panel.html",
        "period": period,
        "row": row,
        "url": f"{url}?period_from={period.start:%Y-%m}&period_to={period.end:%Y-%m}",
        "regency_url": reverse("reports:kpi_detail", args=["regency", library.regency_id])
        if library.regency_id
        else None,
    }


def install() -> None:
    register(kpi_panel)
