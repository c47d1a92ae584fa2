"""Form fields for values typed the Indonesian way."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .formatting import thousands

_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")


def parse_rupiah(text) -> Decimal | None:
    """``"Rp 1.500.000"``, ``"1,500,000"`` or ``"1500000"`` → 1500000; ``ValueError`` for anything else."""
    if text is None:
        return None
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        if not text.is_integer():
            raise ValueError(text)
        return Decimal(int(text))
    value = str(text).strip()
    value = re.sub(r"^rp\.?\s*", "", value, flags=re.IGNORECASE).replace(" ", "")
    if value.endswith((",00", ".00")):
        value = value[:-3]
    if value == "":
        return None
    if _GROUPED.match(value):
        value = value.replace(".", "").replace(",", "")
    if not (value.isascii() and value.isdigit()):
        raise ValueError(text)
    return Decimal(value)


class RupiahInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "placeholder": "1.500.000", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int | Decimal):
            return thousands(value)
        return super().format_value(value)


class RupiahField(forms.DecimalField):
    """An amount in whole rupiah; accepts ``Rp 1.500.000`` as typed."""

    widget = RupiahInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("max_digits", 15)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_rupiah(value)
        except ValueError:
            raise ValidationError(_("Enter an amount in rupiah, e.g. 1.500.000."), code="invalid") from None

    def widget_attrs(self, widget):
        return {}
