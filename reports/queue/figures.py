"""The few figures a verifier weighs a record by, shown on its row without opening it.

Each is a ``Figure``: a key and its raw value (what the API gives), a label and the value as the page writes it.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from activities.choices import AdvocacyTarget
from foundation.formatting import rupiah, thousands


class Figure(NamedTuple):
    key: str
    label: str
    value: object
    text: str


def _number(key, label, value) -> Figure:
    return Figure(key, label, value, thousands(value) if value is not None else "—")


def _choice(record, field: str, label) -> Figure | None:
    value = getattr(record, field)
    if not value:
        return None
    return Figure(field, label, value, str(getattr(record, f"get_{field}_display")()))


def _present(*figures) -> list[Figure]:
    return [figure for figure in figures if figure is not None]


def activity(record) -> list[Figure]:
    if record.has_split:
        text = _("%(total)s (%(men)s men, %(women)s women)") % {
            "total": thousands(record.participants),
            "men": thousands(record.participants_male),
            "women": thousands(record.participants_female),
        }
    else:
        text = thousands(record.participants)
    return _present(
        Figure("participants", _("participants"), record.participants, str(text)),
        _choice(record, "field", _("field")),
        _choice(record, "event_kind", _("kind of event")),
        _choice(record, "target_group", _("target group")),
    )


def advocacy(record) -> list[Figure]:
    result = _choice(record, "result", _("result")) or Figure("result", _("result"), None, str(_("not recorded")))
    amount = None
    if record.amount is not None:
        amount = Figure("amount", _("amount"), int(record.amount), rupiah(record.amount))
    targets = None
    if record.targets:
        labels = dict(AdvocacyTarget.choices)
        text = ", ".join(str(labels.get(value, value)) for value in record.targets)
        targets = Figure("targets", _("addressed to"), list(record.targets), text)
    return _present(result, amount, _choice(record, "regulation_kind", _("kind of regulation")), targets)


def publication(record) -> list[Figure]:
    outlet = None
    if record.media_outlet:
        outlet = Figure("outlet", _("media outlet"), record.media_outlet, record.media_outlet)
    return _present(_choice(record, "publication_kind", _("kind of media")), outlet)


def snapshot(record) -> list[Figure]:
    return [
        _number("books", _("books"), record.books),
        _number("digital_books", _("digital books"), record.digital_books),
        _number("computers", _("computers"), record.computers),
        Figure("bandwidth_mbps", _("bandwidth"), float(record.bandwidth_mbps), f"{record.bandwidth_mbps:g} Mbps"),
    ]


def replication(record) -> list[Figure]:
    return _present(
        Figure("funds", _("funds"), int(record.funds), rupiah(record.funds)),
        _number("villages", _("villages"), record.villages),
        _choice(record, "funding_source", _("funding source")),
    )


def monthly_report(record) -> list[Figure]:
    return [
        _number("visitors", _("visitors"), record.visitors),
        _number("loans", _("loans"), record.loans),
        _number("ict_users", _("computer/internet users"), record.ict_users),
        _number("activities", _("activities"), record.activities_total),
    ]
