"""What the IPLM page is asked for: a year and a reading (everything entered, or verified only)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.bounds import FIRST_YEAR

from .figures import Reading

READINGS = [(Reading.ENTERED, _("Everything entered")), (Reading.VERIFIED, _("Verified only"))]


def today() -> dt.date:
    """Today, as the IPLM page sees it (tests move it)."""
    return timezone.localdate()


def default_year(on: dt.date) -> int:
    """The year the page shows unless asked: the last whole year (what the library census asks for)."""
    return on.year - 1


class IplmForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    reading = forms.ChoiceField(label=_("Reading"), required=False, choices=READINGS)

    def __init__(self, *args, on: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = on or today()
        years = range(self.today.year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].error_messages["invalid_choice"] = _("Choose a year from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR,
            "last": self.today.year,
        }
        for form_field in self.fields.values():
            form_field.widget.attrs.setdefault("class", "form-select")

    @property
    def year_chosen(self) -> int:
        return self.cleaned_data.get("year") or default_year(self.today)

    @property
    def verified_only(self) -> bool:
        return self.cleaned_data.get("reading") == Reading.VERIFIED

    @property
    def reading_chosen(self) -> str:
        return Reading.VERIFIED if self.verified_only else Reading.ENTERED
