"""The portal's URLs and ``bench_trivial``: a logged-in page that does nothing, the throughput reference."""

from django.http import HttpResponse
from django.urls import include, path

from tpbis_portal.urls import handler404  # noqa: F401 - the portal's own 404 page


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("tpbis_portal.urls")),
]
