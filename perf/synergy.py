"""Synthetic synergy teams: a team per province with synthetic libraries and for some of its regencies, with
members, meetings and commitments in every state."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from libraries.choices import CommitmentKind, CommitmentStatus, MeetingKind, MeetingMode, MemberRole, Sector, TeamLevel
from libraries.models import Commitment, Meeting, Province, Regency, SynergyTeam, TeamMember

from .bulk import insert, next_id, reset_sequence
from .rows import Weighted

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


def synergy(regencies: list[str], periods: list[dt.date], seed: int, now) -> dict[str, int]:
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
