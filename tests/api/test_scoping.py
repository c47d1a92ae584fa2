"""Every operation of the API schema, for every demo role, against records inside and outside its area.

The operations come from the generated OpenAPI schema, so a new endpoint cannot escape:
this test fails for a resource it has no recipe for, or an operation whose rule it does
not know. Rules: no credentials 401; list 200 showing exactly the records in the role's
area; retrieve 200 inside the area, 404 outside; update and delete 404 outside, 403 for a
role that may not change that kind of record, else 200/204; create 403 for such a role,
400 (the reference does not exist for them) outside the area, else 201.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.db.models import PROTECT

from activities.models import Activity
from libraries.models import Aid, Library, Village
from reports.models import MonthlyReport

from ..scoping import PLACES, ROLES, STAFF, VISIBLE, library_at
from .operations import OPERATIONS

ANONYMOUS = "anonymous"
PREFIX = "/api/v1/"
#: Operations open to anyone, tested in test_auth.py.
PUBLIC = {("POST", "/api/v1/auth/token/")}
VISIBLE_PROVINCE = {
    "admin": set(PLACES),
    "konsultan": set(PLACES),
    "dkpus.babel": {"own_village", "belitung_village"},
    "dkpus.bali": {"bali_village"},
    "dispus.bangka": {"own_village", "belitung_village"},  # regency staff pick from their province's list
    **{role: {"own_village", "belitung_village"} for role in ROLES if role.startswith("pustakawan.")},
}
LIBRARY_WRITERS = STAFF | {role for role in ROLES if role.startswith("pustakawan.")}
MONTH = dt.date(2031, 7, 1)


@dataclass
class Resource:
    make: Callable[[Library], Any]
    key: str = "id"
    visible: dict = field(default_factory=lambda: VISIBLE)
    search: Callable[[Any], dict] = lambda obj: {}
    writers: set = field(default_factory=set)
    create: Callable[[Library], dict] | None = None
    update: Callable[[Any], dict] | None = None
    patch: dict | None = None
    references: set = field(default_factory=set)

    def lookup(self, obj) -> str:
        return str(getattr(obj, "code" if self.key == "code" else "pk"))


def free_village(library: Library) -> Village:
    return Village.objects.filter(regency_id=library.regency_id, libraries__isnull=True).order_by("code").first()


def without_records(library: Library) -> Library:
    """The library with the demo records that protect it from deletion removed (rolled back after the check)."""
    for relation in library._meta.related_objects:
        if relation.on_delete is PROTECT:
            relation.related_model._base_manager.filter(**{relation.field.name: library}).delete()
    return library


RESOURCES = {
    "provinces": Resource(make=lambda lib: lib.province, key="code", visible=VISIBLE_PROVINCE),
    "regencies": Resource(make=lambda lib: lib.regency, key="code", search=lambda obj: {"q": obj.name}),
    "districts": Resource(make=lambda lib: lib.district, key="code", search=lambda obj: {"q": obj.name}),
    "villages": Resource(make=lambda lib: lib.village, key="code", search=lambda obj: {"q": obj.name}),
    "libraries": Resource(
        make=without_records,
        search=lambda obj: {"q": obj.name},
        writers=STAFF,
        create=lambda lib: {
            "name": "Perpustakaan Desa Uji",
            "level": "village",
            "province": lib.province_id,
            "village": free_village(lib).code,
        },
        update=lambda obj: {
            "name": f"{obj.name} (diperbarui)",
            "level": obj.level,
            "province": obj.province_id,
            "regency": obj.regency_id,
            "village": obj.village_id,
        },
        patch={"manager_name": "Ibu Uji"},
        references={"province", "village"},
    ),
    "aid": Resource(
        make=lambda lib: Aid.objects.create(library=lib, year=2031, item="books", quantity=700),
        search=lambda obj: {"year": 2031},
        writers=STAFF,
        create=lambda lib: {"library": lib.pk, "year": 2031, "item": "computer", "quantity": 2},
        update=lambda obj: {"library": obj.library_id, "year": 2031, "item": "printer", "quantity": 1},
        patch={"quantity": 1000},
        references={"library"},
    ),
    "activities": Resource(
        make=lambda lib: Activity.objects.create(
            library=lib,
            date=MONTH.replace(day=15),
            strategy="community_engagement",
            title="Pelatihan anyaman pandan",
            participants_male=4,
            participants_female=11,
        ),
        search=lambda obj: {"period": "2031-07"},
        writers=LIBRARY_WRITERS,
        create=lambda lib: {
            "library": lib.pk,
            "date": "2031-07-20",
            "strategy": "advocacy",
            "title": "Audiensi dengan kepala desa",
            "participants_male": 2,
            "participants_female": 1,
        },
        update=lambda obj: {
            "library": obj.library_id,
            "date": "2031-07-16",
            "strategy": "community_engagement",
            "title": "Pelatihan budidaya madu",
            "participants_male": 6,
            "participants_female": 9,
        },
        patch={"title": "Pelatihan pengolahan pangan"},
        references={"library"},
    ),
    "monthly-reports": Resource(
        make=lambda lib: MonthlyReport.objects.create(library=lib, period=MONTH, visitors=120, loans=45, ict_users=30),
        search=lambda obj: {"period": "2031-07"},
        writers=LIBRARY_WRITERS,
        create=lambda lib: {"library": lib.pk, "period": "2031-08", "visitors": 150, "loans": 60, "ict_users": 25},
        update=lambda obj: {"library": obj.library_id, "period": "2031-07", "visitors": 130, "loans": 50},
        patch={"visitors": 99},
        references={"library"},
    ),
}


def classify(path: str) -> tuple[str, str]:
    """``/api/v1/libraries/{id}/`` → ("libraries", "detail"); fails for anything this test cannot judge."""
    match = re.fullmatch(r"/api/v1/([a-z-]+)/(\{[a-z_]+\}/)?", path)
    assert match, f"{path}: no rule for this operation yet; teach tests/api/test_scoping.py"
    name = match.group(1)
    assert name in RESOURCES, f"{path}: add a recipe for {name!r} to RESOURCES in tests/api/test_scoping.py"
    return name, "detail" if match.group(2) else "collection"


def test_the_walk_covers_the_contract_endpoints():
    paths = {path for _, path in OPERATIONS}
    for name in ["provinces", "regencies", "libraries", "aid", "activities", "monthly-reports"]:
        assert f"{PREFIX}{name}/" in paths
        assert any(path.startswith(f"{PREFIX}{name}/{{") for path in paths)


@pytest.mark.parametrize("role", [*ROLES, ANONYMOUS])
@pytest.mark.parametrize(
    ("method", "path"), [pytest.param(*op, id=" ".join(op)) for op in OPERATIONS if op not in PUBLIC]
)
def test_operation_follows_the_scoping_rule(method, path, role, api, api_as):
    name, kind = classify(path)
    resource = RESOURCES[name]
    client = api if role == ANONYMOUS else api_as(role)
    for place in PLACES:
        with transaction.atomic():
            check(client, resource, kind, method, path, role, place)
            transaction.set_rollback(True)


def check(client, resource: Resource, kind: str, method: str, path: str, role: str, place: str) -> None:
    library = library_at(place)
    obj = resource.make(library)
    model = type(obj)
    url = path.replace(path[path.find("{") : path.find("}") + 1], resource.lookup(obj)) if kind == "detail" else path
    visible = role != ANONYMOUS and place in resource.visible[role]
    writer = role in resource.writers
    where = f"{method} {url} as {role} at {place}"

    if method == "GET" and kind == "collection":
        response = client.get(url, {**resource.search(obj), "page_size": 500})
    elif method == "GET":
        response = client.get(url)
    elif method == "POST":
        response = client.post(url, resource.create(library), format="json")
    elif method == "PUT":
        response = client.put(url, resource.update(obj), format="json")
    elif method == "PATCH":
        response = client.patch(url, resource.patch, format="json")
    else:
        response = client.delete(url)
    status = response.status_code

    if role == ANONYMOUS:
        assert status == 401, where
        assert response.headers["WWW-Authenticate"] == "Token", where
        return
    if method == "GET" and kind == "collection":
        assert status == 200, where
        listed = {row[resource.key] for row in response.json()["results"]}
        assert (getattr(obj, resource.key) in listed) == visible, where
    elif method == "GET":
        assert status == (200 if visible else 404), where
        if visible:
            assert response.json()[resource.key] == getattr(obj, resource.key), where
    elif method == "POST":
        expected = 403 if not writer else 201 if visible else 400
        assert status == expected, (where, response.json())
        if status == 400:
            assert resource.references & set(response.json()), (where, response.json())
    else:
        expected = 404 if not visible else 403 if not writer else 204 if method == "DELETE" else 200
        assert status == expected, (where, response.content)
        still_there = model._default_manager.filter(pk=obj.pk).exists()
        assert still_there == (status != 204), where
        if status == 200:
            body = resource.update(obj) if method == "PUT" else resource.patch
            field, value = next(iter(sorted((k, v) for k, v in body.items() if k not in resource.references)))
            assert response.json()[field] == value, where
