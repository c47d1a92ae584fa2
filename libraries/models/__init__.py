from .cohort import Cohort
from .geography import District, Province, Regency, Village
from .library import Aid, Library
from .synergy import Commitment, Meeting, SynergyTeam, TeamMember

__all__ = [
    "Aid",
    "Cohort",
    "Commitment",
    "District",
    "Library",
    "Meeting",
    "Province",
    "Regency",
    "SynergyTeam",
    "TeamMember",
    "Village",
]
