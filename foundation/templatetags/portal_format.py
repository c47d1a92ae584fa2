"""Template filters for numbers and dates, all from ``foundation.formatting``."""

from django import template

from foundation import formatting

register = template.Library()


@register.filter
def rupiah(value) -> str:
    return formatting.rupiah(value)


@register.filter
def thousands(value) -> str:
    return formatting.thousands(value)


@register.filter
def number(value, decimals=0) -> str:
    return formatting.number(value, int(decimals))


@register.filter
def percent(value, decimals=1) -> str:
    return formatting.percent(value, int(decimals))
