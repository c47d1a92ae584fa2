"""The KPI coach: for a partner's period, what is still missing for the next colour, and the colour it will end the
period with at its current pace.

The score itself always comes from the one formula in SQL (``reports.kpi.formula``, through ``PeriodScores``);
the coach asks "what if": the same points rule in Python (``points``: the weight once the period's target is
reached, else ``ROUND(count * weight / target, 1)`` as PostgreSQL rounds, half away from zero), checked against
the SQL by the tests.

*Missing*: the fewest records that lift the score above the next cut-off, taking first the indicators that earn
the most points per record (an advocacy record before a publication, a publication before fifteen participants),
each no further than its target; month indicators (service snapshots, visitors reported) no further than the
period's months. *Projected*: each count carried on at its pace so far to the period's end (the months elapsed,
counted to today's day within the current month), scored by the same rule.
"""

from __future__ import annotations

import datetime as dt
import math
from calendar import monthrange
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.models.kpi import KpiColour, KpiThreshold

from . import formula
from .period import Period

#: Indicators counted in months (at most one per month of the period).
MONTHLY = ("services", "visitors")
ORDER = [KpiColour.RED.value, KpiColour.YELLOW.value, KpiColour.GREEN.value]


def points(count: Decimal | int, weight: int, target: Decimal) -> Decimal:
    """One indicator's points, as ``formula.points_sql`` computes them."""
    if Decimal(count) >= target:
        return Decimal(weight)
    return (Decimal(count) * weight / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score(inputs: dict, thresholds: KpiThreshold, months: int) -> Decimal:
    return sum(
        (
            points(inputs[name], getattr(thresholds, f"{name}_weight"), formula.period_target(thresholds, name, months))
            for name in formula.INDICATORS
        ),
        Decimal(0),
    )


def colour(value: Decimal | None, thresholds: KpiThreshold) -> str:
    if value is None:
        return KpiColour.NOT_SCORED.value
    if value > thresholds.green_above:
        return KpiColour.GREEN.value
    if value > thresholds.yellow_above:
        return KpiColour.YELLOW.value
    return KpiColour.RED.value


def next_colour(current: str) -> str | None:
    """The colour above ``current`` (yellow for a partner not yet scored), None at green."""
    if current == KpiColour.NOT_SCORED.value:
        return KpiColour.YELLOW.value
    index = ORDER.index(current)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def _cut_off(target_colour: str, thresholds: KpiThreshold) -> int:
    return thresholds.green_above if target_colour == KpiColour.GREEN.value else thresholds.yellow_above


def missing(inputs: dict, thresholds: KpiThreshold, months: int, target_colour: str | None) -> dict[str, int] | None:
    """The records to add per indicator so that the score rises above ``target_colour``'s cut-off; {} when it is
    already there, None when even every target reached would not get there."""
    if target_colour is None:
        return {}
    cut_off = _cut_off(target_colour, thresholds)
    counts = {name: Decimal(inputs[name]) for name in formula.INDICATORS}
    if score(counts, thresholds, months) > cut_off:
        return {}

    def per_record(name):
        return Decimal(getattr(thresholds, f"{name}_weight")) / formula.period_target(thresholds, name, months)

    needed: dict[str, int] = {}
    for name in sorted(formula.INDICATORS, key=lambda n: (-per_record(n), list(formula.INDICATORS).index(n))):
        target = formula.period_target(thresholds, name, months)
        ceiling = min(target, Decimal(months)) if name in MONTHLY else target
        room = math.ceil(ceiling - counts[name]) if ceiling > counts[name] else 0
        if room <= 0 or getattr(thresholds, f"{name}_weight") == 0:
            continue
        base = counts[name]
        low, high = 1, room
        counts[name] = base + room
        if score(counts, thresholds, months) <= cut_off:  # all of it is not enough: take it, go on
            needed[name] = room
            continue
        while low < high:  # the fewest records of this indicator that are enough
            middle = (low + high) // 2
            counts[name] = base + middle
            if score(counts, thresholds, months) > cut_off:
                high = middle
            else:
                low = middle + 1
        counts[name] = base + low
        needed[name] = low
        return needed
    return None


def elapsed_months(period: Period, today: dt.date) -> Decimal:
    """How much of the period has passed by the end of ``today``: whole months, and the current one by its days."""
    if today < period.start:
        return Decimal(0)
    if today >= period.stop:
        return Decimal(period.months)
    whole = (today.year - period.start.year) * 12 + today.month - period.start.month
    days = monthrange(today.year, today.month)[1]
    return Decimal(whole) + Decimal(today.day) / Decimal(days)


def projected(inputs: dict, period: Period, today: dt.date) -> dict[str, Decimal]:
    """Each count carried on at its pace so far to the period's end (month counts no further than its months)."""
    elapsed = elapsed_months(period, today)
    if elapsed <= 0:
        return {name: Decimal(inputs[name]) for name in formula.INDICATORS}
    factor = Decimal(period.months) / elapsed
    result = {}
    for name in formula.INDICATORS:
        value = (Decimal(inputs[name]) * factor).quantize(Decimal("0.01"))
        result[name] = min(value, Decimal(period.months)) if name in MONTHLY else value
    return result


@dataclass
class Advice:
    """What the coach says about one partner's period."""

    score: Decimal | None
    colour: str
    next_colour: str | None
    missing: dict[str, int] | None
    projected_score: Decimal
    projected_colour: str

    @property
    def colour_label(self) -> str:
        return KpiColour(self.colour).label

    @property
    def projected_colour_label(self) -> str:
        return KpiColour(self.projected_colour).label

    @property
    def at_risk(self) -> bool:
        """Heading for red (or nothing recorded yet)."""
        return self.projected_colour in (KpiColour.RED.value, KpiColour.NOT_SCORED.value)

    def sentence(self) -> str:
        """``2 publikasi dan 15 peserta lagi untuk kuning``: the missing records in words."""
        if self.next_colour is None:
            return _("Green: the highest colour. Keep it up.")
        label = str(KpiColour(self.next_colour).label).lower()
        if self.missing is None:
            return _("The colour %(colour)s is out of reach in this period.") % {"colour": label}
        parts = [_count(name, amount) for name, amount in self.missing.items()]
        if not parts:
            return ""
        things = (
            parts[0]
            if len(parts) == 1
            else _("%(list)s and %(last)s")
            % {
                "list": ", ".join(parts[:-1]),
                "last": parts[-1],
            }
        )
        return _("%(things)s more for %(colour)s.") % {"things": things, "colour": label}


def _count(name: str, amount: int) -> str:
    words = {
        "engagement": ngettext("%(n)s engagement event", "%(n)s engagement events", amount),
        "participants": ngettext("%(n)s participant", "%(n)s participants", amount),
        "advocacy": ngettext("%(n)s advocacy record", "%(n)s advocacy records", amount),
        "publication": ngettext("%(n)s publication", "%(n)s publications", amount),
        "services": ngettext("%(n)s month with a service snapshot", "%(n)s months with a service snapshot", amount),
        "visitors": ngettext("%(n)s month with visitors reported", "%(n)s months with visitors reported", amount),
    }
    return words[name] % {"n": amount}


def advise(row: dict | None, thresholds: KpiThreshold, period: Period, today: dt.date) -> Advice:
    """The advice for a partner's row of ``PeriodScores.rows()`` (None: no row, nothing recorded)."""
    inputs = row["inputs"] if row else dict.fromkeys(formula.INDICATORS, 0)
    scored = row is not None and row["score"] is not None
    current = row["colour"] if row else KpiColour.NOT_SCORED.value
    target = next_colour(current)
    ahead = projected(inputs, period, today)
    ahead_score = score(ahead, thresholds, period.months)
    records = row["records"] if row else 0
    return Advice(
        score=row["score"] if scored else None,
        colour=current,
        next_colour=target,
        missing=missing(inputs, thresholds, period.months, target),
        projected_score=ahead_score,
        projected_colour=colour(ahead_score, thresholds) if records else KpiColour.NOT_SCORED.value,
    )
