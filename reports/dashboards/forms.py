"""The dashboards' filters: a month range, the libraries' cohort and partner type, and an activity strategy."""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.choices import Strategy
from foundation.months import MonthInput, PeriodFormField, add_months, month_start, months_between
from libraries.choices import PartnerType

from . import figures as dashboards
from .figures import MAX_MONTHS, Filters, default_range
from .labels import RECORD_LABELS


class DashboardFilterForm(forms.Form):
    period_from = PeriodFormField(label=_("From month"), required=False, widget=MonthInput())
    period_to = PeriodFormField(label=_("To month"), required=False, widget=MonthInput())
    cohort = forms.IntegerField(
        label=_("Cohort year"),
        required=False,
        validators=[MinValueValidator(2011), MaxValueValidator(2100)],
        widget=forms.NumberInput(attrs={"placeholder": "2021"}),
    )
    partner_type = forms.ChoiceField(
        label=_("Partner type"), required=False, choices=[("", _("All")), *PartnerType.choices]
    )
    strategy = forms.ChoiceField(label=_("Strategy"), required=False, choices=[("", _("All")), *Strategy.choices])

    def __init__(self, *args, place=None, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.today = today or timezone.localdate(dashboards.clock())
        #: the month the default range was moved back to, when the area has no recent records
        self.moved_to: dt.date | None = None
        for form_field in self.fields.values():
            kind = "select" if isinstance(form_field.widget, forms.Select) else "control"
            form_field.widget.attrs["class"] = f"form-{kind}"

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if self.errors:
            return data
        this_month = month_start(self.today)
        if end and end > this_month:
            self.add_error("period_to", _("This month is still to come."))
        if start and start > this_month:
            self.add_error("period_from", _("This month is still to come."))
        if start and end and start > end:
            self.add_error("period_from", _("The range must start before it ends."))
        if start and end and len(months_between(start, end)) > MAX_MONTHS:
            message = _("Choose at most %(months)s months (a dashboard shows each month).")
            self.add_error("period_to", message % {"months": MAX_MONTHS})
        return data

    def filters(self) -> Filters:
        """The filters asked for (a valid form), the missing ends of the range filled in."""
        data = self.cleaned_data
        start, end = data.get("period_from"), data.get("period_to")
        if start is None and end is None:
            start, end, self.moved_to = default_range(self.place, self.today)
        elif start is None:
            start = add_months(end, -11)
        elif end is None:
            end = min(add_months(start, 11), month_start(self.today))
        return Filters(
            start=start,
            end=end,
            cohort=data.get("cohort"),
            partner_type=data.get("partner_type") or "",
            strategy=data.get("strategy") or "",
        )


class RecordsForm(forms.Form):
    """Which libraries of a month to list: those behind a reporting or KPI figure."""

    month = PeriodFormField(label=_("Month"), required=False)
    state = forms.ChoiceField(label=_("Show"), required=False, choices=list(RECORD_LABELS.items()))
    cohort = forms.IntegerField(label=_("Cohort year"), required=False, min_value=2011, max_value=2100)
    partner_type = forms.ChoiceField(
        label=_("Partner type"), required=False, choices=[("", _("All")), *PartnerType.choices]
    )
