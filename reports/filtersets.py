import django_filters
from django.utils.translation import gettext_lazy as _

from activities.filtersets import LibraryScopedFilterSet, PeriodFilter

from .choices import ReminderKind, ReminderReason, ReminderStatus, ReportStatus, Timeliness
from .models import MonthlyReport
from .models.monthly import Reminder


class MonthlyReportFilterSet(LibraryScopedFilterSet):
    period = PeriodFilter(date_field="period")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    timeliness = django_filters.ChoiceFilter(
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
    period = PeriodFilter(date_field="period")
    kind = django_filters.ChoiceFilter(choices=ReminderKind.choices, label=_("Sent to"))
    reason = django_filters.ChoiceFilter(choices=ReminderReason.choices, label=_("Reason"))
    status = django_filters.ChoiceFilter(choices=ReminderStatus.choices, label=_("Status"))

    class Meta:
        model = Reminder
        fields = ["period", "kind", "reason", "status"]
