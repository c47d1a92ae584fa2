"""The portal's own production settings, plus a trivial reference view, for benchmarks.

Production-grade (``DJANGO_DEBUG=false``) as a deployment runs: jobs go to Redis for a worker (none runs
here; what the worker does after a save is measured apart, ``evidence_check_figures``). Three differences that
do not touch what is measured: plain HTTP on loopback (no TLS redirect, cookies without the
Secure flag), static files looked up without a collected manifest (pages are measured, not
static files), and the URL of the trivial view that the dashboard's throughput is compared to.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-never-used-in-production")

from tpbis_portal.settings import *  # noqa: F403

ROOT_URLCONF = "perf.bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# As deployed: a save queues its evidence checks for the worker instead of running them in the request.
CELERY_TASK_ALWAYS_EAGER = False
