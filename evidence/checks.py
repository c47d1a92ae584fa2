"""The checks themselves: from the records' values to the flags they raise, for many records at once.

Every check reads whole libraries' records in a few set-wide queries (never one per record) and works on
the values in memory, so that checking one saved record and checking a 100,000-record import are the same
code. A record's flags depend on other records (a twin photo, a duplicate, the library's past peak), so the
records checked are those of every library concerned, and of every library sharing a photo or a link with
them (``scope``). ``Found`` maps (record id, code, reason) to the related ids and the details of the message.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL

from activities.choices import AdvocacyResult, Strategy
from activities.models import Activity, ActivityPhoto, AttachmentLink, FlagCode, FlagReason, ServiceSnapshot

from . import pictures
from .models import EvidenceSettings

#: Attachments whose original name is compared: pictures. Signed documents are often filled in from one
#: template under one name (``SK.Kades.pdf``), which proves nothing.
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".bmp", ".tif", ".tiff"}
ACTIVITY_VALUES = [
    "pk",
    "library_id",
    "date",
    "entered_on",
    "strategy",
    "title",
    "participants",
    "result",
    "amount",
    "regulation_kind",
    "media_link",
]
Key = tuple[int, str, str]
NOT_WORD = re.compile(r"[^\w]+")


@dataclass
class Found:
    """The flags found on the records checked (``checked``): what to keep, add or remove."""

    checked: set[int] = field(default_factory=set)
    flags: dict[Key, tuple[list[int], dict]] = field(default_factory=dict)
    places: dict[int, int] = field(default_factory=dict)
    #: When every record of these libraries was checked: their stored flags are read by library.
    libraries: set[int] | None = None
    #: The records whose photos were compared (a saved record and its twins); None: every record checked.
    pictures: set[int] | None = None

    def add(self, pk: int, code: str, reason: str, related=(), **details) -> None:
        self.flags[(pk, code, reason)] = (sorted(set(related) - {pk}), details)


def ids_in(field: str, ids) -> Q:
    """``field IN ids``; on PostgreSQL as one array parameter (thousands of parameters cost seconds)."""
    ids = sorted(ids)
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::bigint[])", [ids])})
    return Q(**{f"{field}__in": ids})


def title_key(title: str) -> str:
    """A title as compared for duplicates: letters and digits only, in lower case, single-spaced."""
    return " ".join(NOT_WORD.sub(" ", (title or "").casefold()).split())


def is_picture(name: str) -> bool:
    return PurePosixPath(name.lower()).suffix in PICTURE_SUFFIXES


def activity_scope(pks=(), libraries=()) -> set[int]:
    """The libraries whose activities are checked together with the activities ``pks`` and ``libraries``."""
    found = set(libraries)
    if pks:
        found |= set(Activity._base_manager.filter(pk__in=list(pks)).values_list("library_id", flat=True))
    if not found:
        return found
    mine = Activity._base_manager.filter(ids_in("library_id", found))
    links = mine.exclude(media_link="").order_by().values("media_link")
    found |= set(
        Activity._base_manager.exclude(media_link="")  # the links' partial index
        .filter(media_link__in=links)
        .order_by()
        .values_list("library_id", flat=True)
        .distinct()
    )
    # Run even when no name is shared: an import's queries do not depend on what it holds.
    found |= set(
        AttachmentLink.objects.filter(names_in(shared_names(found)))
        .order_by()
        .values_list("activity__library_id", flat=True)
        .distinct()
    )
    return found


def names_in(names) -> Q:
    if connection.vendor == "postgresql":
        return Q(original_name__in=RawSQL("SELECT unnest(%s::varchar[])", [sorted(names)]))
    return Q(original_name__in=sorted(names))


def shared_names(libraries) -> list[str]:
    """The original names of the attachments of ``libraries``' records that another record has too.

    One query; its answer is short (a handful of names where the links are many), so that what follows reads
    only their links.
    """
    mine = AttachmentLink.objects.filter(ids_in("activity__library_id", libraries)).exclude(original_name="")
    return list(
        AttachmentLink.objects.filter(original_name__in=mine.order_by().values("original_name"))
        .order_by()
        .values("original_name")
        .annotate(records=Count("activity_id", distinct=True))
        .filter(records__gt=1)
        .values_list("original_name", flat=True)
    )


def check_activities(
    libraries: set[int], settings: EvidenceSettings | None = None, pictures: set[int] | None = None
) -> Found:
    """The flags of every activity of ``libraries`` (``activity_scope``).

    Their photos are compared with every other photo, or only those of the activities ``pictures`` when given
    (a save: the photos of the library's other records have not changed, nor have their flags).
    """
    settings = settings or EvidenceSettings.current()
    found = Found(pictures=None if pictures is None else set(pictures))
    if not libraries:
        return found
    rows = list(Activity._base_manager.filter(ids_in("library_id", libraries)).values(*ACTIVITY_VALUES))
    found.checked = {row["pk"] for row in rows}
    found.libraries = set(libraries)
    found.places = {row["pk"]: row["library_id"] for row in rows}
    for row in rows:
        _own(found, row, settings)
    _duplicates(found, rows, settings)
    _peaks(found, rows, settings)
    _links(found, rows)
    _names(found, libraries)
    _pictures(found, settings)
    return found


def _own(found: Found, row: dict, settings: EvidenceSettings) -> None:
    """What a record says of itself: entered late, or contrary to itself."""
    late = (row["entered_on"] - row["date"]).days if row["entered_on"] and row["date"] else 0
    if late > settings.backdated_days:
        found.add(row["pk"], FlagCode.BACKDATED, FlagReason.BACKDATED, days=late)
    if row["strategy"] != Strategy.ADVOCACY:
        return
    if row["result"] == AdvocacyResult.NON_FUNDS and (row["amount"] or 0) > 0:
        found.add(row["pk"], FlagCode.CONTRADICTION, FlagReason.NON_FUNDS_AMOUNT, amount=str(row["amount"]))
    if row["result"] == AdvocacyResult.REGULATION and not row["regulation_kind"]:
        found.add(row["pk"], FlagCode.CONTRADICTION, FlagReason.REGULATION_KIND)


def _duplicates(found: Found, rows: list[dict], settings: EvidenceSettings) -> None:
    """The same library, the same kind of record, the same title, dates close together."""
    groups = defaultdict(list)
    for row in rows:
        key = title_key(row["title"])
        if key:
            groups[(row["library_id"], row["strategy"], key)].append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda row: row["date"])
        for index, row in enumerate(group):
            near = [
                other
                for other in group[max(0, index - 50) : index + 51]
                if other is not row and abs((other["date"] - row["date"]).days) <= settings.duplicate_days
            ]
            if near:
                days = min(abs((other["date"] - row["date"]).days) for other in near)
                found.add(row["pk"], FlagCode.DUPLICATE, FlagReason.DUPLICATE, [o["pk"] for o in near], days=days)


def _peaks(found: Found, rows: list[dict], settings: EvidenceSettings) -> None:
    """Participants far beyond the most the library reported on the days before (a soft check)."""
    by_day = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["participants"]:
            by_day[row["library_id"]][row["date"]].append(row)
    factor = Decimal(settings.peak_factor)
    for days in by_day.values():
        peak, count = 0, 0
        for day in sorted(days):
            for row in days[day]:
                participants = row["participants"]
                if (
                    count >= settings.peak_history
                    and participants >= settings.peak_minimum
                    and participants > factor * peak
                ):
                    found.add(
                        row["pk"],
                        FlagCode.CONTRADICTION,
                        FlagReason.PARTICIPANTS_PEAK,
                        participants=row["participants"],
                        peak=peak,
                    )
            peak = max(peak, *(row["participants"] for row in days[day]))
            count += len(days[day])


def _links(found: Found, rows: list[dict]) -> None:
    """The same publication link on two records (anywhere in the country)."""
    links = {row["media_link"].strip() for row in rows if row["media_link"].strip()}
    if not links:
        return
    holders = defaultdict(set)
    if connection.vendor == "postgresql":
        where = Q(media_link__in=RawSQL("SELECT unnest(%s::varchar[])", [sorted(links)]))
    else:
        where = Q(media_link__in=sorted(links))
    others = Activity._base_manager.exclude(media_link="").filter(where).values_list("pk", "media_link")
    for pk, link in others:
        holders[link.strip()].add(pk)
    for row in rows:
        link = row["media_link"].strip()
        if link and len(holders[link]) > 1:
            found.add(row["pk"], FlagCode.DUPLICATE_LINK, FlagReason.DUPLICATE_LINK, holders[link])


def _names(found: Found, libraries: set[int]) -> None:
    """An imported picture whose original file name is attached to another record.

    The names shared by two records or more are found in SQL (a handful, where the links are many); only
    their links are read.
    """
    holders = defaultdict(set)
    shared = shared_names(libraries)
    pairs = AttachmentLink.objects.filter(names_in(shared)).order_by().values_list("activity_id", "original_name")
    for pk, name in pairs:
        if is_picture(name):
            holders[name].add(pk)
    for name, pks in holders.items():
        if len(pks) < 2:
            continue
        for pk in pks & found.checked:
            key = (pk, FlagCode.PHOTO_REUSED, FlagReason.PHOTO_NAME)
            related = set(found.flags.get(key, ([], {}))[0]) | pks
            found.add(pk, FlagCode.PHOTO_REUSED, FlagReason.PHOTO_NAME, related, name=name)


def _pictures(found: Found, settings: EvidenceSettings) -> None:
    """An uploaded photo alike (by its fingerprint) to one on another record; a camera date far away.

    With ``found.pictures`` given, the activities alike to theirs are compared too (they gain or keep their
    flag), as far as they are among the records checked (``refresh`` widens the libraries checked to theirs).
    """
    targets = found.checked if found.pictures is None else found.pictures & found.checked
    compared: set[int] = set()
    for _round in range(3):
        rows = list(
            ActivityPhoto.objects.filter(ids_in("activity_id", targets - compared))
            .order_by()
            .values_list("activity_id", "fingerprint", "taken_on", F("activity__date"))
        )
        compared |= targets
        twins = pictures.alike(
            [(activity, value) for activity, value, _taken, _date in rows if value is not None], settings.photo_distance
        )
        for activity, alike in twins.items():
            key = (activity, FlagCode.PHOTO_REUSED, FlagReason.PHOTO_PICTURE)
            related = set(found.flags.get(key, ([], {}))[0]) | alike
            found.add(activity, FlagCode.PHOTO_REUSED, FlagReason.PHOTO_PICTURE, related)
        for activity, _value, taken_on, date in rows:
            if taken_on and date and abs((date - taken_on).days) > settings.capture_days:
                found.add(
                    activity,
                    FlagCode.CAPTURE_DATE,
                    FlagReason.CAPTURE_DATE,
                    taken_on=taken_on.isoformat(),
                    days=abs((date - taken_on).days),
                )
        if found.pictures is None:
            return
        reached = {other for alike in twins.values() for other in alike}
        found.pictures |= reached
        targets = (reached & found.checked) - compared
        if not targets:
            return


def check_snapshots(pks=None, libraries=None) -> Found:
    """The flags of service snapshots (by id or by library): an all-zero snapshot says nothing true."""
    found = Found()
    queryset = ServiceSnapshot._base_manager.all()
    if pks is not None:
        queryset = queryset.filter(pk__in=sorted(pks))
    if libraries is not None:
        queryset = queryset.filter(ids_in("library_id", libraries))
        found.libraries = set(libraries)
    rows = queryset.values_list("pk", "library_id", "books", "digital_books", "computers", "bandwidth_mbps")
    for pk, library, books, digital, computers, bandwidth in rows:
        found.checked.add(pk)
        found.places[pk] = library
        if not (books or digital or computers or bandwidth):
            found.add(pk, FlagCode.CONTRADICTION, FlagReason.ALL_ZERO)
    return found
