"""The dashboards' filters: a month range, the libraries' cohort and partner type, an activity strategy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from activities.choices import Strategy
from foundation.months import add_months, months_between, previous_month
from libraries.choices import PartnerType

# ------------------------------------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """A month range and the library and activity filters; the range defaults to the last twelve months."""

    start: dt.date
    end: dt.date
    cohort: int | None = None
    partner_type: str = ""
    strategy: str = ""

    @property
    def months(self) -> list[dt.date]:
        return months_between(self.start, self.end)

    @property
    def previous_start(self) -> dt.date:
        return add_months(self.start, -len(self.months))

    @property
    def previous_end(self) -> dt.date:
        return previous_month(self.start)

    @property
    def previous_months(self) -> list[dt.date]:
        return months_between(self.previous_start, self.previous_end)

    @property
    def key(self) -> str:
        return f"{self.start:%Y%m}-{self.end:%Y%m}:{self.month_key}"

    @property
    def month_key(self) -> str:
        """What one month's aggregates depend on besides the month."""
        return f"{self.cohort or ''}:{self.partner_type}:{self.strategy}"

    def query(self) -> dict:
        """The filters as the dashboard's own query string."""
        return {
            "period_from": f"{self.start:%Y-%m}",
            "period_to": f"{self.end:%Y-%m}",
            "cohort": self.cohort or "",
            "partner_type": self.partner_type,
            "strategy": self.strategy,
        }

    def library_query(self) -> dict:
        """The library filters as the list pages spell them."""
        return {"cohort": self.cohort or "", "partner_type": self.partner_type}

    def library_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.cohort:
            q &= Q(**{f"{prefix}cohort_year": self.cohort})
        if self.partner_type:
            q &= Q(**{f"{prefix}partner_type": self.partner_type})
        return q

    @property
    def strategy_label(self) -> str:
        return Strategy(self.strategy).label if self.strategy else ""

    @property
    def partner_type_label(self) -> str:
        return PartnerType(self.partner_type).label if self.partner_type else ""
