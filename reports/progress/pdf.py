"""What a printed report adds to the page: the province's letterhead, charts drawn as SVG, a tagged PDF.

Progress reports (``exports.render_pdf``) and PLM briefing packs (``reports.plm.views``) are written
through ``render_pdf_html``: WeasyPrint makes a PDF/UA document (tagged, with its language and title)
that screen readers can follow.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import formats
from django.utils.translation import gettext as _

from activities.choices import Strategy
from foundation.months import add_months
from reports.models import Letterhead, ProgressReport
from reports.models.kpi import KpiColour

from .charts import KPI_COLOURS, STRATEGY_COLOURS, Bar, bar_chart, trend_chart

TREND_MONTHS = 6
PDF_VARIANT = "pdf/ua-1"


def render_pdf_html(html: str) -> bytes:
    from weasyprint import CSS, HTML

    stylesheet = finders.find("css/report_pdf.css")
    document = HTML(string=html, base_url=str(Path(settings.BASE_DIR)))
    return document.write_pdf(stylesheets=[CSS(filename=stylesheet)], pdf_variant=PDF_VARIANT)


def letterhead_for(province_id: str | None) -> dict:
    """The heading's logo (a file URI for WeasyPrint) and lines: the province's, else the Perpusnas one."""
    found = Letterhead.objects.filter(province_id=province_id).first() if province_id else None
    if found is not None:
        logo = Path(found.logo.path).as_uri() if found.logo else None
        return {"logo": logo, "lines": found.text_lines, "custom": True}
    return {
        "logo": Path(finders.find("img/favicon.svg")).as_uri(),
        "lines": [
            "Perpustakaan Nasional Republik Indonesia",
            _("Library Transformation Based on Social Inclusion (TPBIS)"),
            "Jl. Medan Merdeka Selatan No. 11, Jakarta 10110",
        ],
        "custom": False,
    }


def completeness_trend(report: ProgressReport, months: int = TREND_MONTHS) -> list[tuple[str, float | None]]:
    """The report's completeness in its last ``months`` months, from the compiled reports of its scope (one query)."""
    first = add_months(report.period, 1 - months)
    rows = {
        row["period"]: row
        for row in ProgressReport.objects.filter(
            scope=report.scope, code=report.code, period__gte=first, period__lte=report.period
        ).values("period", "figures__reports_submitted", "figures__reports_expected")
    }
    points = []
    for offset in range(months):
        month = add_months(first, offset)
        row = rows.get(month)
        expected = (row or {}).get("figures__reports_expected") or 0
        submitted = (row or {}).get("figures__reports_submitted") or 0
        value = round(100 * submitted / expected, 1) if expected else None
        points.append((formats.date_format(month, "M Y"), value))
    return points


def report_charts(report: ProgressReport) -> dict:
    """The three charts of a printed report: activities by strategy, KPI colours, completeness by month."""
    figures = report.figures or {}
    by_strategy = figures.get("activities_by_strategy", {})
    strategies = [Bar(str(s.label), by_strategy.get(s.value, 0), STRATEGY_COLOURS[s.value]) for s in Strategy]
    distribution = figures.get("kpi", {})
    kpi = [Bar(str(c.label), distribution.get(c.value, 0), KPI_COLOURS[c.value]) for c in KpiColour]
    return {
        "strategies": bar_chart(_("Activities by strategy"), strategies, "strategies"),
        "kpi": bar_chart(_("Libraries by KPI colour"), kpi, "kpi", width=330),
        "trend": trend_chart(_("Completeness of monthly reports"), completeness_trend(report), "trend", width=330),
    }
