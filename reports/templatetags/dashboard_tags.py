"""Formatting for dashboards: changes of a percentage, in percentage points."""

from django import template
from django.utils.translation import gettext as _

from foundation import formatting
from libraries.choices import PartnerType

register = template.Library()


@register.filter
def signed_points(value):
    """+3,2 points / \u22121,0 points / 0 points (a change of a percentage); empty when unknown."""
    if value is None or value == "":
        return ""
    text = formatting.number(abs(value), 1)
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    return _("%(change)s points") % {"change": f"{sign}{text}"}


@register.filter
def partner_type_label(value):
    try:
        return PartnerType(value).label
    except ValueError:
        return value
