"""One date and number style, from foundation.formatting and foundation/formats, everywhere."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from foundation import formatting

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["21 Sep 2021", "1.234", "22,6%", "Rp 1.500.000", "1.234,5", "21 Agu 2021 14:30"]),
        ("en", ["21 Sep 2021", "1,234", "22.6%", "Rp 1,500,000", "1,234.5", "21 Aug 2021 14:30"]),
    ],
)
def test_one_style_per_language(language, expected):
    moment = timezone.make_aware(dt.datetime(2021, 8, 21, 14, 30))
    with translation.override(language):
        written = [
            formatting.day(dt.date(2021, 9, 21)),
            formatting.thousands(1234),
            formatting.percent(22.6),
            formatting.rupiah(Decimal("1500000")),
            formatting.number(1234.5, 1),
            formatting.moment(moment),
        ]
    assert written == expected


def test_blanks_stay_blank():
    assert [formatting.percent(None), formatting.rupiah(""), formatting.day(None), formatting.thousands(None)] == [
        ""
    ] * 4


def test_templates_write_dates_through_the_format_modules():
    with translation.override("id"):
        html = Template('{{ d|date }} · {{ t|date:"DATETIME_FORMAT" }} · {{ d|date:"YEAR_MONTH_FORMAT" }}').render(
            Context({"d": dt.date(2021, 9, 21), "t": dt.datetime(2021, 9, 21, 8, 5)})
        )
    assert html == "21 Sep 2021 · 21 Sep 2021 08:05 · September 2021"


def test_no_template_spells_out_its_own_day_format():
    """Days and moments come from DATE_FORMAT/DATETIME_FORMAT; only month labels, URL values and
    machine-readable times (``c``, for ``<time datetime>``) are spelt out."""
    allowed = {"c", "Y-m", "M Y", "M", "y", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT"}
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text()):
            if fmt not in allowed:
                found.add((path.name, fmt))
    assert not found
