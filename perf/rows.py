"""The synthetic records row by row, each kind from its own seeded generator.

Activities of the four strategies with their own fields (engagement with and without a split by sex, advocacy
with its result, publications with their media), their photos, monthly reports (visitors by sex in most),
success stories; a mix of verification states. Ids are counted in advance.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator

from django.utils import timezone

from activities.choices import (
    PUBLICATION_KIND_OF_MEDIA,
    AdvocacyResult,
    AdvocacyTarget,
    EngagementField,
    EventKind,
    MediaKind,
    RegulationKind,
    Strategy,
    TargetGroup,
    Verification,
)
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


#: The columns ``activity_rows`` writes, in its order.
ACTIVITY_COLUMNS = [
    "id", "library_id", "date", "strategy", "title", "skill_area", "target_group", "participants_male",
    "participants_female", "participants", "media_kind", "created_at", "updated_at", "entered_on", "field",
    "event_kind", "targets", "result", "regulation_kind", "amount", "resource_persons", "goods", "issued_on",
    "publication_kind", "media_outlet", "media_link", "verification", "verified_at", "return_comment",
]  # fmt: skip
VERIFICATION_WEIGHTS = [(Verification.VERIFIED, 60), (Verification.UNVERIFIED, 35), (Verification.RETURNED, 5)]
RESULT_WEIGHTS = [(AdvocacyResult.NON_FUNDS, 50), (AdvocacyResult.FUNDS, 30), (AdvocacyResult.REGULATION, 20)]
#: Share of engagement events counted by sex (SIM records one total; the portal's older events have the split).
SPLIT_SHARE = 0.6
OUTLETS = {"social_media": "instagram", "online_news": "Bangka Pos Online", "print": "Radar Daerah",
           "radio": "RRI", "tv": "TVRI Daerah"}  # fmt: skip


def verification_of(rng: random.Random, pick: Weighted, created: dt.datetime) -> tuple:
    """(verification, verified at, return comment) of a record entered at ``created``."""
    state = pick(rng)
    if state == Verification.VERIFIED:
        return state, created + dt.timedelta(days=rng.randint(1, 10)), ""
    return state, None, "Mohon lengkapi foto dan jumlah peserta." if state == Verification.RETURNED else ""


def _strategy_fields(rng: random.Random, chosen: str, day: dt.date, result_of: Weighted) -> dict:
    """The fields of one strategy's record (the others stay blank)."""
    if chosen == Strategy.COMMUNITY_ENGAGEMENT:
        return {
            "field": rng.choice(ENGAGEMENT_FIELDS),
            "event_kind": EventKind.TRAINING if rng.random() < 0.7 else EventKind.PROMOTION,
        }
    if chosen == Strategy.ADVOCACY:
        result = result_of(rng)
        return {
            "targets": rng.sample(ADVOCACY_TARGETS, rng.randint(1, 2)),
            "result": result,
            "regulation_kind": rng.choice(REGULATION_KINDS) if result == AdvocacyResult.REGULATION else "",
            "amount": rng.randrange(1, 50) * 1_000_000 if result == AdvocacyResult.FUNDS else 0,
            "resource_persons": rng.randint(0, 4),
            "goods": rng.randint(0, 30) if result == AdvocacyResult.NON_FUNDS else 0,
            "issued_on": day if result == AdvocacyResult.REGULATION else None,
        }
    if chosen == Strategy.MEDIA_PUBLICATION:
        media = rng.choice(MEDIA_KINDS)
        return {
            "media_kind": media,
            "publication_kind": PUBLICATION_KIND_OF_MEDIA[media],
            "media_outlet": OUTLETS[media],
            "media_link": f"https://media.example.org/{day:%Y%m%d}/{rng.randrange(10**9)}",
        }
    return {}


