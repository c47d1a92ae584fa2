"""Spreadsheets in and out: CSV and XLSX, with the row numbers users see in their spreadsheet program.

Imports read every row into plain dicts keyed by a column key (headers are matched loosely:
case, spaces, ``*`` markers, known aliases and the column's label in either language do not matter).

Every workbook the portal writes (list exports, import templates, progress reports, dashboards) comes
from the one writer below: a bold header row that stays in view, filters on it, columns as wide as
their contents, numbers, percentages and dates as real numbers and dates in the portal's formats
(``foundation.formatting``), and text kept as text (``foundation.formulas``).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import formatting
from .formulas import csv_cell, keep_text

MAX_ROWS = 50_000
#: The longest text a cell may hold (the csv module's own limit, 128 KiB); no column of an import needs it.
MAX_CELL = csv.field_size_limit()
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, too many rows)."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()
    #: For a coded column: ``(value, label)`` pairs, offered as a dropdown in the import template.
    choices: tuple = ()


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        return gettext("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


def normalise_header(text) -> str:
    text = re.sub(r"\(.*?\)|\*", "", str(text or "")).strip().lower()
    return re.sub(r"[\s\-/.]+", "_", text).strip("_")


def read_table(file, columns: Sequence[Column]) -> list[tuple[int, dict]]:
    """Rows of ``file`` (an uploaded file or a path) as ``(row number, {column key: value})``.

    Row numbers are those of the spreadsheet: the header is row 1. Blank rows are skipped.
    """
    name = str(getattr(file, "name", file)).lower()
    if name.endswith(".xlsx"):
        raw_rows = _xlsx_rows(file)
    elif name.endswith(".csv"):
        raw_rows = _csv_rows(file)
    else:
        raise FileError(_("Upload an XLSX or CSV file."))
    header = next(raw_rows, None)
    if not header or not any(header):
        raise FileError(_("The file is empty: the first row must hold the column names."))
    lookup = {}
    for column in columns:
        for language in ("en", "id"):
            with translation.override(language):
                lookup[normalise_header(str(column.label))] = column.key
    for column in columns:
        for alias in (column.key, *column.aliases):
            lookup[normalise_header(alias)] = column.key
    keys = [lookup.get(normalise_header(h)) for h in header]
    missing = [c.key for c in columns if c.required and c.key not in keys]
    if missing:
        raise FileError(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    rows = []
    for number, values in enumerate(raw_rows, start=2):
        if not any(_filled(v) for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileError(_("The file has more than %(max)s rows: split it.") % {"max": f"{MAX_ROWS:,}"})
        rows.append((number, {key: _clean(v) for key, v in zip(keys, values, strict=False) if key}))
    if not rows:
        raise FileError(_("The file has column names but no rows."))
    return rows


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _open_binary(file):
    if isinstance(file, str):
        return open(file, "rb")
    file.seek(0)
    return file


def _xlsx_rows(file):
    handle = _open_binary(file)
    workbook = None
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        # A read-only workbook reads its sheet as it goes: a damaged or truncated file may fail at any row.
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if any(isinstance(value, str) and len(value) > MAX_CELL for value in row):
                message = _("A cell holds more than %(max)s characters: this is not a list to import.")
                raise FileError(message % {"max": f"{MAX_CELL:,}"})
            yield row
    except FileError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a damaged file
        raise FileError(_("The file is not a readable XLSX workbook.")) from exc
    finally:
        if workbook is not None:
            workbook.close()
        if isinstance(file, str):
            handle.close()


def _csv_rows(file):
    handle = _open_binary(file)
    try:
        data = handle.read()
    finally:
        if isinstance(file, str):
            handle.close()
    text = data if isinstance(data, str) else _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:  # a cell over the csv module's limit, or a NUL byte
        raise FileError(
            _("Row %(row)s cannot be read as CSV (a cell over %(max)s characters, or a stray character).")
            % {"row": reader.line_num + 1, "max": f"{MAX_CELL:,}"}
        ) from exc
    yield from rows


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it; anything else is refused."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The CSV file is in an unknown character set: save it as “CSV UTF-8” and upload it again."))


# -- writing ------------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Field:
    """A column of a written sheet: its heading and, where the values alone do not tell, its number format."""

    header: str
    number_format: str | None = None


class Percent(float):
    """A fraction written as a percentage cell: 0.226 is shown as 22,6%."""


def percent_cell(value) -> Percent | None:
    """A percentage as the portal computes it (22.6) as a percentage cell; None stays empty."""
    return None if value is None else Percent(round(value / 100, 6))


def as_fields(headers) -> list[Field]:
    return [h if isinstance(h, Field) else Field(str(h)) for h in headers]


def cell(value):
    """A value as written to a spreadsheet cell: text, a number, a date, or empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, Promise):
        return str(value)
    return value


