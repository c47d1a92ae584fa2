"""A dashboard as an Excel workbook: every table of the page, all rows, in Indonesian, through the one writer.

Percentages are real percentages (0.226 shown as 22,6%), the heat map and the KPI coloured as on the page.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from foundation import formatting
from foundation.spreadsheets import Field, add_sheet, new_workbook, workbook_bytes
from reports.progress.exports import EXPORT_LANGUAGE, fraction, kpi_fill, percent_field

from .labels import STATE_LABELS
from .presenter import DashboardPage, bucket

#: The page's heat-map colours (static/css/dashboard.css), for completeness buckets and report states.
HEAT_FILLS = {
    "0": "B3261E",
    "1": "E8743B",
    "2": "F2C200",
    "3": "8CC265",
    "4": "1B7F3B",
    "on_time": "1B7F3B",
    "late": "F2C200",
    "missing": "B3261E",
    "not_due": "E3E7EB",
}


def month_field(header) -> Field:
    return Field(str(header), formatting.XLSX_MONTH)


def render_dashboard_xlsx(page: DashboardPage) -> bytes:
    d, f = page.d, page.filters
    with translation.override(EXPORT_LANGUAGE):
        workbook = new_workbook()
        period = f"{formatting.month(f.start)} \u2013 {formatting.month(f.end)}"
        chosen = [
            (_("Cohort year"), f.cohort),
            (_("Partner type"), f.partner_type_label),
            (_("Strategy"), f.strategy_label),
        ]
        filters = "; ".join(f"{label}: {value}" for label, value in chosen if value)
        caption = [f"{page.heading} · {page.place.name} · {period}", filters]

        def sheet(title, headers, rows, **kwargs):
            return add_sheet(workbook, title, headers, rows, caption=caption, **kwargs)

        def headline_value(h, value):
            return fraction(value) if h.unit == "%" else value

        sheet(
            _("Summary"),
            [_("Figure"), _("This period"), _("Previous period"), _("Difference")],
            [
                [str(h.label), headline_value(h, h.value), headline_value(h, h.previous), headline_value(h, h.change)]
                for h in page.headline
            ],
        )
        sheet(
            _("Completeness"),
            [
                month_field(_("Month")),
                _("Reports expected"),
                _("Reports submitted"),
                _("Submitted on time"),
                _("Submitted late"),
                _("Reports missing"),
                percent_field(_("Completeness")),
                percent_field(_("Timeliness")),
                _("Deadline passed"),
            ],
            [
                [
                    row["month"],
                    row["r"].expected,
                    row["r"].submitted,
                    row["r"].on_time,
                    row["r"].late,
                    row["r"].missing,
                    fraction(row["r"].completeness),
                    fraction(row["r"].timeliness),
                    row["due"],
                ]
                for row in page.reporting_rows
            ],
        )
        _heat_map(sheet, page)
        strategy_labels = [label for _key, label in page.strategies]
        sheet(
            _("Activities"),
            [
                month_field(_("Month")),
                *strategy_labels,
                _("Activities"),
                _("Participants"),
                _("Male participants"),
                _("Female participants"),
            ],
            [
                [
                    row["month"],
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
        keys = [r["key"] for r in page.kpi_rows]
        sheet(
            kpi_title,
            [_("KPI"), _("Partners")],
            [[str(r["label"]), r["value"]] for r in page.kpi_rows],
            fill=kpi_fill(lambda row, column, value: keys[row]),
        )
        if page.commitment_rows:
            sheet(
                _("Commitments"),
                [_("Status"), _("Commitments")],
                [[str(r["label"]), r["value"]] for r in page.commitment_rows],
            )
        if page.plan_sections:
            _plans_sheet(sheet, page)
        if page.visible_children and page.child_label:
            kpi_columns = {10: "green", 11: "yellow", 12: "red"}
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
                    percent_field(_("Completeness")),
                    percent_field(_("Timeliness")),
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
                        fraction(c.reporting.completeness),
                        fraction(c.reporting.timeliness),
                        c.kpi.get("green", 0),
                        c.kpi.get("yellow", 0),
                        c.kpi.get("red", 0),
                        c.kpi.get("not_scored", 0),
                    ]
                    for c in page.visible_children
                ],
                fill=kpi_fill(lambda row, column, value: kpi_columns.get(column) if value else None),
            )
        if d.stories:
            sheet(
                _("Success stories"),
                [_("Date"), _("Title"), _("Person"), _("Library"), _("What changed")],
                [[s["date"], s["title"], s["person"], s["library"], s["story"]] for s in d.stories],
            )
        return workbook_bytes(workbook)


def _heat_map(sheet, page: DashboardPage) -> None:
    """One row per area (or library) and one column per month, coloured as on the page."""
    months = [m.month for m in page.d.months]
    rows, colours = [], []
    for child in page.visible_children:
        if page.per_library:
            states = [child.states.get(m, "not_expected") for m in months]
            values = [str(STATE_LABELS[state]) for state in states]
        else:
            values = [fraction(child.cells[m].completeness) if m in child.cells else None for m in months]
            states = [bucket(child.cells[m].completeness) if m in child.cells else "na" for m in months]
        rows.append([child.name or _("Provincial level"), child.code, *values])
        colours.append(states)
    heading = _("Report state") if page.per_library else _("Completeness")
    value_field = (lambda m: Field(f"{m:%Y-%m}")) if page.per_library else (lambda m: percent_field(f"{m:%Y-%m}"))

    def fill(row, column, value):
        return HEAT_FILLS.get(colours[row][column - 2]) if column >= 2 else None

    title = _("Heat map")
    sheet(
        f"{title} ({heading})",
        [page.child_label or _("Library"), _("Code"), *[value_field(m) for m in months]],
        rows,
        fill=fill,
    )


def _plans_sheet(sheet, page: DashboardPage) -> None:
    """The area's work plans: per kind of plan, each indicator's targets against its actuals (as on the page)."""
    headers = [_("Plans"), _("Plans agreed"), _("Indicator"), _("Target"), _("Actual"), percent_field(_("Reached"))]
    rows = []
    for section in page.plan_sections:
        for line in section["lines"]:
            agreed = f"{section['agreed']} / {section['plans']}"
            label, target, actual = str(line["label"]), line["target"], line["actual"]
            rows.append([str(section["heading"]), agreed, label, target, actual, fraction(line["percent"])])
    sheet(f"{_('Work plans')} {page.plans.year}", headers, rows)
