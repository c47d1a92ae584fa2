"""What the KPI page is asked for: a period of whole months (or a preset), the reading, the order, a state."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.months import MonthInput, PeriodFormField, add_months, month_start, months_between

from .period import DEFAULT_SORT, MAX_MONTHS, SORTS, STATES, Period, Reading, presets

SORT_CHOICES = [(key, key) for name in SORTS for key in (name, f"-{name}")]


def today() -> dt.date:
    """Today, as the KPI page sees it: the presets and the last month that may be asked for (tests move it)."""
    return timezone.localdate()


class KpiForm(forms.Form):
    preset = forms.ChoiceField(label=_("Period"), required=False)
    period_from = PeriodFormField(label=_("From month"), required=False, widget=MonthInput())
    period_to = PeriodFormField(label=_("To month"), required=False, widget=MonthInput())
    reading = forms.ChoiceField(label=_("Reading"), required=False, choices=Reading.CHOICES)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)
    state = forms.ChoiceField(required=False, choices=[(s, s) for s in STATES], widget=forms.HiddenInput)

    def __init__(self, *args, on: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = on or today()
        self.presets = presets(self.today)
        self.fields["preset"].choices = [("", "—"), *((key, label) for key, label, _p in self.presets)]
        for form_field in self.fields.values():
            kind = "select" if isinstance(form_field.widget, forms.Select) else "control"
            form_field.widget.attrs.setdefault("class", f"form-{kind}")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("period_from"), data.get("period_to")
        this_month = month_start(self.today)
        if end and end > this_month:
            self.add_error("period_to", _("This month is still to come."))
        if start and start > this_month:
            self.add_error("period_from", _("This month is still to come."))
        if start and end and start > end:
            self.add_error("period_from", _("The period must start before it ends."))
        if start and end and len(months_between(start, end)) > MAX_MONTHS:
            self.add_error("period_to", _("Choose at most %(months)s months.") % {"months": MAX_MONTHS})
        return data

    def period(self) -> Period:
        """The period asked for (a valid form): the months given, else the preset, else this year so far."""
        data = self.cleaned_data
        start, end = data.get("period_from"), data.get("period_to")
        chosen = {key: period for key, _label, period in self.presets}
        if start and not end:  # from a month on: up to this month
            end = min(month_start(self.today), add_months(start, MAX_MONTHS - 1))
        if start or end:
            return Period(start or end, end)
        return chosen.get(data.get("preset") or "year")

    @property
    def verified_only(self) -> bool:
        return self.cleaned_data.get("reading") == Reading.VERIFIED

    @property
    def order(self) -> str:
        return self.cleaned_data.get("sort") or DEFAULT_SORT

    @property
    def chosen_state(self) -> str:
        return self.cleaned_data.get("state") or ""
