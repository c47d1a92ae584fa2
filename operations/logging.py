"""Log records carry the request id and the user; lines are JSON in production, text in development.

``LOGGING`` in the settings names these by dotted path: the module is imported while logging is configured,
before the apps are loaded, so it imports no model.
"""

import logging

from pythonjsonlogger.core import RESERVED_ATTRS

from .context import request_id, user_name

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"
JSON_FIELDS = ["levelname", "name", "request_id", "user", "message"]
JSON_RENAMES = {"levelname": "level", "name": "logger"}


class ContextFilter(logging.Filter):
    """Adds ``request_id`` and ``user`` to every record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        record.user = user_name()
        return True


def logging_config(fmt: str, level: str) -> dict:
    """The ``LOGGING`` dict: one handler on standard error, ``fmt`` ``json`` or ``text``."""
    formatters = {
        "text": {"format": TEXT_FORMAT},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": JSON_RENAMES,
            "timestamp": "time",
            # Django's request logs attach the request object: its repr says no more than the line does.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": formatters,
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["context"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # PDF rendering reports every step at INFO; django-guid each id it sets.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "django_guid": {"level": "WARNING"},
        },
    }
