"""The checks run once a save is committed, in one job per transaction; a real worker runs them.

And the photo lookup: probing the indexed quarters of the fingerprints finds the same twins as reading every
fingerprint, for every likeness an administrator may set; a saved record is compared with the whole country.
"""

import datetime as dt
import random

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityPhoto, Flag, FlagCode, FlagReason
from evidence import pictures, refresh
from evidence.signals import Batch
from foundation import fingerprints
from libraries.models import Library

from ..conftest import LIBRARIAN
from ..reports.progress.test_worker import wait_for


def rebo() -> Library:
    return Library.objects.get(village_id="19.01.01.2007")


def late(library: Library, title: str) -> Activity:
    date = timezone.localdate() - dt.timedelta(days=60)
    return Activity.objects.create(
        library=library, date=date, strategy="community_engagement", title=title, participants=10
    )


def photo(activity: Activity, value: int) -> ActivityPhoto:
    return ActivityPhoto.objects.create(
        activity=activity, image="x.jpg", thumbnail="x-thumb.jpg", width=1, height=1, size=1, fingerprint=value
    )


@pytest.mark.django_db
def test_one_transaction_asks_for_one_check_once_committed(django_capture_on_commit_callbacks):
    library = rebo()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        records = [late(library, f"Kelas {n}") for n in range(3)]
        assert not Flag.objects.filter(object_id__in=[r.pk for r in records]).exists()  # nothing in the request
    batches = {callback.__self__ for callback in callbacks if isinstance(getattr(callback, "__self__", None), Batch)}
    assert len(batches) == 1
    (batch,) = batches
    assert batch.activities == {record.pk for record in records}
    for callback in callbacks:
        callback()
    assert batch.sent
    flagged = Flag.objects.filter(object_id__in=[r.pk for r in records], code=FlagCode.BACKDATED)
    assert flagged.count() == 3


@pytest.mark.services
def test_a_worker_checks_what_a_librarian_saved(demo_db, celery_worker_process, client):
    """The form answers at once; the record's flag appears when the worker has checked it."""
    from accounts.models import User

    client.force_login(User.objects.get(username=LIBRARIAN))
    data = {
        "client_token": "a4d2b0b4-7a55-4d8e-9b7e-1f1d2a3c4e5f",
        "strategy": "community_engagement",
        "date": (timezone.localdate() - dt.timedelta(days=50)).isoformat(),
        "title": "Pelatihan membatik",
        "target_group": "women",
        "participants_male": "2",
        "participants_female": "12",
    }
    assert client.post(reverse("activities:activity_add"), data).status_code == 302
    record = Activity.objects.get(client_token=data["client_token"])
    assert not record.evidence_flags.exists()  # no worker yet: the job waits in the queue
    celery_worker_process()
    wait_for(lambda: record.evidence_flags.filter(code=FlagCode.BACKDATED).exists(), message="the worker's check")


@pytest.mark.django_db
@pytest.mark.parametrize("distance", [0, 3, 6, 12])
def test_probing_the_index_finds_what_reading_every_fingerprint_finds(distance, monkeypatch):
    rng = random.Random(distance)
    library = rebo()
    bases = [rng.getrandbits(64) - (1 << 63) for _ in range(6)]
    values = []
    for base in bases:
        for flips in (0, 1, 3, 4, 6, 7, 12, 13):
            value = base & ((1 << 64) - 1)
            for bit in rng.sample(range(64), flips):
                value ^= 1 << bit
            values.append(value - (1 << 64) if value >= 1 << 63 else value)
    records = [late(library, f"Kelas {n}") for n in range(len(values))]
    for record, value in zip(records, values, strict=True):
        photo(record, value)
    wanted = [(record.pk, value) for record, value in zip(records[::8], values[::8], strict=True)]
    probed = pictures.alike(wanted, distance)
    monkeypatch.setattr(pictures, "PROBES_AT_MOST", 0)
    read = pictures.alike(wanted, distance)
    assert probed == read
    expected = {
        pk: {
            other.pk
            for other, other_value in zip(records, values, strict=True)
            if other.pk != pk and fingerprints.distance(value, other_value) <= distance
        }
        for pk, value in wanted
    }
    assert probed == {pk: found for pk, found in expected.items() if found}
    assert any(len(found) >= 2 for found in probed.values()) == (distance >= 3)


@pytest.mark.django_db
def test_a_saved_photo_is_compared_with_the_country_and_keeps_the_others_flags(committed):
    value = 0x3C3C_F0F0_5A5A_0FF0
    library = rebo()
    bali = Library.objects.filter(province_id="51").first()
    first, second = late(library, "Kelas A"), late(library, "Kelas B")
    photo(first, value ^ 0b1)
    photo(second, value ^ 0b10)
    refresh.for_libraries([library.pk])
    twin_flag = (FlagCode.PHOTO_REUSED, FlagReason.PHOTO_PICTURE)
    assert twin_flag in set(first.evidence_flags.values_list("code", "reason"))
    assert refresh.for_libraries([library.pk], photos=False) == 0  # an import: no photo compared, none lost
    assert twin_flag in set(second.evidence_flags.values_list("code", "reason"))
    with committed():
        third = late(library, "Kelas C")  # a save without photos: the others' photo flags stay
    assert sorted(first.evidence_flags.get(code=FlagCode.PHOTO_REUSED).related) == [second.pk]
    with committed():
        far = late(bali, "Lomba")
        photo(far, value)
    assert sorted(far.evidence_flags.get(code=FlagCode.PHOTO_REUSED).related) == sorted([first.pk, second.pk])
    assert sorted(first.evidence_flags.get(code=FlagCode.PHOTO_REUSED).related) == sorted([second.pk, far.pk])
    assert not third.evidence_flags.filter(code=FlagCode.PHOTO_REUSED).exists()
    with committed():
        far.delete()
    assert sorted(first.evidence_flags.get(code=FlagCode.PHOTO_REUSED).related) == [second.pk]
