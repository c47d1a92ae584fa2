import django_filters
from django.utils.translation import gettext_lazy as _

from libraries.filtersets import scoped
from libraries.models import Library, Province, Regency
from tpbis_portal.filters import ModelChoiceFilter, PeriodFilter

from ..choices import Strategy
from ..models import Activity


class ActivityFilterSet(django_filters.FilterSet):
    """The activity list's filters (``library``, ``province``, ``regency``, ``period``, ``strategy``, dates)."""

    library = ModelChoiceFilter(queryset=scoped(Library), label=_("Library"))
    province = ModelChoiceFilter(field_name="library__province", queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(field_name="library__regency", queryset=scoped(Regency), label=_("Regency/city"))
    period = PeriodFilter(field_name="date", label=_("Month"))
    strategy = django_filters.ChoiceFilter(choices=Strategy.choices, label=_("Strategy"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Activity
        fields = ["library", "province", "regency", "period", "strategy", "date_from", "date_to"]
