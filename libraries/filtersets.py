import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tpbis_portal.filters import BooleanFilter, IntegerFilter, ModelChoiceFilter

from .choices import LibraryLevel, PartnerType
from .models import Library, Province, Regency


def scoped(model):
    """A dropdown queryset limited to the requesting user's scope."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.restrict(request.user)

    return queryset


class LibraryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    level = django_filters.ChoiceFilter(choices=LibraryLevel.choices, label=_("Level"))
    cohort = IntegerFilter(field_name="cohort_year", label=_("Cohort year"))
    partner_type = django_filters.ChoiceFilter(choices=PartnerType.choices, label=_("Partner type"))
    is_active = BooleanFilter(label=_("Active"))

    class Meta:
        model = Library
        fields = ["q", "province", "regency", "level", "cohort", "partner_type", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(village__name__icontains=value) | Q(manager_name__icontains=value)
        )
