from drf_spectacular.views import SpectacularSwaggerView


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI under our Content-Security-Policy: no inline script or style.

    The page carries its settings in data attributes; ``static/js/api-docs.js`` starts
    Swagger UI from them, and the assets come from drf-spectacular-sidecar's static files.
    """

    template_name = "api/docs.html"
