"""Synthetic national-scale data for benchmarks: libraries on real villages, activities, monthly reports.

Deterministic for a seed. On PostgreSQL rows go in with COPY (millions of rows in minutes on two cores);
elsewhere with ``bulk_create`` in batches. Columns a model adds later get their field defaults, so the
generator keeps working as models grow.
"""

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone

from activities.choices import MediaKind, Strategy, TargetGroup
from activities.models import Activity
from libraries.choices import FundingSource, LibraryLevel, PartnerType
from libraries.models import Library, Regency, Village

from . import dashboard_cache
from .choices import ReportStatus
from .deadlines import deadline_for, next_month, previous_month
from .models import MonthlyReport

# Rough centres of the 38 provinces, so that synthetic libraries land on the right part of the map.
PROVINCE_CENTRES = {
    "11": (4.4, 96.9), "12": (2.2, 99.1), "13": (-0.7, 100.6), "14": (0.3, 101.7), "15": (-1.6, 103.1),
    "16": (-3.3, 104.2), "17": (-3.8, 102.3), "18": (-4.6, 105.2), "19": (-2.4, 106.4), "21": (3.9, 108.1),
    "31": (-6.2, 106.8), "32": (-6.9, 107.6), "33": (-7.2, 110.2), "34": (-7.9, 110.4), "35": (-7.5, 112.2),
    "36": (-6.4, 106.1), "51": (-8.4, 115.2), "52": (-8.6, 117.4), "53": (-9.5, 121.1), "61": (-0.1, 111.1),
    "62": (-1.7, 113.4), "63": (-3.1, 115.3), "64": (0.5, 116.4), "65": (3.1, 116.0), "71": (0.9, 124.5),
    "72": (-1.4, 121.4), "73": (-3.7, 119.9), "74": (-4.1, 122.2), "75": (0.7, 122.5), "76": (-2.5, 119.2),
    "81": (-3.2, 129.5), "82": (1.6, 127.8), "91": (-1.3, 133.2), "92": (-1.0, 132.5), "94": (-4.3, 138.1),
    "95": (-3.4, 136.3), "96": (-3.5, 140.3), "97": (-6.7, 139.9),
}  # fmt: skip

SKILLS = ["kerajinan pandan", "budidaya madu", "pengolahan pangan", "menjahit", "pemasaran digital", "literasi"]
STRATEGY_WEIGHTS = [
    (Strategy.COMMUNITY_ENGAGEMENT, 50),
    (Strategy.SERVICE_IMPROVEMENT, 25),
    (Strategy.ADVOCACY, 15),
    (Strategy.MEDIA_PUBLICATION, 10),
]


@dataclass
class GenerationResult:
    libraries: int = 0
    activities: int = 0
    monthly_reports: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _rows_with_defaults(model: type[models.Model], given: list[str]) -> tuple[list[str], list]:
    """The model's concrete columns (except the id) and the default value of each column not in ``given``."""
    columns, defaults = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f.column)
        if f.attname in given:
            defaults.append(None)
        elif f.has_default():
            defaults.append(f.get_default())
        elif f.null:
            defaults.append(None)
        elif isinstance(f, models.DateTimeField):
            defaults.append(timezone.now())
        else:
            defaults.append("")
    return columns, defaults


