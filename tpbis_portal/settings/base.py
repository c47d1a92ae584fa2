"""Applications, middleware, templates, the database (and its read replica), language and time, static and
media files."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR, envint, envlist
from .security import DEBUG

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "axes",
    "foundation",
    "notifications",
    "accounts",
    "libraries",
    "activities",
    "evidence",
    "reports",
    "sim",
    "perf",
    # Operations: request ids, metrics, the detailed health check (README, "Operations").
    "django_guid",
    "django_prometheus",
    "operations",
]

MIDDLEWARE = [
    # Metrics and the request id wrap everything else, so that every request is counted and every line logged
    # while it is served carries its id and user.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django_guid.middleware.guid_middleware",
    "operations.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "foundation.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "foundation.middleware.PortalLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "operations.middleware.ReplicaReadsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "tpbis_portal.urls"
FORM_RENDERER = "foundation.renderers.PortalFormRenderer"
WSGI_APPLICATION = "tpbis_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

# Database: SQLite for a quick local run, PostgreSQL wherever DATABASE_URL points.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL and not DEBUG:
    raise ImproperlyConfigured("DATABASE_URL is required when DJANGO_DEBUG is false.")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT compilation: a page's queries run in milliseconds, but a join the planner thinks costly
    # gets compiled first, which takes up to a second (measured: monthly-report list, docs/performance.md).
    # Random reads priced as on solid-state storage with the data in memory (PostgreSQL's default, 4, prices a
    # spinning disk): a province's libraries' months are then read through their index, 27 instead of 60-75 ms.
    # 16 MB to sort or hash in (default 4 MB): a province's 25,000 library months are grouped in memory rather
    # than sorted on disk (45 to 30 ms at 10,000 libraries).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1 -c work_mem=16MB"
# Read replica: with DATABASE_REPLICA_URL, dashboards and exports (TPBIS_REPLICA_VIEWS) read from it, everything
# else and every write uses DATABASE_URL (operations/routers.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=envint("DJANGO_CONN_MAX_AGE", 60), conn_health_checks=True
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["operations.routers.ReplicaRouter"]
TPBIS_REPLICA_VIEWS = envlist(
    "TPBIS_REPLICA_VIEWS",
    "reports:dashboard*,reports:progress_export,reports:plm_briefing_pdf,*?export",
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (local runs only) cannot enforce NULLS NOT DISTINCT, nor add non-key columns to an index
# (covering indexes, a PostgreSQL speed-up; SQLite makes the plain index); PostgreSQL does both.
SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W039", "models.W040"]

# Language and time: Indonesian first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as `21 Sep 2021` in both languages (foundation/formats); numbers through foundation.formatting.
FORMAT_MODULE_PATH = ["foundation.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
