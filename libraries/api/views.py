from tpbis_portal.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from ..filtersets import LibraryFilterSet
from ..models import Aid, District, Library, Province, Regency, Village
from . import serializers
from .filtersets import AidFilterSet, DistrictFilterSet, RegencyFilterSet, VillageFilterSet


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