def activity_rows(library_ids, periods, per_month, seed, first_id) -> Iterator[tuple]:
    """Month after month, each library's activities (``ACTIVITY_COLUMNS``); ids counted from ``first_id``."""
    rng = random.Random(f"{seed}:activities")
    strategy = Weighted(STRATEGY_WEIGHTS)
    verification = Weighted(VERIFICATION_WEIGHTS)
    result_of = Weighted(RESULT_WEIGHTS)
    groups = list(TargetGroup.values)
    empty = {
        "media_kind": "", "field": "", "event_kind": "", "targets": [], "result": "", "regulation_kind": "",
        "amount": None, "resource_persons": None, "goods": None, "issued_on": None, "publication_kind": "",
        "media_outlet": "", "media_link": "",
    }  # fmt: skip
    next_id = first_id
    for period in periods:
        days = (next_month(period) - period).days
        for library_id in library_ids:
            for _ in range(per_month):
                chosen = strategy(rng)
                day = period + dt.timedelta(days=rng.randrange(days))
                created = _at(day, 12 + rng.randrange(8))
                men, women = rng.randint(0, 25), rng.randint(0, 30)
                split = chosen != Strategy.COMMUNITY_ENGAGEMENT or rng.random() < SPLIT_SHARE
                fields = {**empty, **_strategy_fields(rng, chosen, day, result_of)}
                state, verified_at, comment = verification_of(rng, verification, created)
                row = {
                    "id": next_id,
                    "library_id": library_id,
                    "date": day,
                    "strategy": chosen,
                    "title": f"Kegiatan {rng.choice(SKILLS)}",
                    "skill_area": rng.choice(SKILLS),
                    "target_group": rng.choice(groups),
                    "participants_male": men if split else None,
                    "participants_female": women if split else None,
                    "participants": men + women,
                    "created_at": created,
                    "updated_at": created,
                    "entered_on": created.date(),
                    "verification": state,
                    "verified_at": verified_at,
                    "return_comment": comment,
                    **fields,
                }
                yield tuple(row[column] for column in ACTIVITY_COLUMNS)
                next_id += 1


ENGAGEMENT_FIELDS = list(EngagementField.values)
ADVOCACY_TARGETS = list(AdvocacyTarget.values)
REGULATION_KINDS = list(RegulationKind.values)
MEDIA_KINDS = list(MediaKind.values)


def photo_rows(count, periods, libraries, per_month, seed, first_id) -> Iterator[tuple]:
    """About a third of the activities have one to three photos (metadata; the image is the placeholder).

    Each has a fingerprint and a camera date, as an upload has; about one in a hundred is a picture already
    used on an earlier record (the evidence checks compare them).
    """
    rng = random.Random(f"{seed}:photos")
    earlier = []
    for offset in range(count):
        if rng.random() >= PHOTO_SHARE:
            continue
        period = periods[offset // (libraries * per_month)]
        day = period + dt.timedelta(days=rng.randrange(28))
        created = _at(day, 20)
        for n in range(rng.randint(1, 3)):
            if earlier and rng.random() < REUSED_PHOTO_SHARE:
                fingerprint = rng.choice(earlier)
            else:
                fingerprint = rng.getrandbits(64) - (1 << 63)
                if len(earlier) < 10_000:
                    earlier.append(fingerprint)
            yield (
                first_id + offset, PLACEHOLDER, PLACEHOLDER_THUMB, 640, 480, 24_000, f"Dokumentasi {n + 1}", created,
                fingerprint, day,
            )  # fmt: skip


#: The columns ``report_rows`` writes, in its order.
REPORT_COLUMNS = [
    "library_id", "period", "visitors", "loans", "new_members", "ict_users", "books", "digital_books", "status",
    "submitted_at", "verified_at", "return_comment", "created_at", "updated_at", "visitors_male", "visitors_female",
    "source",
]  # fmt: skip
#: Share of monthly reports with visitors counted by sex, and taken in from SIM TPBIS.
VISITORS_SPLIT_SHARE = 0.6
SIM_REPORT_SHARE = 0.03


def report_rows(library_ids, periods, seed) -> Iterator[tuple]:
    """Monthly reports (``REPORT_COLUMNS``): some missing, late, returned or drafts; most visitors by sex."""
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
            visitors = rng.randint(20, 900)
            male = rng.randint(0, visitors) if rng.random() < VISITORS_SPLIT_SHARE else None
            from_sim = status != ReportStatus.DRAFT and rng.random() < SIM_REPORT_SHARE
            yield (
                library_id,
                period,
                visitors,
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
                male,
                None if male is None else visitors - male,
                "sim" if from_sim else "portal",
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
REUSED_PHOTO_SHARE = 0.01


STORY_SHARE = 1 / 6


PLACEHOLDER = "activity-photos/synthetic/placeholder.jpg"


PLACEHOLDER_THUMB = "activity-photos/synthetic/placeholder-thumb.jpg"
