"""Keeping the stored flags equal to what the checks find: after a save, a deletion, an import or new thresholds.

``store`` compares the flags found on the records checked with those stored: new ones are inserted, those
whose related records or details changed are updated, those no longer found are removed, all in bulk. An
accepted flag that is still found stays accepted.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from activities.models import Activity, Flag, FlagReason, ServiceSnapshot
from foundation.bulk import insert
from foundation.counting import tables_changed
from libraries.models import Library

from .checks import Found, activity_scope, check_activities, check_snapshots, ids_in
from .models import EvidenceSettings

CHUNK = 5_000


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def store(model, found: Found) -> int:
    """Write what ``found`` says of its checked records of ``model``; how many flags changed."""
    if not found.checked:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    places = {
        pk: (province, regency)
        for pk, province, regency in Library.objects.filter(ids_in("pk", set(found.places.values()))).values_list(
            "pk", "province_id", "regency_id"
        )
    }
    stored = {}
    if found.libraries is not None:
        existing = Flag.objects.filter(ids_in("library_id", found.libraries))
    else:
        existing = Flag.objects.filter(ids_in("object_id", found.checked))
    for flag in existing.filter(content_type=content_type):
        if flag.object_id in found.checked and not _kept(found, flag):
            stored[(flag.object_id, flag.code, flag.reason)] = flag
    gone = [flag.pk for key, flag in stored.items() if key not in found.flags]
    new, changed = [], []
    for key, (related, details) in found.flags.items():
        flag = stored.get(key)
        if flag is None:
            library = found.places[key[0]]
            new.append(
                {
                    "content_type_id": content_type.pk,
                    "object_id": key[0],
                    "code": key[1],
                    "reason": key[2],
                    "related": related,
                    "details": details,
                    "library_id": library,
                    "province_id": places[library][0],
                    "regency_id": places[library][1],
                }
            )
        elif flag.related != related or flag.details != details:
            flag.related, flag.details = related, details
            changed.append(flag)
    with transaction.atomic():
        for chunk in _chunks(gone):
            Flag.objects.filter(ids_in("pk", chunk)).delete()
        insert(Flag, new)
        Flag.objects.bulk_update(changed, ["related", "details"], batch_size=CHUNK)
    if gone or new or changed:
        tables_changed(Flag)
    return len(gone) + len(new) + len(changed)


#: The flags of a record's photos: when only some records' photos were compared, the others' stay as stored.
PICTURE_REASONS = frozenset({FlagReason.PHOTO_PICTURE, FlagReason.CAPTURE_DATE})


def _kept(found: Found, flag: Flag) -> bool:
    return found.pictures is not None and flag.reason in PICTURE_REASONS and flag.object_id not in found.pictures


def related_records(model, pks) -> tuple[set[int], set[int]]:
    """The records the flags of ``pks`` named, and their libraries: they may have to lose their flag."""
    if not pks:
        return set(), set()
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    related = set()
    for chunk in _chunks(sorted(pks)):
        for ids in Flag.objects.filter(ids_in("object_id", chunk), content_type=content_type).values_list(
            "related", flat=True
        ):
            related.update(ids or [])
    if not related:
        return set(), set()
    return related, set(model._base_manager.filter(ids_in("pk", related)).values_list("library_id", flat=True))


def related_libraries(model, pks) -> set[int]:
    return related_records(model, pks)[1]


def activities(pks=(), libraries=(), settings: EvidenceSettings | None = None, photos: bool = True) -> int:
    """Check again the activities ``pks`` and those of ``libraries``, with every record they touch.

    Given only ``pks`` (a save), the photos compared are theirs and those of the records their flags named;
    given ``libraries`` (a deletion, new thresholds), every photo of the libraries' records; none without
    ``photos`` (an import brings no photo: the photo flags of its libraries' records stand as they are).
    """
    related, related_in = related_records(Activity, pks)
    scope = activity_scope(pks, libraries) | related_in
    if not scope:
        return 0
    settings = settings or EvidenceSettings.current()
    pictures = None if libraries and photos else set(pks) | related
    found = check_activities(scope, settings, pictures)
    # A record found alike to one of a library not checked yet (a photo's twin far away): that library's
    # records are checked too, so that the twin carries its flag as well.
    for _round in range(3):
        outside = {pk for related, _details in found.flags.values() for pk in related} - found.checked
        if not outside:
            break
        more = set(Activity._base_manager.filter(ids_in("pk", outside)).values_list("library_id", flat=True))
        if more <= scope:
            break
        scope |= more
        found = check_activities(scope, settings, found.pictures)
    return store(Activity, found)


def snapshots(pks=None, libraries=None) -> int:
    return store(ServiceSnapshot, check_snapshots(pks=pks, libraries=libraries))


def for_libraries(library_ids, photos: bool = True) -> int:
    """Every check of every record of these libraries (an import: without comparing ``photos``)."""
    library_ids = set(library_ids)
    return activities(libraries=library_ids, photos=photos) + snapshots(libraries=library_ids)


def everything() -> int:
    """Every record of the country (new thresholds)."""
    return for_libraries(Library.objects.values_list("pk", flat=True))
