"""Security: the DEBUG switch, the secret key, hosts, users and passwords, sessions, the login lockout,
the Content-Security-Policy and the HTTPS headers behind the proxy, the proxies counted to find a client's
address, the password reset's throttles.

The API's throttles and tokens are in ``api``; the operators' token in ``operations``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .env import envbool, envint, envlist

# Production-grade unless asked otherwise: ``make run`` (and the tests) set DJANGO_DEBUG=true.
DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is false.")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

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

# Reverse proxies in front of the portal (nginx: 1): client addresses for lockouts and throttles (axes and the
# API alike) come from X-Forwarded-For, as the last proxy saw them (``foundation.client_address``).
NUM_PROXIES = envint("DJANGO_NUM_PROXIES", 0)

# Login lockout (django-axes): five failures lock that username from that address for an hour; the same username
# from another address, and other usernames from this one, are not locked (nobody locks someone else out).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "foundation.client_address.axes_client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The lockout page for the portal, a JSON 429 for the API's token login.
AXES_LOCKOUT_CALLABLE = "foundation.api.auth.lockout_response"

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
# Load balancers probe /healthz over plain HTTP on the private network: it answers there, never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
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

# Password reset: requests per client address, and links mailed per account, in an hour (``accounts.password_reset``).
TPBIS_PASSWORD_RESET_PER_ADDRESS = envint("TPBIS_PASSWORD_RESET_PER_ADDRESS", 5)
TPBIS_PASSWORD_RESET_PER_ACCOUNT = envint("TPBIS_PASSWORD_RESET_PER_ACCOUNT", 3)
