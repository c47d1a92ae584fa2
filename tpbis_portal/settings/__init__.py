"""Settings for TPBIS Portal, read from the environment.

With ``DJANGO_DEBUG=true`` (``make run`` and the tests set it) the local defaults (SQLite, eager Celery,
console email) need no configuration; without it the same package is production-grade and refuses to start
without a secret key and a database URL.

``DJANGO_SETTINGS_MODULE=tpbis_portal.settings`` reads this package. Each module holds one subject and sets
each of its settings whole, once, so that no module overrides another (tests/test_settings.py checks it):

- ``env``: the project's root and typed lookups of environment variables (no setting of its own)
- ``security``: ``DEBUG``, the secret key, hosts, users and passwords, sessions, the proxies counted for client
  addresses, the login lockout (django-axes), password reset throttles, the Content-Security-Policy and the HTTPS
  headers behind the proxy
- ``base``: applications, middleware, templates, the database and its read replica, language and time, static
  and media files
- ``tasks``: Redis, Celery (broker, time limits, worker recycling, beat's schedule) and the cache
- ``mail``: outgoing e-mail
- ``api``: the REST API (authentication and token expiry, parsers, throttles) and its schema
- ``portal``: the portal's own ``TPBIS_*`` settings (deadlines, photos, caches, the map)
- ``operations``: logs, error reports, metrics and the detailed health check
"""

from .api import *  # noqa: F403
from .base import *  # noqa: F403
from .mail import *  # noqa: F403
from .operations import *  # noqa: F403
from .portal import *  # noqa: F403
from .security import *  # noqa: F403
from .tasks import *  # noqa: F403
