"""API-only filters: regions have no HTML list. Every other list uses the FilterSet of its HTML page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from foundation.filters import ModelChoiceFilter, scoped

from ..models import District, Province, Regency, Village


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))


class RegencyFilterSet(RegionFilterSet):
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    kind = django_filters.ChoiceFilter(choices=Regency.Kind.choices, label=_("Kind"))

    class Meta:
        model = Regency
        fields = ["province", "kind", "q"]


class DistrictFilterSet(RegionFilterSet):
    province = ModelChoiceFilter(field_name="regency__province", queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))

    class Meta:
        model = District
        fields = ["province", "regency", "q"]


class VillageFilterSet(RegionFilterSet):
    province = ModelChoiceFilter(field_name="regency__province", queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    district = ModelChoiceFilter(queryset=scoped(District), label=_("District"))
    kind = django_filters.ChoiceFilter(choices=Village.Kind.choices, label=_("Kind"))

    class Meta:
        model = Village
        fields = ["province", "regency", "district", "kind", "q"]
