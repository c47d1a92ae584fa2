"""How much of a month's records the verifiers have verified, per kind, in a user's area (one query).

"Everything entered" is every record of the month (a monthly report once submitted); "verified" what its
verifiers verified. Replication programmes are counted in their year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import CharField, Count, Value

from foundation.months import next_month

from .kinds import KINDS, VERIFIED, Kind


@dataclass(frozen=True)
class Share:
    kind: Kind
    entered: int
    verified: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.verified / self.entered) if self.entered else None


def verified_share(user, month: dt.date) -> list[Share]:
    start = month.replace(day=1)
    end = next_month(start)
    parts = [
        kind.in_area(user)
        .filter(kind.dated_in(start, end), kind.entered_q())
        .annotate(q_kind=Value(slug, output_field=CharField()))
        .values("q_kind")
        .annotate(entered=Count("pk"), verified=Count("pk", filter=kind.state_q(VERIFIED)))
        .values_list("q_kind", "entered", "verified")
        for slug, kind in KINDS.items()
    ]
    found = {slug: (entered, verified) for slug, entered, verified in parts[0].union(*parts[1:], all=True)}
    return [Share(kind, *found.get(slug, (0, 0))) for slug, kind in KINDS.items()]
