"""Short-lived caching of dashboard figures that a change of the records behind them invalidates at once.

The data versions (``epoch``, ``area``, ``month``) and what moves them are in ``reports.kept``, shared with the
KPI page; here what only the dashboards keep: the compilations' token and a user's whole page.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache

from notifications.service import unread_count_of_request
from reports.kept import (  # noqa: F401 (the dashboards' names for them)
    EPOCH,
    MISSING,
    area_key,
    cached,
    get_many,
    invalidate_all,
    month_key,
    place_area,
    place_key,
    records_changed,
    set_many,
    versions,
)

#: Moved by every compilation of progress reports (dashboards show which months have one).
COMPILED = "dash:compiled"


def compilations_changed() -> None:
    cache.set(COMPILED, uuid.uuid4().hex, None)


def page_key(request, place) -> str | None:
    """The key of one user's whole dashboard page, or None when it may not be kept.

    The page is the user's own (their name, their scope's links, their form token), so the key
    names the user and their CSRF cookie, the address with its filters, the language, the day (the
    default range follows it), the tokens of the area's records and of compilations, and the user's count
    of unread notifications (the navbar shows it). Pages with
    messages to show, or for a browser without a CSRF cookie yet, are not kept.
    """
    from django.contrib.messages import get_messages
    from django.utils import timezone
    from django.utils.translation import get_language

    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not csrf or not request.user.is_authenticated or any(True for _ in get_messages(request)):
        return None
    tokens = versions([area_key(place_area(place)), COMPILED])
    if tokens is None:
        return None
    unread = str(unread_count_of_request(request))  # the navbar's: a new notification shows at once
    parts = [str(request.user.pk), csrf, request.get_full_path(), get_language(), str(timezone.localdate()), tokens]
    parts.append(unread)
    return "dash:page:" + hashlib.sha1("|".join(parts).encode()).hexdigest()
