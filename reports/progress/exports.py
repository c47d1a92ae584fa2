"""PDF (WeasyPrint) and Excel (openpyxl) renderings of a progress report, cached in the database.

Exports are written in Indonesian, the portal's first language, with Indonesian number
and date formats. They are stored with the snapshot (``ProgressReportExport``) under
the snapshot's revision: the compile job renders the report it was started for, any
other report is rendered on its first download, and a recompile makes old renderings
stale.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reports.models import ProgressReport, ProgressReportExport
from reports.models.progress import ExportFormat, JobStep

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


def render_pdf_html(html: str) -> bytes:
    from weasyprint import CSS, HTML

    stylesheet = finders.find("css/report_pdf.css")
    return HTML(string=html, base_url=str(Path(settings.BASE_DIR))).write_pdf(stylesheets=[CSS(filename=stylesheet)])


def render_pdf(report: ProgressReport, children=None) -> bytes:
    with translation.override(EXPORT_LANGUAGE):
        presenter = ReportPresenter(report, children if children is not None else children_of(report))
        html = render_to_string("reports/progress/pdf.html", {"p": presenter, "report": report, "now": timezone.now()})
        return render_pdf_html(html)


def sheet_title(text) -> str:
    title = str(text)
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def render_xlsx(report: ProgressReport, children=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    number = "#,##0"
    with translation.override(EXPORT_LANGUAGE):
        p = ReportPresenter(report, children if children is not None else children_of(report))
        workbook = Workbook()
        period = date_format(report.period, "F Y")

        def sheet(title, header, rows, first=False):
            ws = workbook.active if first else workbook.create_sheet()
            ws.title = sheet_title(title)
            ws.append([f"{report.name} · {period}"])
            ws["A1"].font = bold
            ws.append([str(h) for h in header])
            for cell in ws[2]:
                cell.font = bold
            for row in rows:
                ws.append(row)
            for row in ws.iter_rows(min_row=3):
                for cell in row:
                    if isinstance(cell.value, int | float):
                        cell.number_format = number if isinstance(cell.value, int) else "0.0"
            ws.column_dimensions["A"].width = 42
            return ws

        header = [_("Figure"), _("This month"), _("Previous month"), _("Difference")]

        def figure_rows(rows):
            return [[str(r.label), r.value, r.previous, r.change] for r in rows]

        sheet(_("Summary"), header, figure_rows(p.summary_rows + p.service_rows), first=True)
        sheet(_("Activities by strategy"), header, figure_rows(p.strategy_rows))
        reporting = figure_rows(p.reporting_rows)
        reporting.append([_("Completeness (%)"), p.completeness, None, None])
        reporting.append([_("Timeliness (%)"), p.timeliness, None, None])
        sheet(_("Monthly reports"), header, reporting)
        records = figure_rows(p.verification_rows)
        records.append([_("Verified share (%)"), p.verified_share, None, None])
        for breakdown in p.breakdowns:
            records.append([])
            records.append([str(breakdown["heading"])])
            records += figure_rows(breakdown["rows"])
        records.append([])
        records += figure_rows(p.advocacy_amount_rows + p.replication_rows)
        sheet(_("The program's records"), header, records)
        kpi_rows = [[str(r.label), r.value] for r in p.kpi_rows]
        ws = sheet(_("KPI"), [_("KPI"), _("Partners")], kpi_rows)
        ws.append([])
        ws.append([_("Indicator"), _("Counts"), _("Target per month"), _("Points")])
        for row in p.formula:
            ws.append([str(row["label"]), str(row["counts"]), float(row["target"]), row["weight"]])
        if p.library_kpi:
            ws.append([])
            ws.append([_("Indicator"), _("This month"), _("Points earned")])
            for row in p.library_kpi["rows"]:
                ws.append(
                    [str(row["label"]), row["input"], float(row["points"]) if row["points"] is not None else None]
                )
            score = p.library_kpi["score"]
            ws.append([_("Score"), str(p.library_kpi["colour_label"]), float(score) if score is not None else None])
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
                rows.append(
                    [
                        child.name,
                        child.code,
                        f.get("libraries", 0),
                        f.get("activities", 0),
                        f.get("participants", 0),
                        f.get("visitors", 0),
                        f.get("reports_expected", 0),
                        f.get("reports_submitted", 0),
                        f.get("reports_on_time", 0),
                        f.get("reports_missing", 0),
                        k.get("green", 0),
                        k.get("yellow", 0),
                        k.get("red", 0),
                        k.get("not_scored", 0),
                        f.get("records_verified", 0),
                        f.get("records_unverified", 0),
                    ]
                )
            sheet(p.child_label, child_header, rows)
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
                [[h.get("title"), h.get("library"), h.get("date"), h.get("text")] for h in p.highlights],
            )
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


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
