"""The synthetic records row by row, each kind from its own seeded generator.

Activities, their photos, monthly reports and success stories; ids are counted in advance.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator

from django.utils import timezone

from activities.choices import MediaKind, Strategy, TargetGroup
from foundation.months import next_month
from reports.choices import ReportStatus
from reports.deadlines import deadline_for

SKILLS = ["kerajinan pandan", "budidaya madu", "pengolahan pangan", "menjahit", "pemasaran digital", "literasi"]


STRATEGY_WEIGHTS = [
    (Strategy.COMMUNITY_ENGAGEMENT, 50),
    (Strategy.SERVICE_IMPROVEMENT, 25),
    (Strategy.ADVOCACY, 15),
    (Strategy.MEDIA_PUBLICATION, 10),
]


REPORT_STATUS_WEIGHTS = [
    (ReportStatus.VERIFIED, 75),
    (ReportStatus.SUBMITTED, 15),
    (ReportStatus.RETURNED, 6),
    (ReportStatus.DRAFT, 4),
]


class Weighted:
    """A fast weighted choice (``random.choices`` rebuilds its table on every call)."""

    def __init__(self, weighted):
        self.values = [value for value, _ in weighted]
        self.cumulative = list(itertools.accumulate(weight for _, weight in weighted))

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def activity_rows(library_ids, periods, per_month, seed, first_id) -> Iterator[tuple]:
    """Month after month, each library's activities; ids counted from ``first_id`` in that order."""
    rng = random.Random(f"{seed}:activities")
    strategy = Weighted(STRATEGY_WEIGHTS)
    groups = list(TargetGroup.values)
    media_kinds = list(MediaKind.values)
    next_id = first_id
    for period in periods:
        days = (next_month(period) - period).days
        for library_id in library_ids:
            for _ in range(per_month):
                chosen = strategy(rng)
                day = period + dt.timedelta(days=rng.randrange(days))
                created = _at(day, 12 + rng.randrange(8))
                yield (
                    next_id,
                    library_id,
                    day,
                    chosen,
                    f"Kegiatan {rng.choice(SKILLS)}",
                    rng.choice(SKILLS),
                    rng.choice(groups),
                    rng.randint(0, 25),
                    rng.randint(0, 30),
                    rng.choice(media_kinds) if chosen == Strategy.MEDIA_PUBLICATION else "",
                    created,
                    created,
                )
                next_id += 1


def photo_rows(count, periods, libraries, per_month, seed, first_id) -> Iterator[tuple]:
    """About a third of the activities have one to three photos (metadata; the image is the placeholder)."""
    rng = random.Random(f"{seed}:photos")
    for offset in range(count):
        if rng.random() >= PHOTO_SHARE:
            continue
        period = periods[offset // (libraries * per_month)]
        created = _at(period + dt.timedelta(days=rng.randrange(28)), 20)
        for n in range(rng.randint(1, 3)):
            yield (first_id + offset, PLACEHOLDER, PLACEHOLDER_THUMB, 640, 480, 24_000, f"Dokumentasi {n + 1}", created)


def report_rows(library_ids, periods, seed) -> Iterator[tuple]:
    rng = random.Random(f"{seed}:reports")
    status_of = Weighted(REPORT_STATUS_WEIGHTS)
    for period in periods:
        deadline = deadline_for(period)
        for library_id in library_ids:
            if rng.random() < 0.08:
                continue  # missing
            late = rng.random() < 0.2
            submitted = (
                deadline + dt.timedelta(days=rng.randint(1, 20))
                if late
                else deadline - dt.timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 20))
            )
            status = status_of(rng)
            created = deadline - dt.timedelta(days=6)
            yield (
                library_id,
                period,
                rng.randint(20, 900),
                rng.randint(5, 400),
                rng.randint(0, 30),
                rng.randint(0, 200),
                rng.randint(700, 3000),
                rng.randint(0, 500),
                status,
                None if status == ReportStatus.DRAFT else submitted,
                submitted + dt.timedelta(days=3) if status == ReportStatus.VERIFIED else None,
                "Mohon lengkapi data pengunjung." if status == ReportStatus.RETURNED else "",
                created,
                created,
            )


def story_rows(library_ids, periods, per_month, seed, first_activity) -> Iterator[tuple]:
    """Now and then a library records a success story, linked to one of that month's activities."""
    if per_month == 0:
        return
    rng = random.Random(f"{seed}:stories")
    for index, period in enumerate(periods):
        for position, library_id in enumerate(library_ids):
            if rng.random() >= STORY_SHARE:
                continue
            activity_id = first_activity + (index * len(library_ids) + position) * per_month
            before = rng.randrange(200, 1500) * 1000
            day = period + dt.timedelta(days=rng.randrange(28))
            skill = rng.choice(SKILLS)
            created = _at(day, 15)
            yield (
                library_id,
                activity_id,
                day,
                f"Warga {position + 1}-{index + 1}",
                "anggota kelompok usaha",
                f"Usaha {skill} bertambah",
                f"Setelah pelatihan {skill} di perpustakaan, pendapatan keluarga naik.",
                "pendapatan bulanan (Rp)",
                before,
                before + rng.randrange(100, 1500) * 1000,
                rng.random() < 0.7,
                created,
                created,
            )


#: Share of activities with photos, and of library-months with a success story.
PHOTO_SHARE = 0.35


STORY_SHARE = 1 / 6


PLACEHOLDER = "activity-photos/synthetic/placeholder.jpg"


PLACEHOLDER_THUMB = "activity-photos/synthetic/placeholder-thumb.jpg"
