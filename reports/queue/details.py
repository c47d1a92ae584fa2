"""Everything a record holds, as label and text, for the verifier's page of any kind of record.

The fields shown on the page's heading (title, date, library, verification) and the bookkeeping ones are left
out, and so are the fields a record does not use (an engagement event has no advocacy result).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from activities.choices import AdvocacyTarget
from foundation.formatting import rupiah, thousands

SHOWN_ELSEWHERE = {
    "id",
    "library",
    "province",
    "regency",
    "title",
    "date",
    "period",
    "year",
    "strategy",
    "status",
    "verification",
    "verified_by",
    "verified_at",
    "return_comment",
    "entered_on",
    "submitted_at",
    "source",
    "sim_key",
    "client_token",
    "created_at",
    "updated_at",
    "created_by",
    "document",
}
RUPIAH_FIELDS = {"amount", "funds"}


class Detail(NamedTuple):
    label: str
    text: str
    link: bool = False


def _text(record, field: models.Field, value) -> str:
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    if field.name == "targets":
        labels = dict(AdvocacyTarget.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if field.name in RUPIAH_FIELDS:
        return rupiah(value)
    if isinstance(value, bool):
        return capfirst(gettext("yes") if value else gettext("no"))
    if isinstance(value, int):
        return thousands(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.datetime):
        return date_format(value, "j M Y H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j M Y")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def details(record) -> list[Detail]:
    found = []
    for field in record._meta.concrete_fields:
        if field.name in SHOWN_ELSEWHERE or field.is_relation:
            continue
        value = getattr(record, field.attname)
        if value is None or value == "" or value == []:
            continue
        link = isinstance(field, models.URLField)
        found.append(Detail(str(capfirst(field.verbose_name)), _text(record, field, value), link))
    return found
