"""PDF (WeasyPrint) and Excel (openpyxl) renderings of a progress report, cached in the database.

Exports are written in Indonesian, the portal's first language, with Indonesian number
and date formats. They are stored with the snapshot (``ProgressReportExport``) under
the snapshot's revision: the compile job renders the report it was started for, any
other report is rendered on its first download, and a recompile makes old renderings
stale.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from foundation import formatting
from foundation.spreadsheets import Field, add_sheet, new_workbook, percent_cell, workbook_bytes
from reports.models import ProgressReport, ProgressReportExport
from reports.models.progress import ExportFormat, JobStep

from .pdf import letterhead_for, render_pdf_html, report_charts
from .presenters import ReportPresenter

EXPORT_LANGUAGE = "id"
CONTENT_TYPES = {
    ExportFormat.PDF: "application/pdf",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def children_of(report: ProgressReport):
    return list(ProgressReport.objects.children_of(report).order_by("name"))


def filename(report: ProgressReport, fmt: str) -> str:
    code = report.code.replace(".", "-")
    return f"laporan-perkembangan-{report.scope}-{code}-{report.period_key}.{fmt}"


def render_pdf(report: ProgressReport, children=None) -> bytes:
    with translation.override(EXPORT_LANGUAGE):
        presenter = ReportPresenter(report, children if children is not None else children_of(report))
        context = {
            "p": presenter,
            "report": report,
            "now": timezone.now(),
            "charts": report_charts(report),
            "letterhead": letterhead_for(report.province_id),
        }
        return render_pdf_html(render_to_string("reports/progress/pdf.html", context))


KPI_FILLS = {"green": "C8E6C9", "yellow": "FFF3B0", "red": "F8C4C0"}


def fraction(value):
    """A percentage (22.6) as a percentage cell (0.226, shown as 22,6%)."""
    return percent_cell(value)


def percent_field(header) -> Field:
    return Field(str(header), formatting.XLSX_PERCENT)


def kpi_fill(colour_of):
    """A cell fill for the KPI colours: ``colour_of(row, column, value)`` names the colour of a cell."""

    def fill(row, column, value):
        return KPI_FILLS.get(colour_of(row, column, value) or "")

    return fill


def render_xlsx(report: ProgressReport, children=None) -> bytes:
    with translation.override(EXPORT_LANGUAGE):
        p = ReportPresenter(report, children if children is not None else children_of(report))
        workbook = new_workbook()
        caption = [f"{report.name} · {formatting.month(report.period)}"]

        def sheet(title, headers, rows, **kwargs):
            return add_sheet(workbook, title, headers, rows, caption=caption, **kwargs)

        header = [_("Figure"), _("This month"), _("Previous month"), _("Difference")]

        def figure_rows(rows):
            return [[str(r.label), r.value, r.previous, r.change] for r in rows]

        sheet(_("Summary"), header, figure_rows(p.summary_rows + p.service_rows))
        sheet(_("Activities by strategy"), header, figure_rows(p.strategy_rows))
        reporting = figure_rows(p.reporting_rows)
        reporting.append([_("Completeness"), fraction(p.completeness), None, None])
        reporting.append([_("Timeliness"), fraction(p.timeliness), None, None])
        sheet(_("Monthly reports"), header, reporting)
        records = figure_rows(p.verification_rows)
        records.append([_("Verified share"), fraction(p.verified_share), None, None])
        for breakdown in p.breakdowns:
            records.append([])
            records.append([str(breakdown["heading"])])
            records += figure_rows(breakdown["rows"])
        records.append([])
        records += figure_rows(p.advocacy_amount_rows + p.replication_rows)
        sheet(_("The program's records"), header, records)
        colours = [r.key for r in p.kpi_rows]
        sheet(
            _("KPI"),
            [_("KPI"), _("Partners")],
            [[str(r.label), r.value] for r in p.kpi_rows],
            fill=kpi_fill(lambda row, column, value: colours[row]),
        )
        sheet(
            _("KPI formula"),
            [_("Indicator"), _("Counts"), Field(str(_("Target per month")), formatting.XLSX_DECIMAL), _("Points")],
            [[str(row["label"]), str(row["counts"]), float(row["target"]), row["weight"]] for row in p.formula],
        )
        if p.library_kpi:
            rows = [
                [str(row["label"]), row["input"], float(row["points"]) if row["points"] is not None else None]
                for row in p.library_kpi["rows"]
            ]
            score = p.library_kpi["score"]
            rows.append([_("Score"), str(p.library_kpi["colour_label"]), float(score) if score is not None else None])
            colour = p.library_kpi["colour"]
            sheet(
                _("KPI of the library"),
                [_("Indicator"), _("This month"), Field(str(_("Points earned")), formatting.XLSX_DECIMAL)],
                rows,
                fill=kpi_fill(lambda row, column, value: colour if row == len(rows) - 1 else None),
            )
        if p.children:
            child_header = [
                _("Name"),
                _("Code"),
                _("Libraries"),
                _("Activities"),
                _("Participants"),
                _("Visitors"),
                _("Reports expected"),
                _("Reports submitted"),
                _("Submitted on time"),
                _("Reports missing"),
                percent_field(_("Completeness")),
                _("KPI green"),
                _("KPI yellow"),
                _("KPI red"),
                _("Not yet scored"),
                _("Records verified"),
                _("Records not yet verified"),
            ]
            rows = []
            for child in p.children:
                f = child.figures
                k = f.get("kpi", {})
                expected = f.get("reports_expected", 0)
                rows.append(
                    [
                        child.name,
                        child.code,
                        f.get("libraries", 0),
                        f.get("activities", 0),
                        f.get("participants", 0),
                        f.get("visitors", 0),
                        expected,
                        f.get("reports_submitted", 0),
                        f.get("reports_on_time", 0),
                        f.get("reports_missing", 0),
                        percent_cell(100 * f.get("reports_submitted", 0) / expected) if expected else None,
                        k.get("green", 0),
                        k.get("yellow", 0),
                        k.get("red", 0),
                        k.get("not_scored", 0),
                        f.get("records_verified", 0),
                        f.get("records_unverified", 0),
                    ]
                )
            kpi_columns = {11: "green", 12: "yellow", 13: "red"}
            sheet(
                p.child_label,
                child_header,
                rows,
                fill=kpi_fill(lambda row, column, value: kpi_columns.get(column) if value else None),
            )
        if p.commitments is not None:
            c = p.commitments
            sheet(
                _("Commitments"),
                [_("Status"), _("Commitments")],
                [[_("Open"), c.get("open", 0)], [_("Done"), c.get("done", 0)], [_("Overdue"), c.get("overdue", 0)]],
            )
        if p.highlights:
            sheet(
                _("Highlights"),
                [_("Title"), _("Library"), _("Date"), _("What changed")],
                [[h.get("title"), h.get("library"), _date(h.get("date")), h.get("text")] for h in p.highlights],
            )
        return workbook_bytes(workbook)


def _target(value):
    return value if isinstance(value, int) else str(value)


def _date(value):
    """A date kept as ISO text in the snapshot, as a date again (anything else as it is)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


