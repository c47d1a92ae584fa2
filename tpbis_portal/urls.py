from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.password_reset import PasswordResetView
from foundation.views import app, site
from reports.home import home

admin.site.site_header = "TPBIS Portal"
admin.site.site_title = "TPBIS Portal"

handler404 = site.page_not_found
handler500 = site.server_error

urlpatterns = [
    path("", home, name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("favicon.ico", site.favicon),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("sw.js", app.service_worker, name="service_worker"),
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("offline/", app.offline, name="offline"),
    path("outbox/", app.outbox, name="outbox"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("libraries/", include("libraries.urls")),
    path("activities/", include("activities.urls")),
    path("trainings/", include("activities.urls_trainings")),
    path("reports/", include("reports.urls")),
    path("sim/", include("sim.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/", include("tpbis_portal.api_urls")),
    path("admin/", admin.site.urls),
    path("ops/", include("operations.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
