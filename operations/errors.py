"""Error reports to Sentry, when ``SENTRY_DSN`` is set: web requests and Celery tasks, tagged with the request id.

Called from the settings, so that web, worker and beat processes all report; no personal data is sent (Sentry's
``send_default_pii`` stays off): the request id leads from a report to the log lines of the same request.
"""

import os

from .context import UNKNOWN, request_id


def tag_request_id(event: dict, hint: dict) -> dict:
    if (current := request_id()) != UNKNOWN:
        event.setdefault("tags", {})["request_id"] = current
    return event


def init_sentry(dsn: str, environment: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=os.environ.get("SENTRY_RELEASE") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
        send_default_pii=False,
        before_send=tag_request_id,
    )
