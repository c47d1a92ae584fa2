"""Spreadsheets in and out: CSV and XLSX, with the row numbers users see in their spreadsheet program.

Imports read every row into plain dicts keyed by a column key (headers are matched loosely:
case, spaces, ``*`` markers and known aliases do not matter); exports write the same keys, so an
exported list can be edited and imported again.

Text written to a spreadsheet stays text: what a user typed never becomes a live formula in an export.
A success story typed as ``=HYPERLINK("http://…"&A1,"klik")`` must reach the staff who open the
national workbook as those characters, not as a link that runs. Every CSV and XLSX the portal writes
passes its cells through ``csv_cell`` or ``append`` (the lists' exports here, the progress-report and
dashboard workbooks).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell

MAX_ROWS = 50_000
#: The longest text a cell may hold (the csv module's own limit, 128 KiB); no column of an import needs it.
MAX_CELL = csv.field_size_limit()
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: What spreadsheet programs read as the start of a formula (or of a DDE call) in a cell typed as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell: text that would start a formula gets a leading apostrophe, which keeps it text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_row(sheet, values) -> list:
    """A row for ``sheet.append``: text is a text cell, never a formula (openpyxl makes ``=…`` one).

    An XLSX cell typed as text is shown as it is, whatever it starts with, so only what openpyxl
    would store as a formula needs its type set; numbers and dates stay numbers and dates.
    """
    return [_text_cell(sheet, value) if isinstance(value, str) and value.startswith("=") else value for value in values]


def _text_cell(sheet, value: str) -> Cell:
    cell = Cell(sheet, row=1, column=1, value=value)  # append() gives it its place
    cell.data_type = "s"
    return cell


def append(sheet, values) -> None:
    """``sheet.append(values)`` with every text cell kept as text."""
    sheet.append(xlsx_row(sheet, values))


class FileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, too many rows)."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()


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


def cell(value):
    """A value as written to a spreadsheet cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def table_response(filename: str, fmt: str, keys: Sequence[str], rows: Iterable[Sequence], guide=None):
    """A CSV or XLSX download; ``guide`` (rows of text) becomes a second sheet in XLSX."""
    if fmt == "csv":
        response = HttpResponse(content_type=CSV_TYPE)
        response.write("\ufeff")  # so that Excel reads UTF-8
        writer = csv.writer(response)
        writer.writerow(keys)
        for row in rows:
            writer.writerow([csv_cell(_csv_cell(v)) for v in row])
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(gettext("Data"))
        sheet.append(list(keys))
        for row in rows:
            append(sheet, [cell(v) for v in row])
        if guide:
            help_sheet = workbook.create_sheet(gettext("Guide"))
            for line in guide:
                append(help_sheet, [str(v) for v in line])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _csv_cell(value):
    value = cell(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