def _insert(model: type[models.Model], rows: Iterable[dict]) -> int:
    """Insert dict rows (keyed by attname) with COPY on PostgreSQL, bulk_create elsewhere."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    given = list(first)
    columns, defaults = _rows_with_defaults(model, given)
    attnames = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    positions = {name: attnames.index(name) for name in given}

    def as_tuples(source: Iterator[dict]):
        for row in source:
            values = list(defaults)
            for name, value in row.items():
                values[positions[name]] = value
            yield values

    count = 0
    all_rows = _chain(first, rows)
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for values in as_tuples(all_rows):
                    copy.write_row(values)
                    count += 1
        return count
    batch = []
    for values in as_tuples(all_rows):
        batch.append(model(**dict(zip(attnames, values, strict=True))))
        if len(batch) == 5000:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count + len(batch)


def _chain(first, rest):
    yield first
    yield from rest


def _months(end: dt.date, count: int) -> list[dt.date]:
    months = [end]
    for _ in range(count - 1):
        months.append(previous_month(months[-1]))
    return sorted(months)


def _pick(rng: random.Random, weighted):
    return rng.choices([value for value, _ in weighted], weights=[w for _, w in weighted])[0]


@transaction.atomic
def generate(libraries: int, months: int, activities: int, seed: int, end: dt.date | None = None) -> GenerationResult:
    rng = random.Random(seed)
    end = end or previous_month(timezone.localdate().replace(day=1))
    periods = _months(end, months)
    result = GenerationResult()

    taken = set(Library.objects.filter(level=LibraryLevel.VILLAGE).values_list("village_id", flat=True))
    village_codes = [
        code for code in Village.objects.order_by("code").values_list("code", flat=True) if code not in taken
    ]
    if libraries > len(village_codes):
        raise ValueError(f"Only {len(village_codes)} villages have no library yet; asked for {libraries}.")
    chosen = sorted(rng.sample(village_codes, libraries))
    names = dict(Village.objects.filter(code__in=chosen).values_list("code", "name")) if libraries <= 20000 else {}
    now = timezone.now()

    def library_rows():
        for code in chosen:
            lat, lon = PROVINCE_CENTRES.get(code[:2], (-2.5, 118.0))
            yield {
                "name": f"Perpustakaan Desa {names.get(code, code)}",
                "level": LibraryLevel.VILLAGE,
                "province_id": code[:2],
                "regency_id": code[:5],
                "district_id": code[:8],
                "village_id": code,
                "latitude": round(lat + rng.uniform(-1.0, 1.0), 6),
                "longitude": round(lon + rng.uniform(-1.0, 1.0), 6),
                "cohort_year": rng.randint(2018, min(2024, end.year)),
                "partner_type": _pick(rng, [(PartnerType.FULL_SUPPORT, 40), (PartnerType.SELF_REPLICATION, 60)]),
                "funding_source": FundingSource.DANA_DESA,
                "members_count": rng.randint(30, 600),
                "population_served": rng.randint(800, 9000),
                "is_active": rng.random() > 0.02,
                "created_at": now,
                "updated_at": now,
            }

    result.libraries = _insert(Library, library_rows())
    result.extra["regency_libraries"] = _regency_libraries({code[:5] for code in chosen}, now)

    library_ids = list(
        Library.objects.filter(village_id__in=chosen).order_by("village_id").values_list("pk", flat=True)
    )

    def activity_rows():
        for library_id in library_ids:
            for period in periods:
                days = (next_month(period) - period).days
                for _ in range(activities):
                    strategy = _pick(rng, STRATEGY_WEIGHTS)
                    media = strategy == Strategy.MEDIA_PUBLICATION
                    yield {
                        "library_id": library_id,
                        "date": period + dt.timedelta(days=rng.randrange(days)),
                        "strategy": strategy,
                        "title": f"Kegiatan {rng.choice(SKILLS)}",
                        "skill_area": rng.choice(SKILLS),
                        "target_group": rng.choice(TargetGroup.values),
                        "participants_male": rng.randint(0, 25),
                        "participants_female": rng.randint(0, 30),
                        "media_kind": rng.choice(MediaKind.values) if media else "",
                        "created_at": now,
                        "updated_at": now,
                    }

    result.activities = _insert(Activity, activity_rows())

    def report_rows():
        for library_id in library_ids:
            for period in periods:
                roll = rng.random()
                if roll < 0.08:
                    continue  # missing
                deadline = deadline_for(period)
                late = rng.random() < 0.2
                submitted = (
                    deadline + dt.timedelta(days=rng.randint(1, 20))
                    if late
                    else deadline - dt.timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 20))
                )
                status = _pick(
                    rng,
                    [
                        (ReportStatus.VERIFIED, 75),
                        (ReportStatus.SUBMITTED, 15),
                        (ReportStatus.RETURNED, 6),
                        (ReportStatus.DRAFT, 4),
                    ],
                )
                yield {
                    "library_id": library_id,
                    "period": period,
                    "visitors": rng.randint(20, 900),
                    "loans": rng.randint(5, 400),
                    "new_members": rng.randint(0, 30),
                    "ict_users": rng.randint(0, 200),
                    "books": rng.randint(700, 3000),
                    "digital_books": rng.randint(0, 500),
                    "status": status,
                    "submitted_at": None if status == ReportStatus.DRAFT else submitted,
                    "verified_at": submitted + dt.timedelta(days=3) if status == ReportStatus.VERIFIED else None,
                    "return_comment": "Mohon lengkapi data pengunjung." if status == ReportStatus.RETURNED else "",
                    "created_at": now,
                    "updated_at": now,
                }

    result.monthly_reports = _insert(MonthlyReport, report_rows())
    # Rows written with COPY send no signals: cached dashboard figures must not outlive them.
    transaction.on_commit(dashboard_cache.invalidate_all)
    return result


def _regency_libraries(regency_codes: set[str], now) -> int:
    """One regency library for every regency that got synthetic village libraries, where none exists yet."""
    existing = set(Library.objects.filter(level=LibraryLevel.REGENCY).values_list("regency_id", flat=True))
    missing = Regency.objects.filter(code__in=regency_codes - existing).order_by("code")
    return _insert(
        Library,
        (
            {
                "name": f"Dinas Perpustakaan {regency.name}",
                "level": LibraryLevel.REGENCY,
                "province_id": regency.province_id,
                "regency_id": regency.code,
                "cohort_year": 2018,
                "created_at": now,
                "updated_at": now,
            }
            for regency in missing
        ),
    )
