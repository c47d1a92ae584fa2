"""Pages every site has: the health check for load balancers, the favicon, the 404 and 500 pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to."""
    return redirect(static("img/favicon.svg"), permanent=True)


@login_not_required
@never_cache
def healthz(request):
    """Liveness for load balancers: the database must answer; the broker is reported."""
    status = 200
    body = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = "ok"
    except DatabaseError:
        body["database"] = "unavailable"
        status = 503
    body["broker"] = broker_status()
    return JsonResponse(body, status=status)


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


def server_error(request):
    """The 500 page; under ``/api/`` a JSON error, so that an API client never has to read HTML."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)


def page_not_found(request, exception):
    """The 404 page; under ``/api/`` a JSON error like every other API answer."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
