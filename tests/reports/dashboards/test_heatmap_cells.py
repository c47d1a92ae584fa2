"""The heat map's cells written in Python are the HTML the template wrote (values escaped, "·" for a linked
cell without text)."""

import datetime as dt

from django.template import Context, Template

from reports.dashboards.heatmap import cells_html
from reports.dashboards.presenter import Cell

TEMPLATE = Template(
    '{% for cell in cells %}<td class="hm-cell {{ cell.css }}" title="{{ cell.title }}">{% if cell.url %}'
    '<a href="{{ cell.url }}">{{ cell.text|default:"·" }}</a>{% else %}{{ cell.text }}{% endif %}</td>'
    "{% endfor %}"
)


def test_the_cells_are_the_template_s_html():
    month = dt.date(2026, 1, 1)
    cells = [
        Cell(month, "hm-4", "95", "2026-01: 19 of 20 reports, 18 on time", "/dash/?period=2026-01&state=expected"),
        Cell(month, "hm-open", "", '2026-01: 0 of 3 <b>"reports"</b> & more', "/dash/?a=1&b='x'"),
        Cell(month, "hm-not_expected", "", "2026-01: Tidak wajib", None),
        Cell(month, "hm-late", "!", "2026-01: Terlambat", None),
    ]
    html = cells_html(cells)
    assert html == TEMPLATE.render(Context({"cells": cells}))
    assert "&lt;b&gt;" in html and "&amp;b=" in html and ">·</a>" in html
