"""Months: the unit of the program's reporting. Arithmetic on first days of months, and their fields.

A month is the date of its first day (``2021-09-01``); it is written ``YYYY-MM`` in addresses,
forms and the API.
"""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERIOD_PATTERN = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"

#: The years the portal takes a month or a date in, wherever one comes in (filters, addresses, forms, the API,
#: imports): the program's records start later and end earlier, and the month arithmetic below then never meets
#: the ends of the calendar. Records themselves are held to narrower bounds (nothing dated in the future).
FIRST_YEAR = 2000
LAST_YEAR = 2100


class PeriodOutOfRange(ValueError):
    """A well-formed month outside the years the portal takes."""


def period_bounds() -> tuple[dt.date, dt.date]:
    """The first and the last month the portal takes."""
    return dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 1)


def period_out_of_range() -> ValidationError:
    first, last = period_bounds()
    return ValidationError(
        _("Enter a month from %(first)s to %(last)s."),
        code="out_of_range",
        params={"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"},
    )


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(period: dt.date) -> dt.date:
    return (period.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


def parse_period(value: str) -> dt.date:
    """``"2021-09"`` → 1 September 2021; raises ValueError for anything else (``PeriodOutOfRange`` for a month
    outside ``period_bounds()``)."""
    if not isinstance(value, str) or not value.isascii():
        raise ValueError(value)
    period = dt.datetime.strptime(value, "%Y-%m").date()
    first, last = period_bounds()
    if not first <= period <= last:
        raise PeriodOutOfRange(value)
    return period


class MonthInput(forms.TextInput):
    """The browser's month picker (``YYYY-MM``), with a pattern for browsers without one."""

    def __init__(self, attrs=None):
        super().__init__({"type": "month", "placeholder": "2021-09", "pattern": r"\d{4}-\d{2}", **(attrs or {})})

    def format_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, dt.date) else super().format_value(value)


class PeriodFormField(forms.CharField):
    """A month as exactly ``YYYY-MM`` (filters and the API's query strings), within ``period_bounds()``."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2021-09.")}

    def to_python(self, value):
        if isinstance(value, dt.date):  # a form's initial value
            return value.replace(day=1)
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not re.fullmatch(PERIOD_PATTERN, value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_period(value)
        except PeriodOutOfRange:
            raise period_out_of_range() from None
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MonthField(forms.CharField):
    """A month typed in a form (``YYYY-MM``, the browser's month picker), cleaned to its first day, within
    ``period_bounds()``."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2021-09.")}

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, dt.date) else value

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value.replace(day=1)
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_period(value)
        except PeriodOutOfRange:
            raise period_out_of_range() from None
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
