"""A dashboard as an Excel workbook (openpyxl): every table of the page, all rows, in Indonesian."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from reports.progress.exports import EXPORT_LANGUAGE, sheet_title

from .labels import STATE_LABELS
from .presenter import DashboardPage


def render_dashboard_xlsx(page: DashboardPage) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    d, f = page.d, page.filters
    with translation.override(EXPORT_LANGUAGE):
        workbook = Workbook()
        period = f"{date_format(f.start, 'F Y')} \u2013 {date_format(f.end, 'F Y')}"
        chosen = [
            (_("Cohort year"), f.cohort),
            (_("Partner type"), f.partner_type_label),
            (_("Strategy"), f.strategy_label),
        ]
        filters = [f"{label}: {value}" for label, value in chosen if value]

        def sheet(title, header, rows, first=False):
            ws = workbook.active if first else workbook.create_sheet()
            ws.title = sheet_title(title)
            ws.append([f"{page.heading} · {page.place.name} · {period}"])
            ws["A1"].font = bold
            ws.append(["; ".join(str(x) for x in filters) if filters else ""])
            ws.append([str(h) for h in header])
            for cell in ws[3]:
                cell.font = bold
            for row in rows:
                ws.append([str(v) if isinstance(v, Promise) else v for v in row])
            for row in ws.iter_rows(min_row=4):
                for cell in row:
                    if isinstance(cell.value, int):
                        cell.number_format = "#,##0"
                    elif isinstance(cell.value, float):
                        cell.number_format = "0.0"
            ws.column_dimensions["A"].width = 36
            return ws

        sheet(
            _("Summary"),
            [_("Figure"), _("This period"), _("Previous period"), _("Difference")],
            [[str(h.label), h.value, h.previous, h.change] for h in page.headline],
            first=True,
        )
        sheet(
            _("Completeness"),
            [
                _("Month"),
                _("Reports expected"),
                _("Reports submitted"),
                _("Submitted on time"),
                _("Submitted late"),
                _("Reports missing"),
                _("Completeness (%)"),
                _("Timeliness (%)"),
                _("Deadline passed"),
            ],
            [
                [
                    f"{row['month']:%Y-%m}",
                    row["r"].expected,
                    row["r"].submitted,
                    row["r"].on_time,
                    row["r"].late,
                    row["r"].missing,
                    row["r"].completeness,
                    row["r"].timeliness,
                    _("yes") if row["due"] else _("no"),
                ]
                for row in page.reporting_rows
            ],
        )
        months = [m.month for m in d.months]
        heat = []
        for child in page.visible_children:
            if page.per_library:
                values = [str(STATE_LABELS[child.states.get(m, "not_expected")]) for m in months]
            else:
                values = [child.cells[m].completeness if m in child.cells else None for m in months]
            heat.append([child.name or _("Provincial level"), child.code, *values])
        heading = _("Report state") if page.per_library else _("Completeness (%)")
        heat_title = _("Heat map")
        sheet(f"{heat_title} ({heading})", [page.child_label or _("Library"), _("Code"), *map(str, months)], heat)
        strategy_labels = [label for _key, label in page.strategies]
        sheet(
            _("Activities"),
            [
                _("Month"),
                *strategy_labels,
                _("Activities"),
                _("Participants"),
                _("Male participants"),
                _("Female participants"),
            ],
            [
                [
                    f"{row['month']:%Y-%m}",
                    *[v["value"] for v in row["values"]],
                    row["total"],
                    row["participants"],
                    row["male"],
                    row["female"],
                ]
                for row in page.activity_rows
            ],
        )
        records = [[str(r["label"]), r["value"], r["verified"], r["share"]] for r in page.record_rows]
        records += [[]] + [[str(r["label"]), r["value"]] for r in page.advocacy_rows]
        sheet(_("The program's records"), [_("Record"), _("Entered"), _("Verified"), _("Verified share")], records)
        kpi_title = _("KPI") + (f" {d.kpi_month:%Y-%m}" if d.kpi_month else "")
        sheet(kpi_title, [_("KPI"), _("Partners")], [[str(r["label"]), r["value"]] for r in page.kpi_rows])
        if page.commitment_rows:
            sheet(
                _("Commitments"),
                [_("Status"), _("Commitments")],
                [[str(r["label"]), r["value"]] for r in page.commitment_rows],
            )
        if page.visible_children and page.child_label:
            sheet(
                str(page.child_label),
                [
                    _("Name"),
                    _("Code"),
                    _("Active libraries"),
                    _("Activities"),
                    _("Participants"),
                    _("Reports expected"),
                    _("Reports submitted"),
                    _("Submitted on time"),
                    _("Completeness (%)"),
                    _("Timeliness (%)"),
                    _("KPI green"),
                    _("KPI yellow"),
                    _("KPI red"),
                    _("Not yet scored"),
                ],
                [
                    [
                        c.name or _("Provincial level"),
                        c.code,
                        c.libraries,
                        c.activities,
                        c.participants,
                        c.reporting.expected,
                        c.reporting.submitted,
                        c.reporting.on_time,
                        c.reporting.completeness,
                        c.reporting.timeliness,
                        c.kpi.get("green", 0),
                        c.kpi.get("yellow", 0),
                        c.kpi.get("red", 0),
                        c.kpi.get("not_scored", 0),
                    ]
                    for c in page.visible_children
                ],
            )
        if d.stories:
            sheet(
                _("Success stories"),
                [_("Date"), _("Title"), _("Person"), _("Library"), _("What changed")],
                [[s["date"], s["title"], s["person"], s["library"], s["story"]] for s in d.stories],
            )
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
