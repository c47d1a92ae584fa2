"""Figure providers: extra parts of a progress report that come from other apps' records.

Commitments (synergy teams, ``libraries.Commitment``) and success stories
(``activities.SuccessStory``) are kept by other parts of the portal. Each provider turns
such a model into one grouped SQL query that the compile statement joins on (scope,
code), so adding one costs no query per library. A provider whose model is not
installed is skipped; one whose model exists but lacks the fields it reads is skipped
with a warning, so a renamed field shows in the logs rather than as a crash.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, DecimalField, F, Q, Sum
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.utils import timezone

from foundation.months import next_month
from libraries.choices import CommitmentStatus
from libraries.models.synergy import open_q, overdue_q
from reports.models.progress import NATIONAL_CODE, SCOPE_ORDER, ReportScope

logger = logging.getLogger(__name__)


def _resolves(model, path: str) -> bool:
    """Whether ``path`` (``a__b__c``) names a field chain on ``model``."""
    parts = path.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        try:
            found = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if index < len(parts) - 1:
            if not found.is_relation:
                return False
            model = found.related_model
    return True


def _code_prefix(model, path: str) -> str:
    """The lookup for "this code starts with": on a region's own code when ``path`` is a foreign key."""
    found = model
    for part in path.split(LOOKUP_SEP):
        field_ = found._meta.get_field(part)
        found = field_.related_model if field_.is_relation else None
    return f"{path}__pk__startswith" if found is not None else f"{path}__startswith"


def _get_model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


class Provider:
    key: str
    kind: str  # "figures" (merged into figures[key], or into figures itself when flat) or "highlights"
    model_label: str
    #: whether library reports carry this part too
    for_libraries: bool = True
    #: figures only: whether the part's names are figures of their own rather than under ``key``
    flat: bool = False

    def figure_keys(self) -> list[str]:
        """The keys this part adds to a report's figures."""
        return [self.key]

    def paths(self) -> list[str]:
        raise NotImplementedError

    @property
    def model(self):
        return _get_model(self.model_label)

    def available(self) -> bool:
        model = self.model
        if model is None:
            return False
        missing = [path for path in self.paths() if path and not _resolves(model, path)]
        if missing:
            logger.warning("Progress-report provider %s skipped: %s has no %s", self.key, self.model_label, missing)
            return False
        return True

    def applies(self, target) -> bool:
        return True

    def inner(self, period: dt.date, target) -> tuple[str, list]:
        raise NotImplementedError


