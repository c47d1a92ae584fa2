import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libraries.choices import PartnerType
from libraries.filtersets import scoped
from libraries.models import Library, Province, Regency
from reports.deadlines import next_month
from tpbis_portal.filters import IntegerFilter

from .choices import Strategy, TargetGroup
from .models import Activity, SuccessStory


class PeriodField(forms.CharField):
    """A month as ``YYYY-MM`` (the browser's month picker), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2021-09", "pattern": r"\d{4}-\d{2}"})

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else value

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value.replace(day=1)
        value = super().to_python(value)
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError as error:
            raise ValidationError(_("Enter a month as YYYY-MM."), code="invalid") from error


class PeriodFilter(django_filters.Filter):
    """Records of one month: ``?period=2021-09``."""

    field_class = PeriodField

    def __init__(self, *args, date_field: str = "date", **kwargs):
        self.date_field = date_field
        kwargs.setdefault("label", _("Month"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.date_field == "period":
            return qs.filter(period=value)
        # A range, not year and month: the date's index serves it.
        return qs.filter(**{f"{self.date_field}__gte": value, f"{self.date_field}__lt": next_month(value)})


class LibraryScopedFilterSet(django_filters.FilterSet):
    """Filters shared by records that belong to a library: the library itself, its province and regency."""

    library = django_filters.ModelChoiceFilter(queryset=scoped(Library), label=_("Library"), widget=forms.HiddenInput)
    province = django_filters.ModelChoiceFilter(
        field_name="library__province", queryset=scoped(Province), label=_("Province")
    )
    regency = django_filters.ModelChoiceFilter(
        field_name="library__regency", queryset=scoped(Regency), label=_("Regency/city")
    )
    # The library's cohort and partner type, as on the dashboards that link here.
    cohort = IntegerFilter(field_name="library__cohort_year", label=_("Cohort year"))
    partner_type = django_filters.ChoiceFilter(
        field_name="library__partner_type", choices=PartnerType.choices, label=_("Partner type")
    )


class ActivityFilterSet(LibraryScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    period = PeriodFilter()
    strategy = django_filters.ChoiceFilter(choices=Strategy.choices, label=_("Strategy"))
    target_group = django_filters.ChoiceFilter(choices=TargetGroup.choices, label=_("Target group"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Activity
        fields = [
            "q",
            "library",
            "province",
            "regency",
            "period",
            "strategy",
            "target_group",
            "date_from",
            "date_to",
            "cohort",
            "partner_type",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(skill_area__icontains=value) | Q(library__name__icontains=value)
        )


class SuccessStoryFilterSet(LibraryScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    period = PeriodFilter()
    consent_to_publish = django_filters.BooleanFilter(label=_("Consent to publish"))

    class Meta:
        model = SuccessStory
        fields = ["q", "library", "province", "regency", "period", "consent_to_publish", "cohort", "partner_type"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(person_name__icontains=value) | Q(story__icontains=value))
