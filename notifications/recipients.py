"""Who is told: the people of a place, found through their role assignments (``foundation.scope``'s rule).

These return querysets of active users, for ``notify``; a caller may pass any other users instead.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from foundation.scope import Place, Role


def active_users():
    return get_user_model().objects.filter(is_active=True)


def librarians_of(library_id: int):
    """The librarians of one library: they are told what happens to its reports and records."""
    return (
        active_users().filter(role_assignments__role=Role.LIBRARIAN, role_assignments__library_id=library_id).distinct()
    )


def staff_covering(place: Place):
    """Regency and provincial staff whose area holds the whole of ``place``: a library's verifiers, a team's staff.

    National administrators are not included: everything lies in their area, and they verify only by exception.
    """
    q = Q(pk__in=[])
    if place.province_id:
        q |= Q(role_assignments__role=Role.PROVINCE_STAFF, role_assignments__province_id=place.province_id)
    if place.regency_id:
        q |= Q(role_assignments__role=Role.REGENCY_STAFF, role_assignments__regency_id=place.regency_id)
    return active_users().filter(q).distinct()