@dataclass
class CountsProvider(Provider):
    """Counts of records kept at province or regency level (e.g. synergy-team commitments).

    ``counts`` maps a figure name to a function of the period returning the ``Q`` a
    record must match to be counted. The nation counts all, a province its records and
    its regencies', a regency its own; library reports carry none.
    """

    key: str
    model_label: str
    province_path: str
    regency_path: str
    counts: dict[str, Callable[[dt.date], Q]] = field(default_factory=dict)
    kind: str = "figures"
    for_libraries: bool = False

    def paths(self) -> list[str]:
        return [self.province_path, self.regency_path]

    def applies(self, target) -> bool:
        return target.scope != ReportScope.LIBRARY

    def names(self) -> list[str]:
        return list(self.counts)

    def aggregates(self, period) -> dict:
        return {f"n_{name}": Count("pk", filter=q(period)) for name, q in self.counts.items()}

    def inner(self, period, target):
        qs = self.model._default_manager.all()
        if target.scope == ReportScope.PROVINCE:
            in_regency = _code_prefix(self.model, self.regency_path)
            qs = qs.filter(Q(**{self.province_path: target.code}) | Q(**{in_regency: target.code + "."}))
        elif target.scope == ReportScope.REGENCY:
            qs = qs.filter(**{self.regency_path: target.code})
        qs = (
            qs.annotate(scope_province=F(self.province_path), scope_regency=F(self.regency_path))
            .values("scope_province", "scope_regency")
            .annotate(**self.aggregates(period))
            .order_by()
        )
        return qs.query.sql_with_params()

    def empty(self, d) -> str:
        return d.obj([(name, "0") for name in self.names()])

    def sql(self, period, target, d) -> tuple[str, list]:
        inner_sql, inner_params = self.inner(period, target)
        value = d.obj([(name, f"COALESCE(SUM(c.n_{name}), 0)") for name in self.names()])
        # A regency's records also belong to its province, whether or not the province is filled in.
        province = "COALESCE(c.scope_province, SUBSTR(c.scope_regency, 1, 2))"
        parts, params = [], []
        if target.scope == ReportScope.NATIONAL:
            parts.append(
                f"SELECT 'national' AS scope, '{NATIONAL_CODE}' AS code, {value} AS value FROM ({inner_sql}) c"
            )
            params += inner_params
        if target.rank <= SCOPE_ORDER.index(ReportScope.PROVINCE):
            parts.append(
                f"SELECT 'province' AS scope, {province} AS code, {value} AS value FROM ({inner_sql}) c "
                f"GROUP BY {province}"
            )
            params += inner_params
        parts.append(
            f"SELECT 'regency' AS scope, c.scope_regency AS code, {value} AS value FROM ({inner_sql}) c "
            "WHERE c.scope_regency IS NOT NULL GROUP BY c.scope_regency"
        )
        params += inner_params
        return " UNION ALL ".join(parts), params


@dataclass
class TotalsProvider(CountsProvider):
    """Sums over records kept at province or regency level, as figures of their own (``flat``).

    ``sums`` maps a figure name to (the field summed, a function of the period returning the ``Q`` a record
    must match): replication programmes' funds and villages of the month's year.
    """

    sums: dict[str, tuple[str, Callable[[dt.date], Q]]] = field(default_factory=dict)
    flat: bool = True

    def paths(self) -> list[str]:
        return [*super().paths(), *(path for path, _ in self.sums.values())]

    def names(self) -> list[str]:
        return list(self.sums)

    def figure_keys(self) -> list[str]:
        return self.names()

    def aggregates(self, period) -> dict:
        return {
            f"n_{name}": Coalesce(Sum(path, filter=q(period)), 0, output_field=DecimalField(max_digits=20))
            for name, (path, q) in self.sums.items()
        }


