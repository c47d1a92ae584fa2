"""Settings for a portal process started by a test (gunicorn in the load smoke run): the test process's hasher.

The test session creates the demo accounts with the fast hasher of ``conftest.pytest_configure``;
a server checking their passwords needs it too.
"""

from tpbis_portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
