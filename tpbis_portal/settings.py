"""Settings for TPBIS Portal, read from the environment.

Local defaults (SQLite, eager Celery, console email) need no configuration; with
``DJANGO_DEBUG=false`` the same module is production-grade and refuses to start
without a secret key and a database URL.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is false.")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL and not DEBUG:
    raise ImproperlyConfigured("DATABASE_URL is required when DJANGO_DEBUG is false.")

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

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
    "rest_framework.authtoken",
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
    "reports",
    "perf",
]

MIDDLEWARE = [
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
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (local runs only) cannot enforce NULLS NOT DISTINCT, nor add non-key columns to an index
# (covering indexes, a PostgreSQL speed-up; SQLite makes the plain index); PostgreSQL does both.
SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W039", "models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = envint("DJANGO_SESSION_AGE", 60 * 60 * 12)
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# Login lockout (django-axes): five failures lock that username from that address for an hour.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The lockout page for the portal, a JSON 429 for the API's token login.
AXES_LOCKOUT_CALLABLE = "foundation.api.auth.lockout_response"

# Language and time: Indonesian first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
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

# Redis is optional locally: without it Celery runs tasks eagerly and the cache is per process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down or hung must not hold a web request for long: connecting and every socket
# operation time out after 2 s, and a failed publish is tried once more (at worst about 4 s for a hung
# broker, well under a second for a stopped one) before ``reports.progress.jobs.dispatch`` gives up and leaves
# the job queued for the re-dispatch beat job.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,  # above kombu's 1 s BRPOP timeout, so an idle worker is not disturbed
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    # Daily after the deadline: e-mail librarians whose monthly report is missing or returned (each once).
    "monthly-report-reminders": {
        "task": "reports.tasks.send_report_reminders",
        "schedule": crontab(minute=0, hour=8),
    },
    # The day after the monthly-report deadline, compile last month's progress reports for every scope.
    "compile-progress-reports": {
        "task": "reports.compile_tasks.compile_last_month",
        "schedule": crontab(minute=0, hour=1, day_of_month=envint("TPBIS_REPORT_DEADLINE_DAY", 5) + 1),
    },
    # Compile jobs requested while the broker was unreachable (or whose message was lost) are sent again.
    "redispatch-compile-jobs": {"task": "reports.compile_tasks.redispatch_compile_jobs", "schedule": 60.0},
    # Notification mail that could not be handed to a worker at once (broker away, a worker died) goes out here.
    "notification-mail-sweep": {"task": "notifications.tasks.send_pending_mail", "schedule": 300.0},
    # Each morning: the digests of those who chose one, and the teams' commitments nearing their due date.
    "notification-digests": {"task": "notifications.tasks.send_daily_digests", "schedule": crontab(minute=0, hour=7)},
    "commitments-due": {"task": "libraries.tasks.notify_commitments_due", "schedule": crontab(minute=30, hour=6)},
}

# The cache must never take the portal down: when Redis is unreachable, reads miss and writes are dropped.
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True


def _email_settings(url: str) -> dict:
    """Turn ``smtp://user:pass@host:587?tls=1`` (or ``console://``, ``file:///dir``) into Django email settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parsed.scheme == "file":  # file:///var/tmp/mail: each message written to a file there, nothing sent
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": parsed.path}
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": parsed.scheme == "smtp+tls" or query.get("tls", ["0"])[0] in {"1", "true"},
    }


if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", 25)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
else:
    globals().update(_email_settings(os.environ.get("EMAIL_URL", "")))