@dataclass
class StoriesProvider(Provider):
    """Highlights: the latest publishable stories of the month, up to ``limit`` per scope.

    ``shown`` names the queryset method that keeps only the records that may be shown
    (for success stories ``publishable``: the person agreed to publication); ``extra``
    adds item keys read from further fields.
    """

    key: str
    model_label: str
    library_path: str
    date_path: str
    title_path: str
    text_path: str
    shown: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    limit: int = 3
    kind: str = "highlights"

    def paths(self) -> list[str]:
        return [self.library_path, self.date_path, self.title_path, self.text_path, *self.extra.values()]

    def available(self) -> bool:
        if not super().available():
            return False
        if self.shown and not callable(getattr(self.model._default_manager.all(), self.shown, None)):
            logger.warning(
                "Progress-report provider %s skipped: %s has no .%s()", self.key, self.model_label, self.shown
            )
            return False
        return True

    def inner(self, period, target):
        lib = self.library_path
        qs = self.model._default_manager.all()
        if self.shown:
            qs = getattr(qs, self.shown)()
        qs = qs.filter(**{f"{self.date_path}__gte": period, f"{self.date_path}__lt": next_month(period)})
        if target.scope == ReportScope.PROVINCE:
            qs = qs.filter(**{f"{lib}__province": target.code})
        elif target.scope == ReportScope.REGENCY:
            qs = qs.filter(**{f"{lib}__regency": target.code})
        elif target.scope == ReportScope.LIBRARY:
            qs = qs.filter(**{lib: int(target.code)})
        qs = qs.annotate(
            h_id=F("pk"),
            h_library=F(lib),
            h_library_name=F(f"{lib}__name"),
            h_province=F(f"{lib}__province"),
            h_regency=F(f"{lib}__regency"),
            h_date=F(self.date_path),
            h_title=F(self.title_path),
            h_text=F(self.text_path),
            **{f"x_{key}": F(path) for key, path in self.extra.items()},
        ).values(
            "h_id",
            "h_library",
            "h_library_name",
            "h_province",
            "h_regency",
            "h_date",
            "h_title",
            "h_text",
            *(f"x_{key}" for key in self.extra),
        )
        return qs.order_by().query.sql_with_params()

    def empty(self, d) -> str:
        return d.empty_list()

    def sql(self, period, target, d) -> tuple[str, list]:
        inner_sql, inner_params = self.inner(period, target)
        order = "s.h_date DESC, s.h_id DESC"
        levels = [
            (ReportScope.NATIONAL, f"'{NATIONAL_CODE}'", ""),
            (ReportScope.PROVINCE, "s.h_province", "PARTITION BY s.h_province "),
            (ReportScope.REGENCY, "s.h_regency", "PARTITION BY s.h_regency "),
            (ReportScope.LIBRARY, "CAST(s.h_library AS TEXT)", "PARTITION BY s.h_library "),
        ]
        parts = []
        for scope, code, partition in levels:
            if SCOPE_ORDER.index(scope) < target.rank:
                continue
            parts.append(
                f"SELECT '{scope.value}' AS scope, {code} AS code, s.*, "
                f"ROW_NUMBER() OVER ({partition}ORDER BY {order}) AS rn FROM shown s"
            )
        item = d.obj(
            [
                ("id", "ranked.h_id"),
                ("title", "ranked.h_title"),
                ("text", "ranked.h_text"),
                ("library", "ranked.h_library_name"),
                ("library_id", "ranked.h_library"),
                ("date", "ranked.h_date"),
                *((key, f"ranked.x_{key}") for key in self.extra),
            ]
        )
        agg = d.agg_list(item, "ranked.h_date DESC, ranked.h_id DESC")
        union = " UNION ALL ".join(parts)
        # The month's records are read once (``shown``) and ranked for every level.
        sql = (
            f"WITH shown AS ({inner_sql}) "
            f"SELECT ranked.scope, ranked.code, {agg} AS value FROM ({union}) ranked "
            f"WHERE ranked.rn <= {int(self.limit)} AND ranked.code IS NOT NULL GROUP BY ranked.scope, ranked.code"
        )
        return sql, list(inner_params)


def _commitments_overdue(period: dt.date) -> Q:
    """Still open with a due date before the end of the month (before today while the month runs)."""
    return overdue_q(min(next_month(period), timezone.localdate()))


#: The providers the portal knows; each is used only when its model and fields exist.
PROVIDERS: list[Provider] = [
    CountsProvider(
        key="commitments",
        model_label="libraries.Commitment",
        province_path="team__province",
        regency_path="team__regency",
        counts={
            "open": lambda period: open_q(),
            "done": lambda period: Q(status=CommitmentStatus.DONE),
            "overdue": _commitments_overdue,
        },
    ),
    TotalsProvider(
        key="replication",
        model_label="activities.Replication",
        province_path="province",
        regency_path="regency",
        sums={
            "replication_funds": ("funds", lambda period: Q(year=period.year)),
            "replication_villages": ("villages", lambda period: Q(year=period.year)),
        },
    ),
    StoriesProvider(
        key="success_stories",
        model_label="activities.SuccessStory",
        library_path="library",
        date_path="date",
        title_path="title",
        text_path="story",
        shown="publishable",
        extra={"person": "person_name", "activity_id": "activity"},
    ),
]


def available_providers() -> list[Provider]:
    return [provider for provider in PROVIDERS if provider.available()]
