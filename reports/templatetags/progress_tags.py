"""Formatting for progress reports: signed changes, percentages and KPI colours (``foundation.formatting``)."""

from django import template

from foundation import formatting
from reports.models.kpi import KpiColour

register = template.Library()


@register.filter
def signed(value):
    """+1.234 / \u2212 56 / 0, with the locale's grouping; empty when unknown."""
    if value is None or value == "":
        return ""
    if value > 0:
        return f"+{formatting.number(value)}"
    if value < 0:
        return f"\u2212{formatting.number(-value)}"
    return "0"


@register.filter
def pct(value):
    """A percentage with one decimal in the language's format (12,5%); a dash when unknown."""
    if value is None:
        return "\u2014"
    return formatting.percent(value)


@register.filter
def decimal1(value):
    if value is None or value == "":
        return "\u2014"
    return formatting.number(value, 1)


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
