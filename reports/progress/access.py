"""Who may open and who may compile the progress reports of a scope: the one scoping rule on a ``Place``."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.months import month_start
from foundation.scope import CHANGE, VIEW, Place, scope_for
from libraries.models import Province, Regency
from libraries.places import find_place
from reports.models import CompileJob
from reports.models.progress import NATIONAL_CODE, ReportScope


def may_view_scope(user, scope: str, code: str, province: str | None = None, regency: str | None = None) -> bool:
    """Whether a report of this scope lies in the user's view area (without a query)."""
    return scope_for(user).area(VIEW).covers(Place.of(scope, code, province_id=province, regency_id=regency))


def may_compile(user, scope: str, code: str) -> bool:
    """Whether ``user`` may start a compilation of ``scope``/``code`` (staff, inside their change area)."""
    area = scope_for(user).area(CHANGE, CompileJob)
    if area.is_empty or scope not in ReportScope.values:
        return False
    place = find_place(scope, code) if scope == ReportScope.LIBRARY else Place.of(scope, code)
    return place is not None and area.covers(place)


def check_compile_period(period: dt.date) -> None:
    """A compilation is for a month that has begun (the compile form and the API)."""
    if period and period > month_start(dt.date.today()):
        raise forms.ValidationError(_("That month has not begun yet."), code="future")


def compile_targets(user) -> list[tuple[str, str]]:
    """The widest scopes a user may compile, as (``scope:code``, label) choices."""
    area = scope_for(user).area(CHANGE, CompileJob)
    choices = []
    if area.national:
        choices.append((f"{ReportScope.NATIONAL}:{NATIONAL_CODE}", _("National (every scope)")))
        provinces = Province.objects.filter(libraries__isnull=False).distinct()
    else:
        provinces = Province.objects.filter(code__in=sorted(area.provinces))
    choices += [(f"{ReportScope.PROVINCE}:{p.code}", f"{p.name} ({p.code})") for p in provinces]
    if area.regencies:
        for regency in Regency.objects.filter(code__in=sorted(area.regencies)):
            choices.append((f"{ReportScope.REGENCY}:{regency.code}", f"{regency.name} ({regency.code})"))
    return choices
