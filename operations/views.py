from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from .access import is_operator
from .health import detailed_health
from .metrics import exposition


def operators_only(view):
    """Anyone else, signed in or not, gets a 403 (a scraper must see that its token is wrong, not a login page)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_operator(request):
            return JsonResponse({"detail": _("Only operators may read this.")}, status=403)
        return view(request, *args, **kwargs)

    return login_not_required(never_cache(require_safe(wrapped)))


@operators_only
def health(request):
    """Every part: 200 when all are healthy, 503 with the failing ones marked otherwise."""
    report = detailed_health()
    return JsonResponse(report, status=200 if report["ok"] else 503)


@operators_only
def metrics(request):
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
