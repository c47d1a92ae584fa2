from .library import AidForm, ImportForm, LibraryForm
from .synergy import CommitmentForm, MeetingForm, SynergyTeamForm, TeamMemberForm

__all__ = ["AidForm", "CommitmentForm", "ImportForm", "LibraryForm", "MeetingForm", "SynergyTeamForm", "TeamMemberForm"]
