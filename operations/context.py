"""Who and what a log line or an error report belongs to: the request id and the user.

The request id is django-guid's (the ``X-Request-ID`` header nginx sends, or a new one); the user is read from
the request being served, or from the task's headers in a Celery worker. Nothing here touches the database: a
user not yet loaded by the request is shown as ``-`` rather than fetched for a log line.
"""

from contextvars import ContextVar

from django.utils.functional import LazyObject, empty
from django_guid.context import guid

_request: ContextVar = ContextVar("tpbis_request", default=None)
_user_name: ContextVar = ContextVar("tpbis_user_name", default=None)

UNKNOWN = "-"
ANONYMOUS = "anonymous"


def request_id() -> str:
    return guid.get() or UNKNOWN


def enter_request(request) -> None:
    _request.set(request)


def leave_request(**kwargs) -> None:
    """At ``request_finished``: after Django's own last lines about the request (``Not Found: …``)."""
    _request.set(None)
    guid.set(None)


def set_user_name(name: str | None):
    return _user_name.set(name)


def reset_user_name(token) -> None:
    _user_name.reset(token)


def user_name() -> str:
    """The current user's username, ``anonymous``, or ``-`` when not known (yet)."""
    name = _user_name.get()
    if name:
        return name
    request = _request.get()
    if request is None:
        return UNKNOWN
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
        return UNKNOWN
    if not user.is_authenticated:
        return ANONYMOUS
    return user.get_username()
