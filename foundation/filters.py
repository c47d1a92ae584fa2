"""Filters shared by the HTML lists and the API.

They are strict about what they accept, so that an API client sending a wrong value hears
so (400) instead of silently getting an unfiltered list; an empty value means "any", as in
the HTML filter forms.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from .months import PERIOD_PATTERN, PeriodFormField, next_month


class DateInput(forms.DateInput):
    input_type = "date"


def scoped(model):
    """A filter dropdown's queryset limited to the requesting user's scope."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.restrict(request.user)

    return queryset


@extend_schema_field({"type": "string", "pattern": PERIOD_PATTERN, "example": "2021-09"})
class PeriodFilter(django_filters.Filter):
    """``?period=2021-09``: records whose date (``field_name``) lies in that month."""

    field_class = PeriodFormField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Month"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__gte": value, f"{self.field_name}__lt": next_month(value)})


class WholeNumberField(forms.IntegerField):
    """Digits only: Django's integer field also takes ``2021.0``, which the API schema calls no integer."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"-?\d+", value.strip()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


@extend_schema_field({"type": "integer"})
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (a year, say): ``2021.5`` is an error, not a filter that matches nothing."""

    field_class = WholeNumberField


class StrictNullBooleanSelect(forms.NullBooleanSelect):
    """Django's yes/no/unknown select, handing the field the raw value so it can reject what it does not know."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return None if value in (None, "", "unknown") else value


class StrictNullBooleanField(forms.NullBooleanField):
    widget = StrictNullBooleanSelect
    default_error_messages = {"invalid": _("Enter true or false.")}
    values = {"true": True, "True": True, "1": True, "false": False, "False": False, "0": False}

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        if value not in self.values:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return self.values[value]

    def has_changed(self, initial, data):
        # A filter form shown again with an invalid value (the HTML lists) must still render.
        try:
            return super().has_changed(initial, data)
        except ValidationError:
            return True


class BooleanFilter(django_filters.BooleanFilter):
    """``true`` or ``false`` (empty: either); anything else is an error."""

    field_class = StrictNullBooleanField


class NulSafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            # PostgreSQL cannot compare text with NUL in it: refuse it as the invalid choice it is.
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's, refusing values the database cannot look up (400, not 500)."""

    field_class = NulSafeModelChoiceField


class YearFormField(WholeNumberField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    """A calendar year, for dates (``lookup_expr="year"``): year 0 or 10000 is an error, not a crash."""

    field_class = YearFormField


class IdFilter(IntegerFilter):
    """A record by its id (``?team=3``), for records without a dropdown: a whole number, or a 400."""
