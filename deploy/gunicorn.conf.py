"""gunicorn for the web unit (deploy/systemd/tpbis-web.service): ``gunicorn --config deploy/gunicorn.conf.py``.

Logs go through the portal's own logging (JSON lines with time, level, logger, request id and user); the portal
writes one line per request itself (``TPBIS_LOG_REQUESTS``), so gunicorn's access log is off. Worker processes
are recycled after about a thousand requests, and share their metrics through ``PROMETHEUS_MULTIPROC_DIR``.
"""

import os

from operations.logging import logging_config

wsgi_app = "tpbis_portal.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = 4
timeout = 60
graceful_timeout = 30
max_requests = 1000
max_requests_jitter = 100
# nginx on the same machine; with nginx elsewhere, set FORWARDED_ALLOW_IPS to its address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = None
errorlog = "-"
logconfig_dict = logging_config(
    os.environ.get("DJANGO_LOG_FORMAT") or "json", os.environ.get("DJANGO_LOG_LEVEL", "INFO")
)
logconfig_dict["loggers"].update(
    {name: {"level": "INFO", "propagate": True} for name in ("gunicorn.error", "gunicorn.access")}
)


def child_exit(server, worker):
    """A recycled or dead worker's metrics stay counted; its live gauges are dropped."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
