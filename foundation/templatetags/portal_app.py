"""The installable app's parts of every page: the pages to keep ready offline."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def offline_pages() -> str:
    """The addresses (space-separated) a signed-in user finds ready offline once the app is installed."""
    return " ".join(reverse(name) for name in settings.TPBIS_OFFLINE_PAGES)