RENDERERS = {ExportFormat.PDF: render_pdf, ExportFormat.XLSX: render_xlsx}


def store(report: ProgressReport, fmt: str, content: bytes) -> None:
    """Keep a rendering under the report's revision (a concurrent rendering of the same revision wins equally)."""
    try:
        with transaction.atomic():
            ProgressReportExport.objects.update_or_create(
                report=report, format=fmt, defaults={"revision": report.revision, "content": content}
            )
    except IntegrityError:  # rendered by someone else at the same moment: theirs is as good
        pass


def export_for(report: ProgressReport, fmt: str) -> bytes:
    """The cached rendering of this revision, rendered now if missing or stale."""
    cached = (
        ProgressReportExport.objects.filter(report=report, format=fmt, revision=report.revision)
        .values_list("content", flat=True)
        .first()
    )
    if cached is not None:
        return bytes(cached)
    content = RENDERERS[fmt](report)
    store(report, fmt, content)
    return content


def render_exports(report: ProgressReport, progress=None) -> None:
    """Render and cache both files for a freshly compiled report (the compile job's last steps)."""
    children = children_of(report)
    if progress:
        progress(75, JobStep.PDF)
    store(report, ExportFormat.PDF, render_pdf(report, children))
    if progress:
        progress(90, JobStep.XLSX)
    store(report, ExportFormat.XLSX, render_xlsx(report, children))
