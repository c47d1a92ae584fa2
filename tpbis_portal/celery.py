"""Celery application: configuration comes from Django settings (``CELERY_*``)."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tpbis_portal.settings")

app = Celery("tpbis_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def log_like_the_web(**kwargs):
    """Workers and beat log with the portal's ``LOGGING`` (request id, user; JSON in production), not Celery's."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
