"""Demo libraries from the program's public record (see the domain notes)."""

import random
from decimal import Decimal

from .choices import FundingSource, LibraryLevel, PartnerType
from .models import Aid, Library, Regency, Village

# Babel's 45 village libraries at the PLM of 21 Sept 2021, with the cohorts reported for each regency:
# regency name -> [(cohort year, number of villages), ...]
BABEL_VILLAGES = {
    "Kabupaten Bangka": [(2018, 10), (2021, 1)],
    "Kabupaten Belitung": [(2019, 10)],
    "Kabupaten Belitung Timur": [(2018, 8), (2021, 1)],
    "Kabupaten Bangka Tengah": [(2019, 4), (2021, 1)],
    "Kabupaten Bangka Selatan": [(2020, 5)],
    "Kabupaten Bangka Barat": [(2020, 5)],
}

# Other village-level libraries named in the public record: (regency code, kind of village, count, cohort).
OTHER_VILLAGES = [
    ("51.71", Village.Kind.KELURAHAN, 4, 2022),  # Denpasar kelurahan at the NTB Bimtek 2023
    ("52.72", Village.Kind.KELURAHAN, 4, 2022),  # Kota Bima kelurahan at the NTB Bimtek 2023
    ("61.11", Village.Kind.DESA, 2, 2019),  # Kayong Utara, pandan weaving in Sukadana
]

PROVINCIAL = {
    "19": "Dinas Kearsipan dan Perpustakaan Provinsi Kepulauan Bangka Belitung",
    "51": "Dinas Kearsipan dan Perpustakaan Provinsi Bali",
    "52": "Dinas Perpustakaan dan Kearsipan Provinsi Nusa Tenggara Barat",
    "61": "Dinas Perpustakaan dan Kearsipan Provinsi Kalimantan Barat",
}
OTHER_REGENCY_LIBRARIES = ["51.71", "52.71", "52.72", "61.11"]

# Approximate centres, for demo coordinates (the map needs somewhere to put each library).
CENTRES = {
    "19": (-2.13, 106.11),
    "51": (-8.65, 115.22),
    "52": (-8.58, 116.12),
    "61": (-0.03, 109.33),
    "19.01": (-1.90, 105.95),
    "19.02": (-2.85, 107.70),
    "19.03": (-2.75, 106.45),
    "19.04": (-2.35, 106.25),
    "19.05": (-1.85, 105.40),
    "19.06": (-2.90, 108.10),
    "51.71": (-8.65, 115.22),
    "52.71": (-8.58, 116.12),
    "52.72": (-8.46, 118.73),
    "61.11": (-1.25, 110.05),
}


def _coordinates(code: str, rng: random.Random) -> tuple[Decimal, Decimal]:
    lat, lon = CENTRES.get(code) or CENTRES.get(code[:5]) or CENTRES[code[:2]]
    return (
        Decimal(str(round(lat + rng.uniform(-0.15, 0.15), 6))),
        Decimal(str(round(lon + rng.uniform(-0.15, 0.15), 6))),
    )


def _spread(villages: list, count: int) -> list:
    """``count`` villages spread evenly over the list, so that demo villages span districts."""
    step = len(villages) / count
    return [villages[int(i * step)] for i in range(count)]


def _village_library(village: Village, cohort: int, rng: random.Random) -> Library:
    lat, lon = _coordinates(village.regency_id, rng)
    library, _ = Library.objects.update_or_create(
        level=LibraryLevel.VILLAGE,
        village=village,
        defaults={
            "name": f"Perpustakaan Desa {village.name}"
            if village.kind != Village.Kind.KELURAHAN
            else f"Perpustakaan Kelurahan {village.name}",
            "province_id": village.code[:2],
            "regency_id": village.regency_id,
            "cohort_year": cohort,
            "partner_type": PartnerType.FULL_SUPPORT,
            "funding_source": FundingSource.DANA_DESA,
            "funding_amount": Decimal(rng.choice([15, 25, 40, 50])) * 1_000_000,
            "latitude": lat,
            "longitude": lon,
            "address": f"Kantor Desa {village.name}",
            "manager_name": f"Pengelola {village.name}",
            "members_count": rng.randint(40, 400),
            "population_served": rng.randint(900, 6000),
        },
    )
    return library


def load() -> dict[str, int]:
    rng = random.Random(2021)
    counts = {"village": 0, "regency": 0, "province": 0}
    for code, name in PROVINCIAL.items():
        lat, lon = _coordinates(code, rng)
        Library.objects.update_or_create(
            level=LibraryLevel.PROVINCE,
            province_id=code,
            defaults={"name": name, "regency": None, "latitude": lat, "longitude": lon, "cohort_year": 2018},
        )
        counts["province"] += 1

    babel_regencies = {r.name: r for r in Regency.objects.filter(province_id="19")}
    regency_codes = [babel_regencies[name].code for name in BABEL_VILLAGES] + OTHER_REGENCY_LIBRARIES
    for regency in Regency.objects.filter(code__in=regency_codes):
        lat, lon = _coordinates(regency.code, rng)
        Library.objects.update_or_create(
            level=LibraryLevel.REGENCY,
            regency=regency,
            defaults={
                "name": f"Dinas Perpustakaan {regency.name}",
                "province_id": regency.province_id,
                "latitude": lat,
                "longitude": lon,
                "cohort_year": 2018,
                "partner_type": PartnerType.FULL_SUPPORT,
            },
        )
        counts["regency"] += 1

    for name, cohorts in BABEL_VILLAGES.items():
        regency = babel_regencies[name]
        villages = list(Village.objects.filter(regency=regency, kind=Village.Kind.DESA).order_by("code"))
        years = [year for year, n in cohorts for _ in range(n)]
        for village, cohort in zip(_spread(villages, len(years)), years, strict=True):
            _village_library(village, cohort, rng)
            counts["village"] += 1

    for regency_code, kind, count, cohort in OTHER_VILLAGES:
        villages = list(Village.objects.filter(regency_id=regency_code, kind=kind).order_by("code"))
        for village in _spread(villages, count):
            _village_library(village, cohort, rng)
            counts["village"] += 1

    _load_aid()
    return counts


def _load_aid() -> None:
    """Aid every Babel village library received: books, a computer, and the Bimtek."""
    items = [("books", 1000, 2021), ("computer", 2, 2021), ("technical_guidance", 1, 2021)]
    libraries = Library.objects.filter(province_id="19", level=LibraryLevel.VILLAGE).exclude(aid__isnull=False)
    Aid.objects.bulk_create(
        Aid(library=library, item=item, quantity=quantity, year=year, source="Perpusnas")
        for library in libraries
        for item, quantity, year in items
    )
