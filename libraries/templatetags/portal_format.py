from django import template

from libraries import formatting

register = template.Library()


@register.filter
def rupiah(value) -> str:
    return formatting.rupiah(value)


@register.filter
def thousands(value) -> str:
    return formatting.thousands(value)
