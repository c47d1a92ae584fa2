"""Synthetic national-scale data for benchmarks: libraries on real villages and everything they record.

Libraries on randomly chosen real villages (all of Indonesia), with their cohorts (a tenth joined twice)
and most with an NPP, one regency library per regency that got some (a partner that records nothing:
never scored); per library and month the given number of activities of the four strategies with their own
fields (engagement with and without a split by sex, advocacy with results and amounts, publications; some
with photos), a monthly report (some missing, late, returned, still drafts or taken in from SIM; most with
visitors by sex), most months a service snapshot (now and then corrected); every record verified,
awaiting verification or returned; now and then a success story; replication programmes of some regencies
and provinces each year; SIM TPBIS's score of some libraries; a synergy team per province and for some
regencies, with members, meetings and commitments in every state.

Rows are written month after month, as a running portal writes them, so that a month's activities
and reports lie together on disk as they would in production (the benchmarks depend on it).
Deterministic for a seed: each kind of record draws from its own random stream. On PostgreSQL rows
go in with COPY (millions of rows in minutes on two cores); elsewhere with ``bulk_create`` in
batches. Columns a model adds later get their field defaults, so the generator keeps working as
models grow. Photos are metadata rows sharing one small placeholder image (the photo view serves it).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from activities.models import Activity, ActivityPhoto, Replication, ServiceSnapshot, SuccessStory
from foundation.counting import tables_changed
from foundation.months import previous_month
from libraries.choices import (
    FundingSource,
    LibraryLevel,
    PartnerType,
)
from libraries.models import (
    Cohort,
    Commitment,
    Library,
    Meeting,
    Regency,
    SynergyTeam,
    TeamMember,
    Village,
)
from reports import province_months
from reports.dashboards import cache as dashboard_cache
from reports.models import MonthlyReport, SimScore

from .bulk import insert, next_id, reset_sequence
from .records import (
    REPLICATION_COLUMNS,
    SNAPSHOT_COLUMNS,
    cohort_rows,
    replication_rows,
    second_cohort,
    sim_score_rows,
    snapshot_rows,
)
from .rows import (
    ACTIVITY_COLUMNS,
    PLACEHOLDER,
    PLACEHOLDER_THUMB,
    REPORT_COLUMNS,
    Weighted,
    activity_rows,
    photo_rows,
    report_rows,
    story_rows,
)
from .synergy import synergy

# Rough centres of the 38 provinces, so that synthetic libraries land on the right part of the map.
PROVINCE_CENTRES = {
    "11": (4.4, 96.9), "12": (2.2, 99.1), "13": (-0.7, 100.6), "14": (0.3, 101.7), "15": (-1.6, 103.1),
    "16": (-3.3, 104.2), "17": (-3.8, 102.3), "18": (-4.6, 105.2), "19": (-2.4, 106.4), "21": (3.9, 108.1),
    "31": (-6.2, 106.8), "32": (-6.9, 107.6), "33": (-7.2, 110.2), "34": (-7.9, 110.4), "35": (-7.5, 112.2),
    "36": (-6.4, 106.1), "51": (-8.4, 115.2), "52": (-8.6, 117.4), "53": (-9.5, 121.1), "61": (-0.1, 111.1),
    "62": (-1.7, 113.4), "63": (-3.1, 115.3), "64": (0.5, 116.4), "65": (3.1, 116.0), "71": (0.9, 124.5),
    "72": (-1.4, 121.4), "73": (-3.7, 119.9), "74": (-4.1, 122.2), "75": (0.7, 122.5), "76": (-2.5, 119.2),
    "81": (-3.2, 129.5), "82": (1.6, 127.8), "91": (-2.2, 138.6), "92": (-1.9, 133.5), "93": (-6.8, 139.6),
    "94": (-3.7, 136.4), "95": (-4.1, 139.0), "96": (-1.0, 131.6),
}  # fmt: skip


@dataclass
class GenerationResult:
    libraries: int = 0
    activities: int = 0
    monthly_reports: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _months(end: dt.date, count: int) -> list[dt.date]:
    months = [end]
    for _ in range(count - 1):
        months.append(previous_month(months[-1]))
    return sorted(months)


def placeholder_photo() -> None:
    """The one small image every synthetic photo row points to (written once under MEDIA_ROOT)."""
    from PIL import Image

    from activities.storage import photo_storage

    for name, size in ((PLACEHOLDER, (640, 480)), (PLACEHOLDER_THUMB, (160, 120))):
        path = Path(photo_storage.path(name))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            Image.new("RGB", size, (46, 125, 50)).save(buffer, "JPEG", quality=70)
            path.write_bytes(buffer.getvalue())


@transaction.atomic
def generate(libraries: int, months: int, activities: int, seed: int, end: dt.date | None = None) -> GenerationResult:
    end = end or previous_month(timezone.localdate().replace(day=1))
    periods = _months(end, months)
    result = GenerationResult()
    rng = random.Random(f"{seed}:libraries")

    taken = set(Library.objects.filter(level=LibraryLevel.VILLAGE).values_list("village_id", flat=True))
    village_codes = [
        code for code in Village.objects.order_by("code").values_list("code", flat=True) if code not in taken
    ]
    if libraries > len(village_codes):
        raise ValueError(f"Only {len(village_codes)} villages have no library yet; asked for {libraries}.")
    chosen = sorted(rng.sample(village_codes, libraries))
    names = dict(Village.objects.filter(code__in=chosen).values_list("code", "name")) if libraries <= 20000 else {}
    now = timezone.now()
    partner = Weighted([(PartnerType.FULL_SUPPORT, 40), (PartnerType.SELF_REPLICATION, 60)])

    library_rows, cohorts = [], []
    for code in chosen:
        lat, lon = PROVINCE_CENTRES.get(code[:2], (-2.5, 118.0))
        year = rng.randint(2018, min(2024, end.year))
        support = partner(rng)
        again = second_cohort(rng, year, end.year)
        cohorts.append((year, support, again))
        library_rows.append(
            (
                f"Perpustakaan Desa {names.get(code, code)}",
                LibraryLevel.VILLAGE,
                code[:2],
                code[:5],
                code[:8],
                code,
                round(lat + rng.uniform(-1.0, 1.0), 6),
                round(lon + rng.uniform(-1.0, 1.0), 6),
                year,
                PartnerType.SELF_REPLICATION if again else support,
                FundingSource.DANA_DESA,
                rng.randint(30, 600),
                rng.randint(800, 9000),
                rng.random() > 0.02,
                now,
                now,
                code.replace(".", "") if rng.random() < 0.7 else None,
            )
        )
    result.libraries = insert(
        Library,
        [
            "name",
            "level",
            "province_id",
            "regency_id",
            "district_id",
            "village_id",
            "latitude",
            "longitude",
            "cohort_year",
            "partner_type",
            "funding_source",
            "members_count",
            "population_served",
            "is_active",
            "created_at",
            "updated_at",
            "npp",
        ],
        library_rows,
    )
    regencies = sorted({code[:5] for code in chosen})
    result.extra["regency_libraries"] = _regency_libraries(set(regencies), now)
    library_ids = list(
        Library.objects.filter(village_id__in=chosen).order_by("village_id").values_list("pk", flat=True)
    )

    result.extra["cohorts"] = insert(
        Cohort,
        ["library_id", "year", "partner_type", "label"],
        cohort_rows([(pk, *cohort) for pk, cohort in zip(library_ids, cohorts, strict=True)]),
    )
    result.extra["cohorts"] += _regency_cohorts(regencies)
    first_activity = next_id(Activity)
    result.activities = insert(
        Activity, ACTIVITY_COLUMNS, activity_rows(library_ids, periods, activities, seed, first_activity)
    )
    reset_sequence(Activity)
    placeholder_photo()
    result.extra["photos"] = insert(
        ActivityPhoto,
        (
            "activity_id",
            "image",
            "thumbnail",
            "width",
            "height",
            "size",
            "caption",
            "created_at",
            "fingerprint",
            "taken_on",
        ),
        photo_rows(result.activities, periods, len(library_ids), activities, seed, first_activity),
    )
    result.monthly_reports = insert(MonthlyReport, REPORT_COLUMNS, report_rows(library_ids, periods, seed))
    result.extra["service_snapshots"] = insert(
        ServiceSnapshot, SNAPSHOT_COLUMNS, snapshot_rows(library_ids, periods, seed)
    )
    result.extra.update(_replications(regencies, sorted({p.year for p in periods}), library_ids, chosen, seed))
    result.extra["sim_scores"] = insert(
        SimScore,
        ["library_id", "score", "as_of", "period_from", "period_to"],
        sim_score_rows(library_ids, end.replace(day=15), seed),
    )
    result.extra["success_stories"] = insert(
        SuccessStory,
        [
            "library_id",
            "activity_id",
            "date",
            "person_name",
            "person_description",
            "title",
            "story",
            "measure",
            "value_before",
            "value_after",
            "consent_to_publish",
            "created_at",
            "updated_at",
        ],
        story_rows(library_ids, periods, activities, seed, first_activity),
    )
    result.extra.update(synergy(regencies, periods, seed, now))
    # COPY sends no signals: lists count these tables again, cached dashboard figures must not outlive them.
    tables_changed(Library, Activity, ActivityPhoto, MonthlyReport, SuccessStory, SynergyTeam, TeamMember, Meeting)
    tables_changed(Commitment, Cohort, ServiceSnapshot, Replication, Replication.libraries.through, SimScore)
    transaction.on_commit(dashboard_cache.invalidate_all)
    if connection.vendor == "postgresql":  # the differences its statements appended, one row per group
        result.extra["province_month_groups_folded"] = province_months.fold()
    return result


def _regency_cohorts(regencies: list[str]) -> int:
    """The regency libraries' cohort (their cohort year): partners like the villages."""
    libraries = Library.objects.filter(level=LibraryLevel.REGENCY, regency_id__in=regencies, cohort_year__isnull=False)
    libraries = libraries.filter(cohorts__isnull=True).values_list("pk", "cohort_year", "partner_type")
    return insert(
        Cohort, ["library_id", "year", "partner_type", "label"], ((pk, y, t, str(y)) for pk, y, t in libraries)
    )


