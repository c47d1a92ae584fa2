"""The REST API: authentication and its tokens, permissions, parsers, pagination, throttles, and its OpenAPI
schema. The proxies counted to find a client's address are in ``security`` (axes counts them too)."""

import os
from datetime import timedelta

from .env import envint
from .security import NUM_PROXIES

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a request without credentials a 401, not a 403.
        "foundation.api.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["foundation.api.parsers.PortalJSONParser"],
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
    # Proxies in front of the portal: the client address is then taken from X-Forwarded-For (as for axes).
    "NUM_PROXIES": NUM_PROXIES,
}
# API tokens (django-rest-knox): one per login, stored as a hash, expiring after this many days unused
# (each use moves the expiry on, at most once an hour); a password change or deactivation revokes them all.
TPBIS_API_TOKEN_IDLE_DAYS = envint("TPBIS_API_TOKEN_IDLE_DAYS", 30)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=TPBIS_API_TOKEN_IDLE_DAYS),
    "AUTO_REFRESH": True,
    "MIN_REFRESH_INTERVAL": 60 * 60,
    "AUTH_HEADER_PREFIX": "Token",
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
    # No deep links: Swagger UI writes them as links inside the operation buttons (nested controls, WCAG 4.1.2);
    # no syntax colouring: its theme's colours are too faint on its dark background (WCAG 1.4.3). The endpoints
    # start collapsed under their names: with every operation of some thirty endpoints listed at once, the page
    # stopped rendering part-way in Chromium.
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": False,
        "docExpansion": "none",
        "persistAuthorization": True,
        "validatorUrl": None,
        "syntaxHighlight": {"activated": False},
    },
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
        "EngagementFieldEnum": "activities.choices.EngagementField",
        "EventKindEnum": "activities.choices.EventKind",
        "AdvocacyTargetEnum": "activities.choices.AdvocacyTarget",
        "AdvocacyResultEnum": "activities.choices.AdvocacyResult",
        "RegulationKindEnum": "activities.choices.RegulationKind",
        "PublicationKindEnum": "activities.choices.PublicationKind",
        "VerificationEnum": "activities.choices.Verification",
        "RecordSourceEnum": "activities.choices.RecordSource",
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
        "RecordTypeEnum": "reports.queue.kinds.KIND_CHOICES",
        "JobStepEnum": "reports.models.progress.JobStep",
        "PlmLevelEnum": "reports.models.plm.PlmLevel",
        "PresentationKindEnum": "reports.models.plm.PresentationKind",
        "FollowUpStatusEnum": "reports.models.plm.FollowUpStatus",
        "TeamLevelEnum": "libraries.choices.TeamLevel",
        "KpiColourEnum": "reports.models.kpi.KpiColour",
    },
}
