"""The REST API: ``/api/v1/`` (one router over every app's endpoints), the schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from activities.api.urls import router as activities_router
from evidence.api.urls import router as evidence_router
from foundation.api.auth import ObtainTokenView
from foundation.api.docs import ApiDocsView
from libraries.api.urls import router as libraries_router
from reports.api.urls import router as reports_router


class PortalRouter(DefaultRouter):
    # Region codes contain dots: no ".json" suffix routes to confuse them with.
    include_format_suffixes = False


router = PortalRouter()
for app_router in (libraries_router, activities_router, evidence_router, reports_router):
    router.registry.extend(app_router.registry)

urlpatterns = [
    path("v1/auth/token/", ObtainTokenView.as_view(), name="api_token"),
    path("v1/", include((router.urls, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", ApiDocsView.as_view(url_name="api_schema"), name="api_docs"),
]
