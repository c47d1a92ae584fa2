"""Who may read the operators' pages: superusers, and monitoring with the bearer token of ``TPBIS_OPS_TOKEN``."""

from django.conf import settings
from django.utils.crypto import constant_time_compare


def is_operator(request) -> bool:
    token = settings.TPBIS_OPS_TOKEN
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and constant_time_compare(credentials.strip(), token):
        return True
    user = request.user
    return user.is_authenticated and user.is_active and user.is_superuser
