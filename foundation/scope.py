"""The one scoping rule: which records a user may see and which they may change.

A user's role assignments (accounts.RoleAssignment) each grant an *area*: the whole
nation, a province, a regency or one library. Every model a user can reach declares
``scope_paths`` (the lookups from it to a province code, a regency code and a library
id) and ``scope_writers`` (the roles that may change it), and uses ``ScopedQuerySet``.
``Model.objects.restrict(user, "view" | "change")`` is then the only door: views, API
viewsets, form dropdowns and background jobs all go through it.

Outside a user's view area an object does not exist (404); inside it but outside the
change area (a read-only role, or a role that may not edit that kind of record) a
write is forbidden (403).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

VIEW = "view"
CHANGE = "change"


@dataclass(frozen=True)
class ScopePaths:
    """Lookups from a model to the geography that scopes it (``None``: not scoped that way)."""

    province: str | None = None
    regency: str | None = None
    library: str | None = None


@dataclass(frozen=True)
class Area:
    national: bool = False
    provinces: frozenset[str] = field(default_factory=frozenset)
    regencies: frozenset[str] = field(default_factory=frozenset)
    libraries: frozenset[int] = field(default_factory=frozenset)
    # Provinces and regencies that contain part of the area: used for geography dropdowns.
    touched_provinces: frozenset[str] = field(default_factory=frozenset)
    touched_regencies: frozenset[str] = field(default_factory=frozenset)

    def __or__(self, other: Area) -> Area:
        return Area(
            national=self.national or other.national,
            provinces=self.provinces | other.provinces,
            regencies=self.regencies | other.regencies,
            libraries=self.libraries | other.libraries,
            touched_provinces=self.touched_provinces | other.touched_provinces,
            touched_regencies=self.touched_regencies | other.touched_regencies,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.provinces or self.regencies or self.libraries)

    def q(self, paths: ScopePaths) -> Q:
        """A filter selecting the rows of a model with ``paths`` that lie in this area."""
        if self.national:
            return Q()
        q = Q(pk__in=[])
        if paths.province and self.provinces:
            q |= Q(**{f"{paths.province}__in": sorted(self.provinces)})
        if paths.regency and self.regencies:
            q |= Q(**{f"{paths.regency}__in": sorted(self.regencies)})
        if paths.library and self.libraries:
            q |= Q(**{f"{paths.library}__in": sorted(self.libraries)})
        return q

    def covers(self, province: str | None = None, regency: str | None = None, library: int | None = None) -> bool:
        """Whether a record located at this province / regency / library lies in the area."""
        return (
            self.national
            or (province is not None and province in self.provinces)
            or (regency is not None and regency in self.regencies)
            or (library is not None and library in self.libraries)
        )


EMPTY = Area()
NATIONAL = Area(national=True)


class Scope:
    """What one user may see and change; computed once per user object."""

    def __init__(self, user):
        from accounts.models import Role

        self.roles: frozenset[str] = frozenset()
        self._areas: list[tuple[str, Area]] = []
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return
        if user.is_superuser:
            self._areas.append((Role.ADMIN, NATIONAL))
        for assignment in user.role_assignments.select_related("library"):
            self._areas.append((assignment.role, assignment.area()))
        self.roles = frozenset(role for role, _ in self._areas)

    def area(self, action: str = VIEW, model: type[models.Model] | None = None) -> Area:
        from accounts.models import STAFF_ROLES

        if action == VIEW:
            writers = None
        elif model is not None:
            writers = getattr(model, "scope_writers", STAFF_ROLES)
        else:
            writers = STAFF_ROLES
        result = EMPTY
        for role, area in self._areas:
            if writers is None or role in writers:
                result = result | area
        return result

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_national(self) -> bool:
        return self.area().national

    @property
    def read_only(self) -> bool:
        """True for users who may see but never change anything (consultants)."""
        from accounts.models import WRITER_ROLES

        return not self.roles.intersection(WRITER_ROLES)


def scope_for(user) -> Scope:
    scope = getattr(user, "_tpbis_scope", None)
    if scope is None:
        scope = Scope(user)
        if getattr(user, "is_authenticated", False):
            user._tpbis_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to limit itself to a user's area."""

    def restrict(self, user, action: str = VIEW):
        area = scope_for(user).area(action, self.model)
        if area.is_empty:
            return self.none()
        return self.filter(self.area_filter(area))

    def area_filter(self, area: Area) -> Q:
        return area.q(self.model.scope_paths)


def can_change(user, obj) -> bool:
    """Whether ``user`` may change ``obj`` (one more query; use on single objects)."""
    return type(obj)._default_manager.restrict(user, CHANGE).filter(pk=obj.pk).exists()
