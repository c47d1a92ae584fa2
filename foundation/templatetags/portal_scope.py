"""The scoping rule in templates: show a link only to those whom its page will not refuse."""

from django import template
from django.apps import apps

from foundation.scope import CHANGE, scope_for

register = template.Library()


@register.filter
def may_change(user, model_label: str) -> bool:
    """``{% if user|may_change:"libraries.Library" %}``: whether the user may change any record of that kind."""
    return not scope_for(user).area(CHANGE, apps.get_model(model_label)).is_empty
