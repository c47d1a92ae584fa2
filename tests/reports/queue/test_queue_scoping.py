"""The queue's pages for every role against records inside and outside its area."""

import pytest
from django.urls import reverse

from activities import verification

from ...conftest import LIBRARIAN
from ...scoping import PLACES, ROLES, STAFF, VISIBLE, ScopedViewsCase, library_at
from . import records


def page_of(record) -> str:
    return reverse("reports:queue_record", args=["activities", record.pk])


class TestQueuePages(ScopedViewsCase):
    @pytest.fixture(autouse=True)
    def quiet(self, db):
        records.quiet()

    def make(self, library):
        return records.engagement(library)

    def view_urls(self, obj):
        return [page_of(obj)]

    def list_url(self):
        return reverse("reports:queue")

    def listed(self, obj, content):
        return f'href="{page_of(obj)}"' in content


def expected_step(role: str, place: str) -> int:
    if place not in VISIBLE[role]:
        return 404
    return 302 if role in STAFF else 403


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_verify_and_return_need_the_area_and_a_verifier(client_as, role, place):
    records.quiet()
    client = client_as(role)
    first, second = records.engagement(library_at(place)), records.engagement(library_at(place))
    verify = client.post(reverse("reports:queue_record_verify", args=["activities", first.pk]))
    assert verify.status_code == expected_step(role, place)
    back = client.post(reverse("reports:queue_record_return", args=["activities", second.pk]), {"comment": "Kurang"})
    assert back.status_code == expected_step(role, place)
    first.refresh_from_db()
    second.refresh_from_db()
    allowed = expected_step(role, place) == 302
    assert (first.verification, second.verification) == (
        ("verified", "returned") if allowed else ("unverified", "unverified")
    )


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_skipping_to_the_next_needs_the_area(client_as, role, place):
    records.quiet()
    record = records.engagement(library_at(place))
    response = client_as(role).get(reverse("reports:queue_record_next", args=["activities", record.pk]))
    assert response.status_code == (302 if place in VISIBLE[role] else 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_returned_list_shows_only_the_area(client_as, user, role):
    records.quiet()
    returned = {}
    for place in PLACES:
        record = records.engagement(library_at(place), title=f"Dikembalikan {place}")
        verification.return_record(record, user("admin"), f"Perbaiki {place}")
        returned[place] = record
    content = client_as(role).get(reverse("reports:queue_returned")).content.decode()
    for place in returned:
        assert (f"Perbaiki {place}" in content) == (place in VISIBLE[role]), place


KINDS = ["activities", "advocacy", "publications", "service-snapshots", "replications", "monthly-reports"]


def expected_page(role: str, place: str, slug: str) -> int:
    """A record's page opens in the role's area; a replication programme belongs to a regency, not a village,
    so the librarian, whose area is the village, does not read the regency's."""
    if slug == "replications" and role == LIBRARIAN:
        return 404
    return 200 if place in VISIBLE[role] else 404


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_queue_answers_every_role(client_as, role, place):
    """The walk of the queue's addresses: the lists for everyone, each kind's record page inside the area only."""
    records.quiet()
    client = client_as(role)
    for url in (reverse("reports:queue"), reverse("reports:queue_returned")):
        assert client.get(url).status_code == 200, url
    for slug, record in zip(KINDS, records.every_kind(library_at(place)), strict=True):
        url = reverse("reports:queue_record", args=[slug, record.pk])
        assert client.get(url).status_code == expected_page(role, place, slug), url
