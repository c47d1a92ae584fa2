"""Places resolved from a scope and code: the nation, a province, a regency/city or a library.

``find_place`` turns what a URL or a form names (``regency``/``19.01``) into a ``Place`` that
``area.covers(place)`` judges; ``visible_place_or_404`` is that place when the user may see it;
``home_place`` is the widest place a user may see.
"""

from __future__ import annotations

from django.http import Http404

from foundation.digits import as_id
from foundation.scope import NATIONAL_CODE, NATIONAL_NAME, VIEW, Place, PlaceKind, scope_for

from .models import Library, Province, Regency


def find_place(scope: str, code: str) -> Place | None:
    """The place named by ``scope`` and ``code`` (one query), or None when there is no such place."""
    if scope == PlaceKind.NATIONAL:
        return Place(PlaceKind.NATIONAL, NATIONAL_CODE, NATIONAL_NAME) if code == NATIONAL_CODE else None
    if scope == PlaceKind.PROVINCE:
        province = Province.objects.filter(code=code).first()
        if province is None:
            return None
        return Place(scope, code, province.name, province_id=code, province_name=province.name)
    if scope == PlaceKind.REGENCY:
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
    if scope == PlaceKind.LIBRARY and as_id(code) is not None:
        library = Library.objects.select_related("province", "regency").filter(pk=as_id(code)).first()
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


def visible_place_or_404(user, scope: str, code: str, kinds=None) -> Place:
    """The place named by ``scope`` and ``code`` if ``user`` may see it (and it is of one of ``kinds`` when
    given); otherwise a 404, as for anything outside their area."""
    place = find_place(scope, code)
    if place is None or (kinds is not None and place.scope not in kinds):
        raise Http404
    if not scope_for(user).area(VIEW).covers(place):
        raise Http404
    return place


def home_place(user) -> tuple[Place | None, list[tuple[str, str, str]]]:
    """The place a user lands on (the widest they may see), or the list of their places to choose from."""
    area = scope_for(user).area(VIEW)
    if area.national:
        return find_place(PlaceKind.NATIONAL, NATIONAL_CODE), []
    choices = [(PlaceKind.PROVINCE, code) for code in sorted(area.provinces)]
    choices += [(PlaceKind.REGENCY, code) for code in sorted(area.regencies) if code[:2] not in area.provinces]
    if area.libraries:
        located = Library.objects.filter(pk__in=sorted(area.libraries)).values_list("pk", "province_id", "regency_id")
        choices += [
            (PlaceKind.LIBRARY, str(pk))
            for pk, province, regency in located
            if province not in area.provinces and regency not in area.regencies
        ]
    if len(choices) == 1:
        return find_place(*choices[0]), []
    names = _names(choices)
    return None, [(scope, code, names.get((scope, code), code)) for scope, code in choices]


def _names(choices) -> dict:
    provinces = [code for scope, code in choices if scope == PlaceKind.PROVINCE]
    regencies = [code for scope, code in choices if scope == PlaceKind.REGENCY]
    libraries = [int(code) for scope, code in choices if scope == PlaceKind.LIBRARY]
    names = {}
    names.update({(PlaceKind.PROVINCE, c): n for c, n in Province.objects.filter(code__in=provinces).values_list()})
    names.update(
        {(PlaceKind.REGENCY, c): n for c, n in Regency.objects.filter(code__in=regencies).values_list("code", "name")}
    )
    names.update(
        {
            (PlaceKind.LIBRARY, str(pk)): n
            for pk, n in Library.objects.filter(pk__in=libraries).values_list("pk", "name")
        }
    )
    return names
