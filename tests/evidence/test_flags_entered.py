"""Every check on records entered through the forms and the API, and flags following their related records.

The checks run once a save is committed (a job); ``committed`` runs it at the end of its block, so the flags
are read after it, as a verifier sees them.

The contradictions a form or the API refuses outright (a non-funds advocacy with an amount, a regulation
without its kind, a split of participants unlike the total) never reach the checks from there: they are
tested on the SIM import (``tests/sim/test_evidence_import.py``), where SIM let them in.
"""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityPhoto, FlagCode, FlagReason, ServiceSnapshot
from evidence.models import EvidenceSettings
from libraries.models import Library

from ..conftest import LIBRARIAN
from .pictures import jpeg, picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def rebo() -> Library:
    return Library.objects.get(village_id="19.01.01.2007")


def codes(record) -> set[tuple[str, str]]:
    return set(record.evidence_flags.values_list("code", "reason"))


def form_data(**overrides) -> dict:
    data = {
        "client_token": str(uuid.uuid4()),
        "strategy": "community_engagement",
        "date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "title": "Pelatihan budidaya madu kelulut",
        "target_group": "farmers",
        "participants_male": "9",
        "participants_female": "11",
    }
    return {**data, **overrides}


def add_by_form(committed, client, **overrides) -> Activity:
    data = form_data(**overrides)
    with committed():
        response = client.post(reverse("activities:activity_add"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return Activity.objects.get(client_token=data["client_token"])


def test_a_clean_activity_by_the_form_has_no_flag(committed, client_as):
    assert codes(add_by_form(committed, client_as(LIBRARIAN))) == set()


def test_backdated_by_the_form_and_the_api(committed, client_as, api_as):
    late = (timezone.localdate() - dt.timedelta(days=45)).isoformat()
    record = add_by_form(committed, client_as(LIBRARIAN), date=late)
    assert codes(record) == {(FlagCode.BACKDATED, FlagReason.BACKDATED)}
    assert record.evidence_flags.get().details == {"days": 45}
    body = {"library": rebo().pk, "date": late, "strategy": "community_engagement", "title": "Kelas komputer"}
    client = api_as(LIBRARIAN)
    with committed():
        data = client.post("/api/v1/activities/", {**body, "participants": 12}, format="json").json()
    assert data["flags"] == []  # the checks run once the record is saved
    url = f"/api/v1/activities/{data['id']}/"
    assert [flag["code"] for flag in client.get(url).json()["flags"]] == ["backdated"]
    # Corrected to its true date, the flag goes.
    on_time = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    with committed():
        assert client.patch(url, {"date": on_time}, format="json").status_code == 200
    assert client.get(url).json()["flags"] == []


def test_a_threshold_set_by_an_administrator_applies(committed, client_as):
    with committed():
        EvidenceSettings.objects.create(backdated_days=60)
    late = (timezone.localdate() - dt.timedelta(days=45)).isoformat()
    assert codes(add_by_form(committed, client_as(LIBRARIAN), date=late)) == set()


def test_duplicate_by_the_form_flags_both_and_goes_when_one_changes(committed, client_as):
    client = client_as(LIBRARIAN)
    today = timezone.localdate()
    first = add_by_form(committed, client, date=(today - dt.timedelta(days=5)).isoformat())
    second = add_by_form(
        committed, client, date=(today - dt.timedelta(days=2)).isoformat(), title="pelatihan BUDIDAYA madu kelulut!"
    )
    assert codes(first) == codes(second) == {(FlagCode.DUPLICATE, FlagReason.DUPLICATE)}
    assert first.evidence_flags.get().related == [second.pk]
    assert second.evidence_flags.get().details == {"days": 3}
    data = form_data(title="Kelas menjahit", date=second.date.isoformat())
    with committed():
        assert client.post(reverse("activities:activity_edit", args=[second.pk]), data).status_code == 302
    assert codes(first) == codes(second) == set()


def test_duplicate_link_by_the_api_flags_both(committed, api_as):
    client = api_as(LIBRARIAN)
    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    body = {"library": rebo().pk, "date": day, "kind": "online", "outlet": "Bangka Pos"}
    link = "https://bangka.example.id/berita/perpustakaan-rebo"
    with committed():
        first = client.post("/api/v1/publications/", {**body, "title": "Berita 1", "link": link}, format="json")
    first = client.get(f"/api/v1/publications/{first.json()['id']}/").json()
    assert first["flags"] == []
    with committed():
        second = client.post("/api/v1/publications/", {**body, "title": "Berita 2", "link": link}, format="json")
    second = client.get(f"/api/v1/publications/{second.json()['id']}/").json()
    assert second["flags"] == [
        {"code": "duplicate_link", "message": second["flags"][0]["message"], "related": [first["id"]]}
    ]
    again = client.get(f"/api/v1/publications/{first['id']}/").json()
    assert [(flag["code"], flag["related"]) for flag in again["flags"]] == [("duplicate_link", [second["id"]])]
    with committed():
        client.delete(f"/api/v1/publications/{second['id']}/")
    assert client.get(f"/api/v1/publications/{first['id']}/").json()["flags"] == []


def test_an_all_zero_snapshot_by_the_api(committed, api_as):
    body = {"library": rebo().pk, "period": "2025-02", "books": 0, "digital_books": 0, "computers": 0}
    client = api_as(LIBRARIAN)
    with committed():
        data = client.post("/api/v1/service-snapshots/", {**body, "bandwidth_mbps": "0"}, format="json").json()
    url = f"/api/v1/service-snapshots/{data['id']}/"
    assert [flag["code"] for flag in client.get(url).json()["flags"]] == ["contradiction"]
    snapshot = ServiceSnapshot.objects.get(pk=data["id"])
    assert codes(snapshot) == {(FlagCode.CONTRADICTION, FlagReason.ALL_ZERO)}
    with committed():
        client.patch(url, {"books": 1200}, format="json")
    assert client.get(url).json()["flags"] == []


def test_participants_far_beyond_the_librarys_peak_by_the_api(committed, api_as):
    client = api_as(LIBRARIAN)
    library = rebo()
    Activity.objects.filter(library=library).delete()
    base = {"library": library.pk, "strategy": "community_engagement", "title": "Kelas", "participants": 20}
    with committed():
        for day in (20, 15, 10):
            date = (timezone.localdate() - dt.timedelta(days=day)).isoformat()
            response = client.post("/api/v1/activities/", {**base, "date": date, "title": f"Kelas {day}"})
            assert response.status_code == 201
        date = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
        big = client.post("/api/v1/activities/", {**base, "date": date, "title": "Festival", "participants": 400})
        small = client.post("/api/v1/activities/", {**base, "date": date, "title": "Lomba", "participants": 60})
    big = client.get(f"/api/v1/activities/{big.json()['id']}/").json()
    assert [flag["code"] for flag in big["flags"]] == ["contradiction"]
    assert Activity.objects.get(pk=big["id"]).evidence_flags.get().details == {"participants": 400, "peak": 20}
    small = client.get(f"/api/v1/activities/{small.json()['id']}/").json()
    assert small["flags"] == []  # three times the peak: not far beyond


def test_the_same_photo_smaller_and_re_encoded_is_recognised_a_different_one_is_not(committed, client_as, api_as):
    client = client_as(LIBRARIAN)
    first = add_by_form(committed, client, photos=[SimpleUploadedFile("a.jpg", jpeg(picture(1)), "image/jpeg")])
    assert ActivityPhoto.objects.get(activity=first).fingerprint is not None
    assert codes(first) == set()
    smaller = jpeg(picture(1), quality=35, scale=0.4)
    assert len(smaller) < len(jpeg(picture(1))) / 3
    second = add_by_form(
        committed, client, title="Kelas lain", photos=[SimpleUploadedFile("b.jpg", smaller, "image/jpeg")]
    )
    assert codes(first) == codes(second) == {(FlagCode.PHOTO_REUSED, FlagReason.PHOTO_PICTURE)}
    assert second.evidence_flags.get().related == [first.pk]
    third = add_by_form(
        committed, client, title="Kelas ketiga", photos=[SimpleUploadedFile("c.jpg", jpeg(picture(2)), "image/jpeg")]
    )
    assert codes(third) == set()
    # Through the API too; and deleting the photo clears both.
    photo = SimpleUploadedFile("d.jpg", jpeg(picture(1), quality=60, scale=0.7), "image/jpeg")
    with committed():
        response = api_as(LIBRARIAN).post(
            "/api/v1/activity-photos/", {"activity": third.pk, "image": photo}, format="multipart"
        )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert codes(third) == {(FlagCode.PHOTO_REUSED, FlagReason.PHOTO_PICTURE)}
    assert sorted(third.evidence_flags.get().related) == sorted([first.pk, second.pk])
    with committed():
        ActivityPhoto.objects.get(pk=data["id"]).delete()
    assert codes(third) == set()


def test_a_photo_taken_far_from_the_records_date(committed, client_as):
    day = timezone.localdate() - dt.timedelta(days=3)
    old = jpeg(picture(3), taken_on=day - dt.timedelta(days=200))
    photos = [SimpleUploadedFile("a.jpg", old, "image/jpeg")]
    record = add_by_form(committed, client_as(LIBRARIAN), date=day.isoformat(), photos=photos)
    assert codes(record) == {(FlagCode.CAPTURE_DATE, FlagReason.CAPTURE_DATE)}
    assert record.evidence_flags.get().details == {"days": 200, "taken_on": (day - dt.timedelta(days=200)).isoformat()}
    fresh = jpeg(picture(4), taken_on=day)
    photos = [SimpleUploadedFile("b.jpg", fresh, "image/jpeg")]
    other = add_by_form(committed, client_as(LIBRARIAN), date=day.isoformat(), title="Lain", photos=photos)
    assert codes(other) == set()
    assert ActivityPhoto.objects.get(activity=other).taken_on == day
