"""The audit trail, readable: who changed what and when, with field labels and old → new values.

Detail pages pass the historical records that concern them (the object's own, and those of its
parts, e.g. a team's members and commitments, so that deletions stay visible). Values are shown
as users know them: choice labels, names of related records, dates, Rp amounts. A page costs one
query per kind of record plus one per kind of related record named in the changes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from os.path import basename

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .formatting import rupiah

MONEY_FIELDS = {"amount", "value", "funding_amount"}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
EMPTY = "—"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    user: str
    action: str
    model_label: str
    object_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]


@dataclass
class _Raw:
    record: object
    model: type[models.Model]
    changes: list[tuple[models.Field, object, object]]


def history_entries(*sources, limit: int = 100) -> list[HistoryEntry]:
    """Entries, newest first, from historical querysets such as ``obj.history.all()``."""
    raws: list[_Raw] = []
    for source in sources:
        raws.extend(_raw_entries(source, limit))
    raws.sort(key=lambda raw: (raw.record.history_date, raw.record.history_id), reverse=True)
    raws = raws[:limit]
    names = _related_names(raws)
    return [
        HistoryEntry(
            when=raw.record.history_date,
            user=_user_label(raw.record.history_user),
            action=raw.record.history_type,
            model_label=str(raw.model._meta.verbose_name),
            object_label=str(raw.record.instance),
            reason=raw.record.history_change_reason or "",
            changes=[
                FieldChange(
                    label=str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:],
                    old=_display(f, old, names),
                    new=_display(f, new, names),
                )
                for f, old, new in raw.changes
            ],
        )
        for raw in raws
    ]


def _raw_entries(source, limit: int) -> list[_Raw]:
    model = source.model.instance_type
    pk_name = model._meta.pk.attname
    records = list(source.select_related("history_user").order_by("-history_date", "-history_id")[: limit * 5])
    records.reverse()
    previous: dict = {}
    fields = {f.name: f for f in model._meta.concrete_fields if f.editable and not f.primary_key}
    raws = []
    for record in records:
        key = getattr(record, pk_name)
        before = previous.get(key)
        changes = []
        if record.history_type == "+":
            changes = [
                (f, None, getattr(record, f.attname)) for f in fields.values() if _filled(getattr(record, f.attname))
            ]
        elif record.history_type == "~" and before is not None:
            delta = record.diff_against(before, included_fields=list(fields))
            changes = [(fields[c.field], c.old, c.new) for c in delta.changes]
        previous[key] = record
        if record.history_type == "~" and before is not None and not changes:
            continue  # saved without a change worth showing
        raws.append(_Raw(record, model, changes))
    return raws


def _filled(value) -> bool:
    return value not in (None, "", False)


def _related_names(raws: list[_Raw]) -> dict:
    wanted: dict[type[models.Model], set] = {}
    for raw in raws:
        for f, old, new in raw.changes:
            if f.is_relation:
                wanted.setdefault(f.related_model, set()).update(v for v in (old, new) if v is not None)
    names = {}
    for model, pks in wanted.items():
        for pk, obj in model._base_manager.in_bulk(pks).items():
            names[(model, pk)] = str(obj)
    return names


def _display(f: models.Field, value, names: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if f.is_relation:
        key = (f.related_model, value)
        if key in names:
            return names[key]
        return names.get((f.related_model, f.related_model._meta.pk.to_python(value)), str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(f, models.FileField):
        return basename(str(value))
    if f.name in MONEY_FIELDS:
        return rupiah(value)
    if isinstance(value, datetime | date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True)
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "…"


def _user_label(user) -> str:
    if user is None:
        return str(_("system"))
    return user.get_full_name() or user.username
