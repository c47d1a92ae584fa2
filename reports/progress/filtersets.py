import django_filters
from django.utils.translation import gettext_lazy as _

from foundation.filters import ModelChoiceFilter, PeriodFilter, scoped
from libraries.models import Province, Regency
from reports.models import CompileJob, ProgressReport
from reports.models.progress import JobStatus, ReportScope


class ProgressReportFilterSet(django_filters.FilterSet):
    """``?period=2021-09&scope=province&code=19``: one scope's report of a month (or all the user may see)."""

    period = PeriodFilter(field_name="period")
    scope = django_filters.ChoiceFilter(choices=ReportScope.choices, label=_("Scope"))
    code = django_filters.CharFilter(
        max_length=20, label=_("Code"), help_text=_("Province or regency code, the library's id, or ID for the nation.")
    )
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))

    class Meta:
        model = ProgressReport
        fields = ["period", "scope", "code", "province", "regency"]


class CompileJobFilterSet(django_filters.FilterSet):
    period = PeriodFilter(field_name="period")
    scope = django_filters.ChoiceFilter(choices=ReportScope.choices, label=_("Scope"))
    code = django_filters.CharFilter(max_length=20, label=_("Code"))
    status = django_filters.ChoiceFilter(choices=JobStatus.choices, label=_("Status"))

    class Meta:
        model = CompileJob
        fields = ["period", "scope", "code", "status"]
