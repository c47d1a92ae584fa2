"""The one scoping rule: which records a user may see and which they may change.

A user's role assignments (accounts.RoleAssignment) each grant a ``Role`` over an *area*: the
whole nation, a province, a regency or one library. Every model a user can reach declares
``scope_paths`` (the lookups from it to a province code, a regency code and a library
id) and ``scope_writers`` (the roles that may change it), and uses ``ScopedQuerySet``.
``Model.objects.restrict(user, "view" | "change")`` is then the only door: views, API
viewsets, form dropdowns and background jobs all go through it.

Outside a user's view area an object does not exist (404); inside it but outside the
change area (a read-only role, or a role that may not edit that kind of record) a
write is forbidden (403).

A single record or page is located by a ``Place`` (a scope and code resolved to its province,
regency or library) and judged by the same rule: ``area.covers(place)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .digits import as_id

VIEW = "view"
CHANGE = "change"


class Role(models.TextChoices):
    ADMIN = "admin", _("Perpusnas administrator")
    CONSULTANT = "consultant", _("Consultant (read-only)")
    PROVINCE_STAFF = "province_staff", _("Provincial library staff (DKPUS)")
    REGENCY_STAFF = "regency_staff", _("Regency/city library staff")
    LIBRARIAN = "librarian", _("Village librarian")


# Roles that keep the registry (the default ``scope_writers`` of a model) ...
STAFF_ROLES = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.REGENCY_STAFF})
# ... and every role that may change anything at all; consultants are read-only.
WRITER_ROLES = STAFF_ROLES | {Role.LIBRARIAN}


class PlaceKind(models.TextChoices):
    """The four levels of the program: the nation, a province, a regency/city, one library."""

    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")
    LIBRARY = "library", _("Library")


NATIONAL_CODE = "ID"
NATIONAL_NAME = "Indonesia"
CHILD_KIND = {
    PlaceKind.NATIONAL: PlaceKind.PROVINCE,
    PlaceKind.PROVINCE: PlaceKind.REGENCY,
    PlaceKind.REGENCY: PlaceKind.LIBRARY,
    PlaceKind.LIBRARY: None,
}


@dataclass(frozen=True)
class Place:
    """A scope and its code (``province``/``19``), resolved to the province, regency and library it lies in.

    ``libraries.places.find_place`` resolves a code from a URL or a form; ``Place.of_library`` and
    ``Place.of_region`` build one from what the caller already has, without a query.
    """

    scope: str
    code: str
    name: str = ""
    province_id: str | None = None
    province_name: str = ""
    regency_id: str | None = None
    regency_name: str = ""
    library_id: int | None = None

    @classmethod
    def of(cls, scope: str, code: str, province_id: str | None = None, regency_id: str | None = None) -> Place:
        """A place from its scope and code, without a query (a library's region as the caller knows it)."""
        if scope == PlaceKind.PROVINCE:
            return cls.of_region(province=code)
        if scope == PlaceKind.REGENCY:
            return cls.of_region(regency=code)
        if scope == PlaceKind.LIBRARY:
            library = as_id(code)
            return cls(scope, str(code), province_id=province_id, regency_id=regency_id, library_id=library)
        return cls(scope, str(code))

    @classmethod
    def of_library(cls, library) -> Place:
        """A library (or anything with ``pk``, ``province_id``, ``regency_id``) as a place."""
        return cls(
            PlaceKind.LIBRARY,
            str(library.pk),
            getattr(library, "name", ""),
            province_id=library.province_id,
            regency_id=library.regency_id,
            library_id=library.pk,
        )

    @classmethod
    def of_region(cls, province: str | None = None, regency: str | None = None) -> Place:
        """A province or regency/city by its code (a regency's province is the start of its code)."""
        if regency:
            return cls(PlaceKind.REGENCY, regency, province_id=regency.split(".")[0], regency_id=regency)
        return cls(PlaceKind.PROVINCE, province or "", province_id=province)

    @property
    def child_scope(self) -> str | None:
        return CHILD_KIND[self.scope]

    def library_q(self, prefix: str = "") -> Q:
        """Libraries (``prefix`` leads from another model to its library) inside this place."""
        if self.scope == PlaceKind.PROVINCE:
            return Q(**{f"{prefix}province": self.code})
        if self.scope == PlaceKind.REGENCY:
            return Q(**{f"{prefix}regency": self.code})
        if self.scope == PlaceKind.LIBRARY:
            return Q(**{prefix[:-2] if prefix else "pk": self.library_id})
        return Q()

    def child_path(self, prefix: str = "") -> str | None:
        """The lookup from a library (through ``prefix``) to the child place a row belongs to."""
        if self.scope == PlaceKind.NATIONAL:
            return f"{prefix}province"
        if self.scope == PlaceKind.PROVINCE:
            return f"{prefix}regency"
        return prefix[:-2] if prefix else "pk"

    def area_query(self) -> dict:
        """The list pages' filters for this place."""
        if self.scope == PlaceKind.PROVINCE:
            return {"province": self.code}
        if self.scope == PlaceKind.REGENCY:
            return {"regency": self.code}
        if self.scope == PlaceKind.LIBRARY:
            return {"library": self.library_id}
        return {}


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

    def covers(self, place: Place) -> bool:
        """Whether the whole of ``place`` lies in the area (the nation only in a national area)."""
        if self.national:
            return True
        if place.scope == PlaceKind.NATIONAL:
            return False
        return (
            (place.province_id is not None and place.province_id in self.provinces)
            or (place.regency_id is not None and place.regency_id in self.regencies)
            or (place.library_id is not None and place.library_id in self.libraries)
        )


EMPTY = Area()
NATIONAL = Area(national=True)


class Scope:
    """What one user may see and change; computed once per user object."""

    def __init__(self, user):
        self.roles: frozenset[str] = frozenset()
        self._areas: list[tuple[str, Area]] = []
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return
        if user.is_superuser:
            self._areas.append((Role.ADMIN, NATIONAL))
        for assignment in user.role_assignments.select_related("library"):
            self._areas.append((assignment.role, assignment.area()))
        self.roles = frozenset(role for role, _ in self._areas)

    def area(self, action: str = VIEW, model: type[models.Model] | None = None, roles=None) -> Area:
        """The area of ``action``: for a change, of the roles that may change ``model`` (or ``roles``)."""
        if action == VIEW:
            writers = None
        elif roles is not None:
            writers = roles
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
