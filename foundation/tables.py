"""django-tables2 defaults: the table style, columns a phone leaves out, amounts in rupiah, months; exports.

A list's export is its table: the same columns with the same translated headings, and in each cell
the value behind what the page shows (a date as a date, an amount as a number, a choice by its
label, never its stored key).
"""

import datetime as dt
import html
from decimal import Decimal

import django_tables2 as tables
from django.db.models import Manager, Model
from django.utils import formats
from django.utils.html import strip_tags

from . import formatting
from .spreadsheets import Field

ATTRS = {"class": "table table-sm table-hover align-middle"}
#: Columns a phone (under 768 px) leaves out; the detail page has everything.
WIDE = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
WIDE_NUMBER = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell text-end"}}
NOWRAP = {"td": {"class": "text-nowrap"}}
TYPED = (bool, int, float, Decimal, dt.date)


class RupiahColumn(tables.Column):
    export_format = formatting.XLSX_RUPIAH

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formatting.rupiah(value)


class MonthColumn(tables.Column):
    """A reporting month (stored as its first day): ``Sep 2021``."""

    export_format = formatting.XLSX_MONTH

    def render(self, value):
        return formats.date_format(value, "M Y")


def _raw(bound_row, bound_column):
    """The value behind a cell: a choice's label, else what the column's accessor finds."""
    return bound_row._get_and_render_with(bound_column, render_func=lambda _column, value=None: value, default=None)


def _export_value(table, bound_row, bound_column):
    name = bound_column.name
    if hasattr(table, f"value_{name}") or hasattr(table, f"render_{name}"):
        value = bound_row.get_cell_value(name)
        # A rendered cell is HTML: its text, with what escaping made of quotes and ampersands given back.
        if isinstance(value, str):
            return html.unescape(strip_tags(value)).strip()
        return str(value) if isinstance(value, Model) else value
    value = _raw(bound_row, bound_column)
    if value is None or isinstance(value, TYPED):
        return value
    if isinstance(value, Manager):
        return ", ".join(str(item) for item in value.all())
    if isinstance(value, Model):
        return str(value)
    return strip_tags(str(value)).strip()


def export_columns(table) -> list:
    return [c for c in table.columns if not c.column.exclude_from_export and c.visible]


def table_export(table) -> tuple[list[Field], object]:
    """The table's headings and, lazily, its rows of typed values (every row: the table is not paginated)."""
    columns = export_columns(table)
    fields = [Field(str(c.header), getattr(c.column, "export_format", None)) for c in columns]
    rows = ([_export_value(table, row, c) for c in columns] for row in table.rows)
    return fields, rows
