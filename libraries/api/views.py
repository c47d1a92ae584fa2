from foundation.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from ..filtersets import (
    AidFilterSet,
    CommitmentFilterSet,
    LibraryFilterSet,
    MeetingFilterSet,
    SynergyTeamFilterSet,
    TeamMemberFilterSet,
)
from ..models import Aid, Commitment, District, Library, Meeting, Province, Regency, SynergyTeam, TeamMember, Village
from . import serializers
from .filtersets import DistrictFilterSet, RegencyFilterSet, VillageFilterSet


class RegionViewSet(ScopedReadOnlyViewSet):
    """Regions touching the user's area, by their dotted Kemendagri code."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"


class ProvinceViewSet(RegionViewSet):
    queryset = Province.objects.all()
    serializer_class = serializers.ProvinceSerializer


class RegencyViewSet(RegionViewSet):
    queryset = Regency.objects.all()
    serializer_class = serializers.RegencySerializer
    filterset_class = RegencyFilterSet


class DistrictViewSet(RegionViewSet):
    queryset = District.objects.all()
    serializer_class = serializers.DistrictSerializer
    filterset_class = DistrictFilterSet


class VillageViewSet(RegionViewSet):
    queryset = Village.objects.all()
    serializer_class = serializers.VillageSerializer
    filterset_class = VillageFilterSet


class LibraryViewSet(ScopedModelViewSet):
    """Libraries in the user's area; the same filters as the library list page."""

    queryset = Library.objects.all()
    serializer_class = serializers.LibrarySerializer
    filterset_class = LibraryFilterSet


class AidViewSet(ScopedModelViewSet):
    """Aid the libraries in the user's area received, by year."""

    queryset = Aid.objects.all()
    serializer_class = serializers.AidSerializer
    filterset_class = AidFilterSet


class SynergyTeamViewSet(ScopedModelViewSet):
    """Synergy teams (Tim Sinergi): everyone working in the team's region reads them; its staff change them."""

    queryset = SynergyTeam.objects.with_summary()
    serializer_class = serializers.SynergyTeamSerializer
    filterset_class = SynergyTeamFilterSet


class TeamMemberViewSet(ScopedModelViewSet):
    """Members of the synergy teams (``?team=ID`` for one team's)."""

    queryset = TeamMember.objects.all()
    serializer_class = serializers.TeamMemberSerializer
    filterset_class = TeamMemberFilterSet


class MeetingViewSet(ScopedModelViewSet):
    """Meetings of the synergy teams (``?team=ID`` for one team's)."""

    queryset = Meeting.objects.all()
    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilterSet


class CommitmentViewSet(ScopedModelViewSet):
    """Commitments made to the synergy teams, overdue first, then open ones by due date (the tracker's order)."""

    queryset = Commitment.objects.for_tracker()
    serializer_class = serializers.CommitmentSerializer
    filterset_class = CommitmentFilterSet
