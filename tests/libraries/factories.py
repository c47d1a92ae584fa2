"""Small helpers that make registry records for tests, placed at a given library's region."""

from datetime import date

from libraries.choices import CommitmentKind, MeetingKind, Sector, TeamLevel
from libraries.models import Commitment, Meeting, SynergyTeam, TeamMember


def team_at(library, **extra) -> SynergyTeam:
    """A regency-level synergy team in the library's regency."""
    return SynergyTeam.objects.create(
        name=extra.pop("name", f"Tim Sinergi {library.regency}"),
        level=TeamLevel.REGENCY,
        province_id=library.province_id,
        regency_id=library.regency_id,
        **extra,
    )


def member_at(library) -> TeamMember:
    return TeamMember.objects.create(
        team=team_at(library), name="Anggota Uji", institution="Bappeda", sector=Sector.GOVERNMENT
    )


def meeting_at(library) -> Meeting:
    return Meeting.objects.create(
        team=team_at(library), date=date(2024, 3, 1), kind=MeetingKind.MEETING, agenda="Rapat uji"
    )


def commitment_at(library, **extra) -> Commitment:
    return Commitment.objects.create(
        team=extra.pop("team", None) or team_at(library),
        kind=extra.pop("kind", CommitmentKind.BUDGET),
        party=extra.pop("party", "Bappeda"),
        description=extra.pop("description", "Alokasi anggaran perpustakaan desa"),
        **extra,
    )