def _replications(regencies, years, library_ids, chosen, seed) -> dict[str, int]:
    """Replication programmes, each with up to five of its regency's synthetic libraries where it has any."""
    first = next_id(Replication)
    rows = list(replication_rows(regencies, years, seed, first))
    counts = {"replications": insert(Replication, REPLICATION_COLUMNS, rows)}
    reset_sequence(Replication)
    by_regency: dict[str, list[int]] = {}
    for pk, code in zip(library_ids, chosen, strict=True):
        by_regency.setdefault(code[:5], []).append(pk)
    covered = [(row[0], pk) for row in rows if row[2] is not None for pk in by_regency.get(row[2], [])[:5]]
    counts["replication_libraries"] = insert(Replication.libraries.through, ["replication_id", "library_id"], covered)
    return counts


def _regency_libraries(regency_codes: set[str], now) -> int:
    """One regency library for every regency that got synthetic village libraries, where none exists yet."""
    existing = set(Library.objects.filter(level=LibraryLevel.REGENCY).values_list("regency_id", flat=True))
    missing = Regency.objects.filter(code__in=regency_codes - existing).order_by("code")
    return insert(
        Library,
        ("name", "level", "province_id", "regency_id", "cohort_year", "created_at", "updated_at"),
        (
            (f"Dinas Perpustakaan {r.name}", LibraryLevel.REGENCY, r.province_id, r.code, 2018, now, now)
            for r in missing
        ),
    )
