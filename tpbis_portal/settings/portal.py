"""The portal's own settings (``TPBIS_*``): deadlines, photos, links in e-mails, cached counts and figures, the map."""

import os

from .env import envint

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
# SIM TPBIS imports on the upload page: how long uploaded files wait for confirmation, the largest file, how many
# files one upload may hold.
TPBIS_SIM_UPLOAD_HOURS = envint("TPBIS_SIM_UPLOAD_HOURS", 24)
TPBIS_SIM_MAX_FILE_BYTES = envint("TPBIS_SIM_MAX_FILE_BYTES", 20 * 1024 * 1024)
TPBIS_SIM_MAX_FILES = envint("TPBIS_SIM_MAX_FILES", 10)
