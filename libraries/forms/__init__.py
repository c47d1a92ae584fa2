from .library import AidForm, LibraryForm
from .synergy import CommitmentForm, MeetingForm, SynergyTeamForm, TeamMemberForm

__all__ = ["AidForm", "CommitmentForm", "LibraryForm", "MeetingForm", "SynergyTeamForm", "TeamMemberForm"]
