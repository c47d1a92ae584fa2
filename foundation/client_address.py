"""The client's address behind the reverse proxies in front of the portal: one rule for lockouts and throttles.

``DJANGO_NUM_PROXIES`` (``settings.NUM_PROXIES``) says how many proxies stand in front: with none the
address is the connection's; with N, it is the N-th address from the right of ``X-Forwarded-For``,
the one the outermost proxy of ours saw. What a client writes further left in that header is never
believed, so nobody can pose as another address to dodge a lockout or lock someone else out. DRF's
throttles apply the same rule from the same setting (``REST_FRAMEWORK["NUM_PROXIES"]``).
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "NUM_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not written by a proxy of ours
        return remote


def axes_client_address(request) -> str:
    """For django-axes (``AXES_CLIENT_IP_CALLABLE``)."""
    return client_address(request)
