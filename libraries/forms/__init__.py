from .library import AidForm, CohortFormSet, LibraryForm
from .synergy import CommitmentForm, MeetingForm, SynergyTeamForm, TeamMemberForm

__all__ = [
    "AidForm",
    "CohortFormSet",
    "CommitmentForm",
    "LibraryForm",
    "MeetingForm",
    "SynergyTeamForm",
    "TeamMemberForm",
]
