"""django-tables2 defaults: the table style, columns a phone leaves out, amounts in rupiah."""

import django_tables2 as tables

from .formatting import rupiah

ATTRS = {"class": "table table-sm table-hover align-middle"}
#: Columns a phone (under 768 px) leaves out; the detail page has everything.
WIDE = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
WIDE_NUMBER = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell text-end"}}
NOWRAP = {"td": {"class": "text-nowrap"}}


class RupiahColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return rupiah(value)
