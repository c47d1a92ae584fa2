"""Synthetic national-scale data for benchmarks: libraries on real villages and everything they record.

Libraries on randomly chosen real villages (all of Indonesia), one regency library per regency that
got some; per library and month the given number of activities (some with photos), a monthly report
(some missing, late, returned or still drafts), now and then a success story; a synergy team per
province and for some regencies, with members, meetings and commitments in every state.

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

from django.db import transaction
from django.utils import timezone

from activities.models import Activity, ActivityPhoto, SuccessStory
from foundation.counting import tables_changed
from foundation.months import previous_month
from libraries.choices import (
    CommitmentKind,
    CommitmentStatus,
    FundingSource,
    LibraryLevel,
    MeetingKind,
    MeetingMode,
    MemberRole,
    PartnerType,
    Sector,
    TeamLevel,
)
from libraries.models import Commitment, Library, Meeting, Province, Regency, SynergyTeam, TeamMember, Village
from reports.dashboards import cache as dashboard_cache
from reports.models import MonthlyReport

from .bulk import insert, next_id, reset_sequence
from .rows import PLACEHOLDER, PLACEHOLDER_THUMB, Weighted, activity_rows, photo_rows, report_rows, story_rows

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

COMMITMENT_STATUS_WEIGHTS = [
    (CommitmentStatus.PLANNED, 30),
    (CommitmentStatus.IN_PROGRESS, 30),
    (CommitmentStatus.DONE, 30),
    (CommitmentStatus.DROPPED, 10),
]
INSTITUTIONS = [
    ("Bappeda", Sector.GOVERNMENT),
    ("DPMD", Sector.GOVERNMENT),
    ("Diskominfo", Sector.GOVERNMENT),
    ("Perpustakaan Universitas", Sector.ACADEMIA),
    ("Komunitas Literasi", Sector.COMMUNITY),
    ("Bank Daerah", Sector.BUSINESS),
    ("Radio Daerah", Sector.MEDIA),
]
#: Share of regencies (with synthetic libraries) that have their own synergy team.
REGENCY_TEAM_SHARE = 0.4


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

    library_rows = []
    for code in chosen:
        lat, lon = PROVINCE_CENTRES.get(code[:2], (-2.5, 118.0))
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
                rng.randint(2018, min(2024, end.year)),
                partner(rng),
                FundingSource.DANA_DESA,
                rng.randint(30, 600),
                rng.randint(800, 9000),
                rng.random() > 0.02,
                now,
                now,
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
        ],
        library_rows,
    )
    regencies = sorted({code[:5] for code in chosen})
    result.extra["regency_libraries"] = _regency_libraries(set(regencies), now)
    library_ids = list(
        Library.objects.filter(village_id__in=chosen).order_by("village_id").values_list("pk", flat=True)
    )

    first_activity = next_id(Activity)
    result.activities = insert(
        Activity,
        [
            "id",
            "library_id",
            "date",
            "strategy",
            "title",
            "skill_area",
            "target_group",
            "participants_male",
            "participants_female",
            "media_kind",
            "created_at",
            "updated_at",
        ],
        activity_rows(library_ids, periods, activities, seed, first_activity),
    )
    reset_sequence(Activity)
    placeholder_photo()
    result.extra["photos"] = insert(
        ActivityPhoto,
        ("activity_id", "image", "thumbnail", "width", "height", "size", "caption", "created_at"),
        photo_rows(result.activities, periods, len(library_ids), activities, seed, first_activity),
    )
    result.monthly_reports = insert(
        MonthlyReport,
        [
            "library_id",
            "period",
            "visitors",
            "loans",
            "new_members",
            "ict_users",
            "books",
            "digital_books",
            "status",
            "submitted_at",
            "verified_at",
            "return_comment",
            "created_at",
            "updated_at",
        ],
        report_rows(library_ids, periods, seed),
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
    result.extra.update(_synergy(regencies, periods, seed, now))
    # COPY sends no signals: lists count these tables again, cached dashboard figures must not outlive them.
    tables_changed(Library, Activity, ActivityPhoto, MonthlyReport, SuccessStory, SynergyTeam, TeamMember, Meeting)
    tables_changed(Commitment)
    transaction.on_commit(dashboard_cache.invalidate_all)
    return result


def _synergy(regencies: list[str], periods: list[dt.date], seed: int, now) -> dict[str, int]:
    """A synergy team per province with synthetic libraries and for some of its regencies."""
    rng = random.Random(f"{seed}:synergy")
    provinces = sorted({code[:2] for code in regencies})
    existing = {
        (p, r)
        for p, r in SynergyTeam.objects.filter(province_id__in=provinces).values_list("province_id", "regency_id")
    }
    province_names = dict(Province.objects.filter(code__in=provinces).values_list("code", "name"))
    regency_names = dict(Regency.objects.filter(code__in=regencies).values_list("code", "name"))
    teams = [(p, None, TeamLevel.PROVINCE, province_names[p]) for p in provinces if (p, None) not in existing]
    teams += [
        (r[:2], r, TeamLevel.REGENCY, regency_names[r])
        for r in regencies
        if rng.random() < REGENCY_TEAM_SHARE and (r[:2], r) not in existing
    ]
    first_team = next_id(SynergyTeam)
    formed = periods[0]
    counts = {
        "synergy_teams": insert(
            SynergyTeam,
            ("id", "name", "level", "province_id", "regency_id", "decree_number", "decree_date", "formed_on"),
            (
                (
                    first_team + i,
                    f"Tim Sinergi TPBIS {name}",
                    level,
                    p,
                    r,
                    f"{100 + i}/SK/{formed.year}",
                    formed,
                    formed,
                )
                for i, (p, r, level, name) in enumerate(teams)
            ),
        )
    }
    reset_sequence(SynergyTeam)
    team_ids = range(first_team, first_team + len(teams))
    roles = [MemberRole.CHAIR, MemberRole.SECRETARY] + [MemberRole.MEMBER] * (len(INSTITUTIONS) - 2)
    counts["team_members"] = insert(
        TeamMember,
        ("team_id", "name", "institution", "sector", "role"),
        (
            (team, f"Anggota {team}-{n + 1}", institution, sector, roles[n])
            for team in team_ids
            for n, (institution, sector) in enumerate(INSTITUTIONS[: rng.randint(4, len(INSTITUTIONS))])
        ),
    )
    first_meeting = next_id(Meeting)
    meetings = []  # (id, team, date)
    for team in team_ids:
        for period in periods[:: rng.choice((1, 2, 3))]:
            meetings.append((first_meeting + len(meetings), team, period + dt.timedelta(days=rng.randrange(25))))
    counts["meetings"] = insert(
        Meeting,
        ("id", "team_id", "date", "kind", "mode", "agenda", "participants", "minutes"),
        (
            (
                mid,
                team,
                day,
                rng.choice((MeetingKind.MEETING, MeetingKind.COORDINATION)),
                rng.choice((MeetingMode.IN_PERSON, MeetingMode.VIRTUAL)),
                "Tindak lanjut komitmen pemangku kepentingan",
                rng.randint(6, 25),
                "Disepakati rencana tindak lanjut.",
            )
            for mid, team, day in meetings
        ),
    )
    reset_sequence(Meeting)
    status_of = Weighted(COMMITMENT_STATUS_WEIGHTS)
    kinds = list(CommitmentKind.values)
    today = timezone.localdate()

    def commitment_rows():
        for mid, team, day in meetings:
            if rng.random() >= 0.3:
                continue
            status = status_of(rng)
            done = status == CommitmentStatus.DONE
            yield (
                team,
                mid,
                rng.choice(kinds),
                rng.choice(INSTITUTIONS)[0],
                "Komitmen dari rapat tim sinergi",
                rng.randrange(0, 500) * 1_000_000,
                day + dt.timedelta(days=rng.randrange(30, 365)),
                status,
                min(day + dt.timedelta(days=rng.randrange(10, 200)), today) if done else None,
                "https://example.org/bukti" if done else "",
                now,
                now,
            )

    counts["commitments"] = insert(
        Commitment,
        [
            "team_id",
            "meeting_id",
            "kind",
            "party",
            "description",
            "amount",
            "due_date",
            "status",
            "completed_on",
            "evidence_link",
            "created_at",
            "updated_at",
        ],
        commitment_rows(),
    )
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
