"""Per-request context for logs, one log line per request, and dashboards and exports read from the replica."""

import logging
import time
from fnmatch import fnmatchcase

from django.conf import settings

from . import routers
from .context import enter_request

logger = logging.getLogger("tpbis.request")


class RequestContextMiddleware:
    """Makes the request known to the log filter and, when ``TPBIS_LOG_REQUESTS`` is on, logs it once served.

    Placed right after django-guid's middleware, so that every later line of the request carries its id and,
    once the session has been read, its user; both are forgotten when the request is finished.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        enter_request(request)
        started = time.perf_counter()
        response = self.get_response(request)
        if settings.TPBIS_LOG_REQUESTS and not _routine_probe(request, response):
            duration_ms = (time.perf_counter() - started) * 1000
            logger.info(
                "%s %s %s %.0f ms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(duration_ms, 1),
                },
            )
        return response


def _routine_probe(request, response) -> bool:
    """A load balancer's successful ``/healthz``, every few seconds: not worth a line each."""
    match = request.resolver_match
    return response.status_code == 200 and match is not None and match.view_name == "healthz"


def reads_from_replica(request, view_name: str) -> bool:
    """Whether this request is one of ``TPBIS_REPLICA_VIEWS``: ``app:view-name`` patterns, ``?param`` optional.

    ``reports:dashboard*`` matches every dashboard page; ``libraries:library_list?export`` the library list
    only when it is downloaded (``?export=csv``). Only reads (GET, HEAD) ever go to the replica.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    for pattern in settings.TPBIS_REPLICA_VIEWS:
        name, _, param = pattern.partition("?")
        if fnmatchcase(view_name, name) and (not param or param in request.GET):
            return True
    return False


class ReplicaReadsMiddleware:
    """Dashboards and exports read from the read replica, when one is configured (``DATABASE_REPLICA_URL``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = request.__dict__.pop("_replica_token", None)
            if token is not None:
                routers.stop_reading_from_replica(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if routers.replica_configured() and match and reads_from_replica(request, match.view_name):
            request._replica_token = routers.start_reading_from_replica()
