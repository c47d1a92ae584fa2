"""API-only filters: regions and aid have no HTML list yet. Libraries use ``libraries.filtersets``."""

import django_filters
from django.utils.translation import gettext_lazy as _

from tpbis_portal.filters import IntegerFilter, ModelChoiceFilter

from ..choices import NON_PHYSICAL_AID, AidItem, AidKind
from ..filtersets import scoped
from ..models import Aid, District, Library, Province, Regency, Village


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


class AidFilterSet(django_filters.FilterSet):
    library = ModelChoiceFilter(queryset=scoped(Library), label=_("Library"))
    province = ModelChoiceFilter(field_name="library__province", queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(field_name="library__regency", queryset=scoped(Regency), label=_("Regency/city"))
    year = IntegerFilter(label=_("Year"))
    item = django_filters.ChoiceFilter(choices=AidItem.choices, label=_("Item"))
    kind = django_filters.ChoiceFilter(choices=AidKind.choices, method="filter_kind", label=_("Kind"))

    class Meta:
        model = Aid
        fields = ["library", "province", "regency", "year", "item", "kind"]

    def filter_kind(self, queryset, name, value):
        if value == AidKind.NON_PHYSICAL:
            return queryset.filter(item__in=NON_PHYSICAL_AID)
        return queryset.exclude(item__in=NON_PHYSICAL_AID)
