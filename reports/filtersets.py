import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from foundation.filters import ModelChoiceFilter, PeriodFilter, YearFilter, scoped
from libraries.filtersets import LibraryScopedFilterSet
from libraries.models import Province, Regency

from .choices import ReminderKind, ReminderReason, ReminderStatus, ReportStatus, Timeliness
from .models import MonthlyReport, PeerLearningMeeting, ProgressReport
from .models.monthly import Reminder
from .models.plm import MeetingMode, PlmLevel
from .models.progress import CompileJob, JobStatus, ReportScope


@extend_schema_field({"type": "string", "enum": [Timeliness.ON_TIME.value, Timeliness.LATE.value]})
class TimelinessFilter(django_filters.ChoiceFilter):
    """Reports that came in on time or late (judged on their first submission)."""


class MonthlyReportFilterSet(LibraryScopedFilterSet):
    period = PeriodFilter(field_name="period")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    timeliness = TimelinessFilter(
        choices=[(Timeliness.ON_TIME, Timeliness.ON_TIME.label), (Timeliness.LATE, Timeliness.LATE.label)],
        method="filter_timeliness",
        label=_("Timeliness"),
    )

    class Meta:
        model = MonthlyReport
        fields = ["library", "province", "regency", "period", "status", "timeliness", "cohort", "partner_type"]

    def filter_timeliness(self, queryset, name, value):
        period = self.form.cleaned_data.get("period")
        return queryset.with_timeliness(value, periods=[period] if period else None)


class ReminderFilterSet(django_filters.FilterSet):
    period = PeriodFilter(field_name="period")
    kind = django_filters.ChoiceFilter(choices=ReminderKind.choices, label=_("Sent to"))
    reason = django_filters.ChoiceFilter(choices=ReminderReason.choices, label=_("Reason"))
    status = django_filters.ChoiceFilter(choices=ReminderStatus.choices, label=_("Status"))

    class Meta:
        model = Reminder
        fields = ["period", "kind", "reason", "status"]


class PlmFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=PlmLevel.choices, label=_("Level"))
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    mode = django_filters.ChoiceFilter(choices=MeetingMode.choices, label=_("Mode"))
    year = YearFilter(field_name="date", lookup_expr="year", label=_("Year"))
    period = PeriodFilter(field_name="period", label=_("Month reviewed"))

    class Meta:
        model = PeerLearningMeeting
        fields = ["level", "province", "regency", "mode", "year", "period"]


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
