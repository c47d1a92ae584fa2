"""Operations: logs, error reports, metrics and the detailed health check (README, "Operations").

The operations app and middleware are listed in ``base`` (with the read replica), Celery's worker limits and
beat's heartbeat in ``tasks``.
"""

import os

from operations.errors import init_sentry
from operations.logging import logging_config

from .env import envbool, envint
from .security import DEBUG

# Logs: every line has its time, level, logger, request id and user; JSON lines in production, text in development
# (DJANGO_LOG_FORMAT=json|text). The request id comes from nginx's X-Request-ID (or is made here) and goes back in
# the response and on to the Celery tasks the request sends.
LOGGING = logging_config(
    os.environ.get("DJANGO_LOG_FORMAT") or ("text" if DEBUG else "json"), os.environ.get("DJANGO_LOG_LEVEL", "INFO")
)
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "EXPOSE_HEADER": False}
# One line per request served (method, path, status, duration): off under runserver, which writes its own.
TPBIS_LOG_REQUESTS = envbool("TPBIS_LOG_REQUESTS", not DEBUG)
# Workers and beat log through LOGGING too (tpbis_portal/celery.py), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Error reports: Sentry, only when SENTRY_DSN is set (web requests and Celery tasks; no personal data sent).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    init_sentry(SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT", "production"))

# Metrics (/ops/metrics) and the detailed health check (/ops/health/): superusers, or the bearer token below.
TPBIS_OPS_TOKEN = os.environ.get("TPBIS_OPS_TOKEN", "")
# gunicorn's worker processes share their metrics through files in this folder (deploy/gunicorn.conf.py).
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
TPBIS_HEALTH_WORKER_TIMEOUT = float(os.environ.get("TPBIS_HEALTH_WORKER_TIMEOUT", "1.0"))
TPBIS_BEAT_MAX_AGE_SECONDS = envint("TPBIS_BEAT_MAX_AGE_SECONDS", 300)
TPBIS_HEALTH_MIN_FREE_MB = envint("TPBIS_HEALTH_MIN_FREE_MB", 1024)
