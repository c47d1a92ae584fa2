"""The area a dashboard shows (the nation, a province, a regency/city, a library) and its filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from activities.choices import Strategy
from libraries.choices import PartnerType
from libraries.models import Library, Province, Regency
from tpbis_portal.digits import as_id
from tpbis_portal.scope import VIEW, scope_for

from . import dashboard_cache as cache
from .compile import NATIONAL_NAME
from .deadlines import next_month, previous_month
from .models.progress import NATIONAL_CODE, ReportScope

CHILD_SCOPE = {
    ReportScope.NATIONAL: ReportScope.PROVINCE,
    ReportScope.PROVINCE: ReportScope.REGENCY,
    ReportScope.REGENCY: ReportScope.LIBRARY,
    ReportScope.LIBRARY: None,
}


@dataclass(frozen=True)
class Place:
    """The area a dashboard shows: the nation, a province, a regency/city or one library."""

    scope: str
    code: str
    name: str
    province_id: str | None = None
    province_name: str = ""
    regency_id: str | None = None
    regency_name: str = ""
    library_id: int | None = None

    @property
    def child_scope(self) -> str | None:
        return CHILD_SCOPE[self.scope]

    @property
    def cache_area(self) -> str:
        """The area whose changes invalidate this dashboard: the nation, or the province it lies in."""
        return NATIONAL_CODE if self.scope == ReportScope.NATIONAL else self.province_id

    def key(self, name: str, *version_keys: str) -> str | None:
        """A cache key for one of this dashboard's values under the current tokens of ``version_keys``."""
        tokens = cache.versions(version_keys)
        return None if tokens is None else f"dash:d:{self.scope}:{self.code}:{name}:{tokens}"

    def covered_by(self, user) -> bool:
        """Whether the whole area lies in the user's view area (a dashboard outside it does not exist: 404)."""
        area = scope_for(user).area(VIEW)
        if self.scope == ReportScope.NATIONAL:
            return area.national
        if self.scope == ReportScope.PROVINCE:
            return area.covers(province=self.code)
        if self.scope == ReportScope.REGENCY:
            return area.covers(province=self.province_id, regency=self.code)
        return area.covers(province=self.province_id, regency=self.regency_id, library=self.library_id)

    def library_q(self, prefix: str = "") -> Q:
        """Libraries (``prefix`` leads from another model to its library) inside this area."""
        if self.scope == ReportScope.PROVINCE:
            return Q(**{f"{prefix}province": self.code})
        if self.scope == ReportScope.REGENCY:
            return Q(**{f"{prefix}regency": self.code})
        if self.scope == ReportScope.LIBRARY:
            return Q(**{prefix[:-2] if prefix else "pk": self.library_id})
        return Q()

    def child_path(self, prefix: str = "") -> str | None:
        """The lookup from a library (through ``prefix``) to the child area a row belongs to."""
        if self.scope == ReportScope.NATIONAL:
            return f"{prefix}province"
        if self.scope == ReportScope.PROVINCE:
            return f"{prefix}regency"
        return prefix[:-2] if prefix else "pk"

    def area_query(self) -> dict:
        """The list pages' filters for this area."""
        if self.scope == ReportScope.PROVINCE:
            return {"province": self.code}
        if self.scope == ReportScope.REGENCY:
            return {"regency": self.code}
        if self.scope == ReportScope.LIBRARY:
            return {"library": self.library_id}
        return {}


def find_place(scope: str, code: str) -> Place | None:
    """The area named by a dashboard URL (one query), or None when there is no such area."""
    if scope == ReportScope.NATIONAL:
        return Place(ReportScope.NATIONAL, NATIONAL_CODE, NATIONAL_NAME) if code == NATIONAL_CODE else None
    if scope == ReportScope.PROVINCE:
        province = Province.objects.filter(code=code).first()
        if province is None:
            return None
        return Place(scope, code, province.name, province_id=code, province_name=province.name)
    if scope == ReportScope.REGENCY:
        regency = Regency.objects.select_related("province").filter(code=code).first()
        if regency is None:
            return None
        return Place(
            scope,
            code,
            regency.name,
            province_id=regency.province_id,
            province_name=regency.province.name,
            regency_id=code,
            regency_name=regency.name,
        )
    if scope == ReportScope.LIBRARY and as_id(code) is not None:
        library = Library.objects.select_related("province", "regency").filter(pk=int(code)).first()
        if library is None:
            return None
        return Place(
            scope,
            code,
            library.name,
            province_id=library.province_id,
            province_name=library.province.name,
            regency_id=library.regency_id,
            regency_name=library.regency.name if library.regency else "",
            library_id=library.pk,
        )
    return None


def home_place(user) -> tuple[Place | None, list[tuple[str, str, str]]]:
    """The dashboard a user lands on (the widest area they may see), or the list of their areas to choose from."""
    area = scope_for(user).area(VIEW)
    if area.national:
        return find_place(ReportScope.NATIONAL, NATIONAL_CODE), []
    choices = [(ReportScope.PROVINCE, code) for code in sorted(area.provinces)]
    choices += [(ReportScope.REGENCY, code) for code in sorted(area.regencies) if code[:2] not in area.provinces]
    if area.libraries:
        located = Library.objects.filter(pk__in=sorted(area.libraries)).values_list("pk", "province_id", "regency_id")
        choices += [
            (ReportScope.LIBRARY, str(pk))
            for pk, province, regency in located
            if province not in area.provinces and regency not in area.regencies
        ]
    if len(choices) == 1:
        return find_place(*choices[0]), []
    names = _names(choices)
    return None, [(scope, code, names.get((scope, code), code)) for scope, code in choices]


def _names(choices) -> dict:
    provinces = [code for scope, code in choices if scope == ReportScope.PROVINCE]
    regencies = [code for scope, code in choices if scope == ReportScope.REGENCY]
    libraries = [int(code) for scope, code in choices if scope == ReportScope.LIBRARY]
    names = {}
    names.update({(ReportScope.PROVINCE, c): n for c, n in Province.objects.filter(code__in=provinces).values_list()})
    names.update(
        {(ReportScope.REGENCY, c): n for c, n in Regency.objects.filter(code__in=regencies).values_list("code", "name")}
    )
    names.update(
        {
            (ReportScope.LIBRARY, str(pk)): n
            for pk, n in Library.objects.filter(pk__in=libraries).values_list("pk", "name")
        }
    )
    return names


# ------------------------------------------------------------------------------------------------------- filters


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


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
