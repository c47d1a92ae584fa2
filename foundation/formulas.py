"""Text written to a spreadsheet stays text: what a user typed never becomes a live formula in an export.

A story typed as ``=HYPERLINK("http://…"&A1,"klik")`` must reach the staff who open the workbook
as those characters, not as a link that runs. Every CSV and XLSX the portal writes passes its
cells through here (``foundation.spreadsheets``).
"""

#: What spreadsheet programs read as the start of a formula (or of a DDE call) in a cell typed as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell: text that would start a formula gets a leading apostrophe, which keeps it text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def keep_text(cell) -> None:
    """An XLSX cell holding text stays a text cell (openpyxl makes ``=…`` a formula).

    A cell typed as text is shown as it is, whatever it starts with, so only what openpyxl
    stored as a formula needs its type set back; numbers and dates stay numbers and dates.
    """
    if cell.data_type == "f":
        cell.data_type = "s"
