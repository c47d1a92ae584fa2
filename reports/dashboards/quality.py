"""The dashboard's data-quality panel: records flagged by the evidence checks, settled and still open, for the
place and each of its parts (provinces of the nation, regencies of a province, libraries of a regency)."""

from __future__ import annotations

from evidence.quality import quality
from libraries.models import Library, Province, Regency

NAMES = {"national": Province, "province": Regency, "regency": Library, "library": Library}
#: The parts shown: those with the most open flags.
SHOWN = 10


def data_quality(place) -> dict:
    total, parts = quality(place.scope, place.code)
    model = NAMES[place.scope]
    names = dict(model.objects.filter(pk__in=[key for key in parts if key is not None]).values_list("pk", "name"))
    rows = sorted(
        ((names.get(key, "—"), figure) for key, figure in parts.items() if key is not None),
        key=lambda row: (-row[1].open, -row[1].flagged, row[0]),
    )
    return {"total": total, "rows": rows[:SHOWN] if place.scope != "library" else []}
