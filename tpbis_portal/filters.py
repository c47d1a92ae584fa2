"""Filters shared by the HTML lists and the API."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from reports.deadlines import next_month, parse_period

PERIOD_PATTERN = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"


class PeriodFormField(forms.CharField):
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2021-09.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not re.fullmatch(PERIOD_PATTERN, value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parse_period(value)


@extend_schema_field({"type": "string", "pattern": PERIOD_PATTERN, "example": "2021-09"})
class PeriodFilter(django_filters.Filter):
    """``?period=2021-09``: records whose date (``field_name``) lies in that month."""

    field_class = PeriodFormField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__gte": value, f"{self.field_name}__lt": next_month(value)})
