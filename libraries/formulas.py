"""Text written to a spreadsheet stays text: what a user typed never becomes a live formula in an export.

A success story typed as ``=HYPERLINK("http://…"&A1,"klik")`` must reach the staff who open the
national workbook as those characters, not as a link that runs. Every CSV and XLSX the portal writes
passes its cells through here (``libraries.tabular``, ``reports.exports``, ``reports.dashboard_export``).
"""

from openpyxl.cell import Cell

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
