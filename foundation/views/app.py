"""The installable app: its manifest, the service worker that keeps the portal on the phone, the offline page and
the outbox of records waiting to be sent.

The service worker (``static/js/service-worker.js``, on Workbox served from our own static files) is served
from the site's root so that its scope is the whole portal. This view writes its first lines: the app shell to
precache (every script, style sheet and image of the portal, with a revision from their contents, so that a
changed file changes the worker and phones update) and the pages to keep ready for use offline.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles.finders import FileSystemFinder
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

THEME_COLOUR = "#0d6efd"
SHELL_SUFFIXES = (".css", ".js", ".svg", ".png", ".woff", ".woff2")
#: Static files no page a user works with offline needs: the API's documentation, the PDF style, the worker's own.
SHELL_EXCLUDED = ("css/api-docs", "js/api-docs", "css/report_pdf", "js/service-worker", "vendor/workbox/")
WORKBOX = ("core", "cacheable-response", "expiration", "routing", "strategies", "precaching")
OFFLINE_TEMPLATE = "generic/offline.html"
#: The name of the cache of pages; a new name drops the pages kept by an older worker.
PAGES_CACHE = "tpbis-pages-v1"
ICONS = [
    ("img/icons/icon-192.png", "192x192", "any"),
    ("img/icons/icon-512.png", "512x512", "any"),
    ("img/icons/maskable-192.png", "192x192", "maskable"),
    ("img/icons/maskable-512.png", "512x512", "maskable"),
]


def _shell() -> list[dict]:
    entries = []
    for path, storage in FileSystemFinder().list([]):
        path = path.replace("\\", "/")
        if not path.endswith(SHELL_SUFFIXES) or path.startswith(SHELL_EXCLUDED):
            continue
        with storage.open(path) as handle:
            revision = hashlib.md5(handle.read(), usedforsecurity=False).hexdigest()[:12]
        entries.append({"url": staticfiles_storage.url(path), "revision": revision})
    # The offline page names the shell's files: it changes with them and with its template.
    source = get_template(OFFLINE_TEMPLATE).template.source + json.dumps(entries)
    revision = hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()[:12]
    entries.append({"url": reverse("offline"), "revision": revision})
    return sorted(entries, key=lambda entry: entry["url"])


_shell_cached = cache(_shell)


def worker_config() -> dict:
    """What the service worker needs to know; it changes whenever a file of the app shell changes."""
    precache = _shell() if settings.DEBUG else _shell_cached()
    config = {
        "precache": precache,
        "offline": reverse("offline"),
        "pagesCache": PAGES_CACHE,
        # Pages that are never kept: signing in and out, downloads and the API, the administration.
        "neverCache": ["/accounts/login/", "/accounts/logout/", "/accounts/password", "/admin/", "/api/", "/i18n/"],
    }
    config["version"] = hashlib.md5(json.dumps(config, sort_keys=True).encode(), usedforsecurity=False).hexdigest()[:12]
    return config


@login_not_required
@never_cache
def service_worker(request):
    config = worker_config()
    scripts = [static(f"vendor/workbox/workbox-{name}.prod.js") for name in WORKBOX] + [static("js/service-worker.js")]
    body = (
        "// The portal's service worker: configuration written by the server, then Workbox and the worker itself.\n"
        f"self.TPBIS_APP = {json.dumps(config, indent=1)};\n"
        f"importScripts({', '.join(json.dumps(url) for url in scripts)});\n"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@cache_control(max_age=3600)
def manifest(request):
    """The web app manifest: the portal installs as an app that opens on the home page, in its own window."""
    body = {
        "id": "/",
        "name": _("TPBIS Portal"),
        "short_name": "TPBIS",
        "description": _("Monitoring of the social-inclusion-based library transformation program (TPBIS)."),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@login_not_required
def offline(request):
    """Shown by the service worker when a page was never kept on the phone and there is no connection."""
    return render(request, OFFLINE_TEMPLATE)


def outbox(request):
    """The records made on this phone that wait to be sent (listed by ``static/js/outbox.js`` from the phone)."""
    return render(request, "generic/outbox.html")
