import django_filters
from django.utils.translation import gettext_lazy as _

from libraries.filtersets import scoped
from libraries.models import Library, Province, Regency
from tpbis_portal.filters import ModelChoiceFilter, PeriodFilter

from ..choices import ReportStatus
from ..models import MonthlyReport


class MonthlyReportFilterSet(django_filters.FilterSet):
    """The monthly report list's filters (``library``, ``province``, ``regency``, ``period``, ``status``)."""

    library = ModelChoiceFilter(queryset=scoped(Library), label=_("Library"))
    province = ModelChoiceFilter(field_name="library__province", queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(field_name="library__regency", queryset=scoped(Regency), label=_("Regency/city"))
    period = PeriodFilter(field_name="period", label=_("Month"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))

    class Meta:
        model = MonthlyReport
        fields = ["library", "province", "regency", "period", "status"]