EMAIL_CONFIGURED = bool(os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "TPBIS Portal <noreply@tpbis.localhost>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a request without credentials a 401, not a 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "foundation.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "foundation.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "foundation.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("TPBIS_API_USER_RATE", "3000/hour"),
        "anon": os.environ.get("TPBIS_API_ANON_RATE", "200/hour"),
        # Token requests (logins) per client address; django-axes also locks a username after failures.
        "token": os.environ.get("TPBIS_API_TOKEN_RATE", "10/minute"),
    },
    # Proxies in front of the portal: the client address is then taken from X-Forwarded-For.
    "NUM_PROXIES": envint("DJANGO_NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TPBIS Portal API",
    "DESCRIPTION": (
        "Monitoring data of the TPBIS library transformation program.\n\n"
        "Authenticate with `Authorization: Token <token>` (get one from `POST /api/v1/auth/token/`) or with a "
        "portal session. Every list and record is limited to your area: a record outside it answers 404; "
        "a change your role may not make answers 403; a reference (library, province, village…) outside your "
        "area is a 400 field error, as if it did not exist. Errors come in the language asked for with "
        "`Accept-Language` (`id` or `en`). Lists are paginated (`count`, `next`, `previous`, `results`; "
        "`?page=` and `?page_size=` up to 500)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENFORCE_NON_BLANK_FIELDS": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "foundation.api.schema.allow_empty_filter_values",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LibraryLevelEnum": "libraries.choices.LibraryLevel",
        "PartnerTypeEnum": "libraries.choices.PartnerType",
        "FundingSourceEnum": "libraries.choices.FundingSource",
        "AidItemEnum": "libraries.choices.AidItem",
        "AidKindEnum": "libraries.choices.AidKind",
        "RegencyKindEnum": "libraries.models.geography.Regency.Kind",
        "VillageKindEnum": "libraries.models.geography.Village.Kind",
        "StrategyEnum": "activities.choices.Strategy",
        "TargetGroupEnum": "activities.choices.TargetGroup",
        "MediaKindEnum": "activities.choices.MediaKind",
        "ReportStatusEnum": "reports.choices.ReportStatus",
        "ReportActionEnum": "reports.choices.ReportAction",
        "TimelinessEnum": "reports.choices.Timeliness",
        "MemberRoleEnum": "libraries.choices.MemberRole",
        "SectorEnum": "libraries.choices.Sector",
        "CommitmentKindEnum": "libraries.choices.CommitmentKind",
        "CommitmentStatusEnum": "libraries.choices.CommitmentStatus",
        "MeetingKindEnum": "libraries.choices.MeetingKind",
        "ReportScopeEnum": "reports.models.progress.ReportScope",
        "JobStatusEnum": "reports.models.progress.JobStatus",
        "JobStepEnum": "reports.models.progress.JobStep",
        "PlmLevelEnum": "reports.models.plm.PlmLevel",
        "PresentationKindEnum": "reports.models.plm.PresentationKind",
        "FollowUpStatusEnum": "reports.models.plm.FollowUpStatus",
        "TeamLevelEnum": "libraries.choices.TeamLevel",
        "KpiColourEnum": "reports.models.kpi.KpiColour",
    },
}

# Content-Security-Policy: no inline scripts anywhere; scripts and styles come from our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *envlist("TPBIS_MAP_TILE_HOSTS")],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Monthly reports are due on this day of the following month.
TPBIS_REPORT_DEADLINE_DAY = envint("TPBIS_REPORT_DEADLINE_DAY", 5)
# Largest activity photo accepted (before it is resized), and how many one activity may have.
TPBIS_PHOTO_MAX_BYTES = envint("TPBIS_PHOTO_MAX_BYTES", 12 * 1024 * 1024)
TPBIS_PHOTOS_PER_ACTIVITY = envint("TPBIS_PHOTOS_PER_ACTIVITY", 10)
# Pages kept on a phone as soon as the portal is installed there, ready to use without a connection (the service
# worker also keeps every page opened since); URL names.
TPBIS_OFFLINE_PAGES = [
    "home",
    "activities:activity_add",
    "activities:activity_list",
    "reports:monthlyreport_list",
    "reports:monthlyreport_add",
    "notifications:inbox",
    "outbox",
]
# Synergy-team commitments due within this many days are announced to the team's staff (daily, once each).
TPBIS_COMMITMENT_NOTICE_DAYS = envint("TPBIS_COMMITMENT_NOTICE_DAYS", 7)
# The portal's address as users reach it, for links in e-mails.
TPBIS_SITE_URL = os.environ.get("TPBIS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a list's row count is kept (changes through the portal recount at once; 0: count every time).
TPBIS_COUNT_CACHE_SECONDS = envint("TPBIS_COUNT_CACHE_SECONDS", 120)
# A compile job with no sign of life for this long is shown as stalled and may be retried.
TPBIS_COMPILE_STALL_SECONDS = envint("TPBIS_COMPILE_STALL_SECONDS", 120)
# Dashboards: how long computed figures, and one month's aggregates, are kept (a change of the records behind them
# through the portal or the API invalidates them at once; bulk loads show within these times; 0 turns caching off),
# and the map's background tiles (empty: the libraries are drawn without a background map; add the tile server's
# host to TPBIS_MAP_TILE_HOSTS so that the Content-Security-Policy lets the tiles in).
TPBIS_DASHBOARD_CACHE_SECONDS = envint("TPBIS_DASHBOARD_CACHE_SECONDS", 300)
TPBIS_DASHBOARD_MONTH_CACHE_SECONDS = envint("TPBIS_DASHBOARD_MONTH_CACHE_SECONDS", 3600)
TPBIS_MAP_TILE_URL = os.environ.get("TPBIS_MAP_TILE_URL", "")
TPBIS_MAP_TILE_ATTRIBUTION = os.environ.get("TPBIS_MAP_TILE_ATTRIBUTION", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # PDF rendering reports every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
