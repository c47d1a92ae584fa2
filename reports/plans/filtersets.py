import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.filters import IntegerFilter, ModelChoiceFilter, scoped
from libraries.models import Library, Province, Regency
from reports.models import PlanStatus, WorkPlan


class WorkPlanFilterSet(django_filters.FilterSet):
    """The plans of a year, a state, a library, a province or a regency/city (strict: a bad value is an error)."""

    year = IntegerFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlanStatus.choices)
    library = ModelChoiceFilter(queryset=scoped(Library), label=_("Library"), widget=forms.HiddenInput)
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))

    class Meta:
        model = WorkPlan
        fields = ["year", "status", "library", "province", "regency"]
