"""Which photos are alike: a photo's near twins by its fingerprint, anywhere in the country.

Two ways to the same answer. A few photos (a saved record's) are looked up through the indexed quarters of the
fingerprints (``foundation.fingerprints.near_quarters``): a handful of index probes each, whatever the number of
photos stored. Many photos (an import, new thresholds) are compared with every fingerprint read once and cut
into bands in memory, cheaper than thousands of probes.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from activities.models import ActivityPhoto
from activities.models.photos import fingerprint_quarter
from foundation import fingerprints

#: Above this many quarter values to look up, every fingerprint is read once instead (an import's photos).
PROBES_AT_MOST = 20_000

Photo = tuple[int, int]  # (activity id, fingerprint)


def alike(photos: list[Photo], distance: int) -> dict[int, set[int]]:
    """For each activity of ``photos``, the other activities with a photo at most ``distance`` bits away."""
    photos = [(activity, value) for activity, value in photos if not fingerprints.is_featureless(value)]
    if not photos:
        return {}
    wanted = _near_quarters(photos, distance)
    if sum(len(values) for values in wanted.values()) <= PROBES_AT_MOST:
        others = _probed(wanted)
    else:
        others = _every_fingerprint()
    return _compare(photos, others, distance)


def _near_quarters(photos: list[Photo], distance: int) -> dict[int, set[int]]:
    """Per quarter, the values a twin of one of ``photos`` may have there; a twin matches at least one."""
    radius = distance // fingerprints.QUARTERS
    wanted = defaultdict(set)
    for _activity, value in photos:
        for index in range(fingerprints.QUARTERS):
            wanted[index].update(fingerprints.near_quarters(fingerprints.quarter(value, index), radius))
    return wanted


def _probed(wanted: dict[int, set[int]]) -> list[Photo]:
    """The stored photos with a quarter among ``wanted``: one query, an index scan per quarter."""
    photos = ActivityPhoto.objects.filter(fingerprint__isnull=False).order_by()
    if connection.vendor == "postgresql":
        # ``= ANY(array)``: one parameter per quarter, and a bitmap of the four index scans.
        table = connection.ops.quote_name(ActivityPhoto._meta.db_table)
        terms = [
            f"((({table}.fingerprint >> {fingerprints.QUARTER_BITS * index}) & {fingerprints.QUARTER_MASK})"
            f" = ANY(%s::bigint[]))"
            if index
            else f"(({table}.fingerprint & {fingerprints.QUARTER_MASK}) = ANY(%s::bigint[]))"
            for index in wanted
        ]
        condition = RawSQL(" OR ".join(terms), [sorted(values) for values in wanted.values()], BooleanField())
        return list(photos.filter(condition).values_list("activity_id", "fingerprint"))
    condition = Q()
    for index, values in wanted.items():
        condition |= Q(**{f"quarter_{index}__in": sorted(values)})
    annotations = {f"quarter_{index}": fingerprint_quarter(index) for index in wanted}
    return list(photos.alias(**annotations).filter(condition).values_list("activity_id", "fingerprint"))


def _every_fingerprint() -> list[Photo]:
    return list(
        ActivityPhoto.objects.filter(fingerprint__isnull=False).order_by().values_list("activity_id", "fingerprint")
    )


def _compare(photos: list[Photo], others: list[Photo], distance: int) -> dict[int, set[int]]:
    """Pairs within ``distance`` bits, found through bands (two such share one of ``distance + 1`` bands)."""
    count = distance + 1
    buckets = defaultdict(list)
    for activity, value in others:
        if not fingerprints.is_featureless(value):
            for band in fingerprints.bands(value, count):
                buckets[band].append((activity, value))
    found = defaultdict(set)
    for activity, value in photos:
        for band in fingerprints.bands(value, count):
            for other, other_value in buckets[band]:
                if other != activity and fingerprints.distance(value, other_value) <= distance:
                    found[activity].add(other)
    return found