def _number_format(value, field: Field) -> str | None:
    if isinstance(value, datetime):
        return formatting.XLSX_DATETIME
    if isinstance(value, date):
        return field.number_format or formatting.XLSX_DATE
    if isinstance(value, Percent):
        return formatting.XLSX_PERCENT
    if isinstance(value, int | float | Decimal):
        if field.number_format:
            return field.number_format
        return formatting.XLSX_INTEGER if isinstance(value, int) else formatting.XLSX_DECIMAL
    return None


def _width(value, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 17
    if isinstance(value, date):
        return 12
    if isinstance(value, int | float | Decimal):
        return len(f"{value:,.1f}") + (4 if number_format == formatting.XLSX_RUPIAH else 1)
    return max((len(line) for line in str(value).splitlines()), default=0)


def add_sheet(workbook, title, headers, rows: Iterable[Sequence], *, caption=(), fill=None):
    """A sheet of ``rows`` under ``headers`` (strings or ``Field``), after optional ``caption`` lines.

    ``fill(row_index, column_index, value)`` may return a colour (``"RRGGBB"``) for a data cell.
    """
    fields = as_fields(headers)
    sheet = workbook.create_sheet(sheet_title(title))
    for index, line in enumerate(caption, start=1):
        keep_text(sheet.cell(row=index, column=1, value=cell(line)))
        sheet.cell(row=index, column=1).font = HEADER_FONT if index == 1 else Font(italic=True)
    header_row = len(caption) + 1
    widths = [max((len(word) for word in f.header.split()), default=0) + 2 for f in fields]
    for column, field in enumerate(fields, start=1):
        target = sheet.cell(row=header_row, column=column, value=field.header)
        keep_text(target)
        target.font, target.fill, target.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    fills: dict[str, PatternFill] = {}
    last_row = header_row
    for row_index, values in enumerate(rows):
        last_row += 1
        for column, (field, raw) in enumerate(zip(fields, values, strict=False), start=1):
            value = cell(raw)
            target = sheet.cell(row=last_row, column=column, value=value)
            keep_text(target)
            number_format = _number_format(value, field)
            if number_format:
                target.number_format = number_format
            widths[column - 1] = max(widths[column - 1], _width(value, number_format) + 2)
            colour = fill(row_index, column - 1, raw) if fill else None
            if colour:
                target.fill = fills.setdefault(colour, PatternFill("solid", fgColor=colour))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if fields:
        last_column = get_column_letter(len(fields))
        sheet.auto_filter.ref = f"A{header_row}:{last_column}{max(last_row, header_row + 1)}"
    return sheet


def add_dropdown(sheet, column: int, source: str, first_row: int = 2, last_row: int = 1000) -> None:
    """Cells of ``column`` (1-based) may hold only the values listed at ``source`` (e.g. ``Lists!$A$2:$A$9``)."""
    validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showErrorMessage=True)
    validation.error = gettext("Choose a value from the list.")
    letter = get_column_letter(column)
    validation.add(f"{letter}{first_row}:{letter}{last_row}")
    sheet.add_data_validation(validation)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(text) -> str:
    title = str(text)
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def csv_response(filename: str, headers, rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type=CSV_TYPE)
    response.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(response)
    writer.writerow([csv_cell(f.header) for f in as_fields(headers)])
    for row in rows:
        writer.writerow([csv_cell(_csv_value(v)) for v in row])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_value(value):
    value = cell(value)
    if isinstance(value, date):
        return value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else value.isoformat()
    return "" if value is None else value


def table_response(filename: str, fmt: str, headers, rows: Iterable[Sequence], title=None) -> HttpResponse:
    """A list as a CSV or XLSX download."""
    if fmt == "csv":
        return csv_response(filename, headers, rows)
    workbook = new_workbook()
    add_sheet(workbook, title or gettext("Data"), headers, rows)
    return xlsx_response(filename, workbook_bytes(workbook))
