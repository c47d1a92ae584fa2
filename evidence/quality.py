"""The data-quality figure: how many records the checks flagged, how many of those the verifiers settled (every
flag accepted) and how many still have an open flag — for a place, and for each of its parts.

One grouped query per call whatever the number of flags: the flags are counted per record in SQL, the records
per part in memory (only flagged records are read).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from activities.models import Flag

#: What a place's parts are, by the place's kind: the field of ``Flag`` that names them.
PARTS = {"national": "province", "province": "regency", "regency": "library", "library": "library"}
WHERE = {"province": "province_id", "regency": "regency_id", "library": "library_id"}
#: The parts a panel shows: those with the most open flags.
SHOWN = 10


@dataclass
class Quality:
    flagged: int = 0
    resolved: int = 0

    @property
    def open(self) -> int:
        return self.flagged - self.resolved

    @property
    def resolved_share(self) -> float | None:
        return self.resolved / self.flagged if self.flagged else None


def flags_of_place(scope: str, code: str, queryset=None):
    """The flags of a place (``scope``: national, province, regency or library; ``code`` as its pages name it)."""
    queryset = Flag.objects.all() if queryset is None else queryset
    if scope in WHERE:
        queryset = queryset.filter(**{WHERE[scope]: code})
    return queryset


def quality(scope: str, code: str, queryset=None, names: dict | None = None) -> tuple[Quality, dict]:
    """The place's figure and each part's (``{part id: Quality}``; parts without a flagged record are absent).

    Given ``names``, it is filled with each part's name, read in the same query.
    """
    part = PARTS[scope]
    fields = [f"{part}_id", *([f"{part}__name"] if names is not None else [])]
    per_record = (
        flags_of_place(scope, code, queryset)
        .values(*fields, "content_type_id", "object_id")
        .annotate(open=Count("pk", filter=Q(resolved_at__isnull=True)))
        .values_list(*fields, "open")
    )
    total, parts = Quality(), {}
    for key, *name, open_flags in per_record:
        figure = parts.setdefault(key, Quality())
        if names is not None:
            names[key] = name[0]
        for target in (total, figure):
            target.flagged += 1
            target.resolved += not open_flags
    return total, parts


def open_flags(scope: str, code: str, queryset=None, limit: int = 50) -> list[Flag]:
    """The open flags of a place, the oldest records first, with their library (a briefing's list)."""
    flags = flags_of_place(scope, code, queryset).filter(resolved_at__isnull=True)
    return list(flags.select_related("library", "content_type").order_by("library__name", "object_id", "code")[:limit])


def panel(scope: str, code: str) -> dict:
    """The figure of a place and of its parts with the most open flags, named (a page's panel; one query)."""
    names = {}
    total, parts = quality(scope, code, names=names)
    rows = sorted(
        ((names.get(key) or "—", figure) for key, figure in parts.items() if key is not None),
        key=lambda row: (-row[1].open, -row[1].flagged, row[0]),
    )
    return {"total": total, "rows": rows[:SHOWN] if scope != "library" else []}
