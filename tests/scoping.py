"""A reusable scoping test case: every role against objects inside and outside its area.

Subclass ``ScopedViewsCase``, say how to make an object belonging to a library
(``make``) and which URLs show it and change it (``view_urls`` / ``change_urls``),
and which roles may change it (``writers``). The case then proves, for every demo
role and for objects in three places (the librarian's own Bangka village, another
Babel regency, and Bali), that viewing is 200 inside the role's area and 404
outside, and that changing is 200 for writers, 403 for other roles inside the area
and 404 outside.
"""

import pytest

from libraries.models import Library

from .conftest import LIBRARIAN

ROLES = ["admin", "konsultan", "dkpus.babel", "dkpus.bali", "dispus.bangka", LIBRARIAN]
PLACES = ["own_village", "belitung_village", "bali_village"]

# Which places each role may see.
VISIBLE = {
    "admin": set(PLACES),
    "konsultan": set(PLACES),
    "dkpus.babel": {"own_village", "belitung_village"},
    "dkpus.bali": {"bali_village"},
    "dispus.bangka": {"own_village"},
    LIBRARIAN: {"own_village"},
}
STAFF = {"admin", "dkpus.babel", "dkpus.bali", "dispus.bangka"}


def library_at(place: str) -> Library:
    if place == "own_village":
        return Library.objects.get(pk=Library.objects.get(pk=_librarian_library_id()).pk)
    if place == "belitung_village":
        return Library.objects.filter(regency_id="19.02", level="village").order_by("pk").first()
    return Library.objects.filter(province_id="51", level="village").order_by("pk").first()


def _librarian_library_id() -> int:
    from accounts.models import RoleAssignment

    return RoleAssignment.objects.get(user__username=LIBRARIAN).library_id


def expected_view(role: str, place: str) -> int:
    return 200 if place in VISIBLE[role] else 404


def expected_change(role: str, place: str, writers: set[str]) -> int:
    if place not in VISIBLE[role]:
        return 404
    return 200 if role in writers else 403


@pytest.mark.django_db
class ScopedViewsCase:
    writers: set[str] = STAFF

    def make(self, library: Library):
        raise NotImplementedError

    def view_urls(self, obj) -> list[str]:
        raise NotImplementedError

    def change_urls(self, obj) -> list[str]:
        return []

    def list_url(self) -> str | None:
        return None

    def listed(self, obj, content: str) -> bool:
        return f'href="{self.view_urls(obj)[0]}"' in content

    @pytest.mark.parametrize("place", PLACES)
    @pytest.mark.parametrize("role", ROLES)
    def test_view_is_limited_to_scope(self, client_as, role, place):
        obj = self.make(library_at(place))
        client = client_as(role)
        for url in self.view_urls(obj):
            assert client.get(url).status_code == expected_view(role, place), url

    @pytest.mark.parametrize("place", PLACES)
    @pytest.mark.parametrize("role", ROLES)
    def test_change_needs_scope_and_write_role(self, client_as, role, place):
        obj = self.make(library_at(place))
        client = client_as(role)
        for url in self.change_urls(obj):
            assert client.get(url).status_code == expected_change(role, place, self.writers), url

    @pytest.mark.parametrize("role", ROLES)
    def test_list_shows_only_scope(self, client_as, role):
        if self.list_url() is None:
            pytest.skip("no list page")
        objects = {place: self.make(library_at(place)) for place in PLACES}
        content = client_as(role).get(self.list_url(), {"per_page": 500}).content.decode()
        for place, obj in objects.items():
            assert self.listed(obj, content) == (place in VISIBLE[role]), place
