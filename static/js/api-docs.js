/* Starts Swagger UI on /api/docs/ from the page's data attributes (no inline script under our CSP). */
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  const settings = JSON.parse(root.dataset.settings || "{}");
  const csrfHeader = root.dataset.csrfHeader;
  const csrfToken = root.dataset.csrfToken;

  // Logged-in users try the API with their session: unsafe methods need the CSRF token.
  const requestInterceptor = (request) => {
    if (!["GET", "HEAD", undefined].includes(request.method) && csrfHeader && csrfToken) {
      request.headers[csrfHeader] = csrfToken;
    }
    return request;
  };

  window.ui = window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor,
    ...settings,
  });
})();
