from django import template

from foundation import formatting

register = template.Library()


@register.filter
def rupiah(value) -> str:
    return formatting.rupiah(value)


@register.filter
def thousands(value) -> str:
    return formatting.thousands(value)
