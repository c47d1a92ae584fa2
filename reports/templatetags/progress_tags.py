"""Formatting for progress reports: signed changes, percentages and KPI colours, in the active locale."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format

from reports.models.kpi import KpiColour

register = template.Library()


@register.filter
def signed(value):
    """+1.234 / \u2212 56 / 0, with the locale's grouping; empty when unknown."""
    if value is None or value == "":
        return ""
    if value > 0:
        return f"+{intcomma(value)}"
    if value < 0:
        return f"\u2212{intcomma(-value)}"
    return "0"


@register.filter
def pct(value):
    """A percentage with one decimal in the locale's format (12,5 %); a dash when unknown."""
    if value is None:
        return "\u2014"
    return f"{number_format(value, 1)} %"


@register.filter
def decimal1(value):
    if value is None or value == "":
        return "\u2014"
    return number_format(value, 1)


@register.filter
def kpi_label(colour):
    try:
        return KpiColour(colour).label
    except ValueError:
        return "\u2014"


@register.filter
def trend(value):
    """A CSS class for a change: up, down or flat."""
    if not value:
        return "trend-flat"
    return "trend-up" if value > 0 else "trend-down"
