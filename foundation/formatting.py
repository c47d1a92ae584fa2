"""Dates and numbers as the portal writes them, in one place: pages, tables, exports and PDFs use these.

In Indonesian: ``21 Sep 2021``, ``1.234``, ``22,6%``, ``Rp 1.500.000``; in English the same with the
English separators (``1,234``, ``22.6%``). Dates follow the format modules in ``foundation.formats``.
The ``XLSX_*`` number formats are the same styles for spreadsheet cells (the spreadsheet program shows
them with its own locale's separators).
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone

XLSX_INTEGER = "#,##0"
XLSX_DECIMAL = "#,##0.0"
XLSX_PERCENT = "0.0%"
XLSX_RUPIAH = '"Rp "#,##0'
XLSX_DATE = "d mmm yyyy"
XLSX_DATETIME = "d mmm yyyy hh:mm"
XLSX_MONTH = "mmm yyyy"


def _blank(value) -> bool:
    return value is None or value == ""


def number(value, decimals: int = 0) -> str:
    """``1.234`` or ``12,5`` (with ``decimals``) in the active language; an empty string for blanks."""
    if _blank(value):
        return ""
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def thousands(value) -> str:
    """``12.345``: a whole number with the language's thousands separator."""
    if _blank(value):
        return ""
    return number(int(value))


def percent(value, decimals: int = 1) -> str:
    """``22,6%`` for 22.6 (a value already in percent); an empty string for blanks."""
    if _blank(value):
        return ""
    return f"{number(value, decimals)}%"


def rupiah(value) -> str:
    """``Rp 1.500.000`` for any number; an empty string for blanks."""
    if _blank(value):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal(1))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {number(abs(amount))}"


def day(value) -> str:
    """``21 Sep 2021``."""
    if _blank(value):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "DATE_FORMAT")


def moment(value) -> str:
    """``21 Sep 2021 14:30`` in the portal's time zone."""
    if _blank(value):
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


def month(value) -> str:
    """``September 2021``."""
    if _blank(value):
        return ""
    return formats.date_format(value, "YEAR_MONTH_FORMAT")
