import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from foundation.filters import PeriodFilter
from libraries.filtersets import LibraryScopedFilterSet
from reports.choices import ReminderKind, ReminderReason, ReminderStatus, ReportStatus, Timeliness
from reports.models import MonthlyReport
from reports.models.monthly import Reminder


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
