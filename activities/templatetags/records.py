"""Template helpers of the records' pages: the verification badge, and the record types a user works with."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foundation.scope import CHANGE, Role, scope_for

from ..models import Activity, Advocacy, Publication, Replication, ServiceSnapshot
from ..tables import verification_badge

register = template.Library()

#: (list URL name, label, roles that use it; None: everyone) in the order of the menu.
RECORD_TYPES = [
    ("activities:activity_list", _("All activities"), None),
    ("activities:advocacy_list", _("Advocacy"), None),
    ("activities:publication_list", _("Publications"), None),
    ("activities:servicesnapshot_list", _("Service snapshots"), None),
    (
        "activities:replication_list",
        _("Replication programmes"),
        {Role.ADMIN, Role.CONSULTANT, Role.PROVINCE_STAFF, Role.REGENCY_STAFF},
    ),
    ("activities:successstory_list", _("Success stories"), None),
]


@register.simple_tag
def record_types(user) -> list[dict]:
    """The record lists ``user`` works with: replication programmes are the regions' (not a librarian's)."""
    scope = scope_for(user)
    return [
        {"url": reverse(name), "label": label, "name": name.split(":")[1]}
        for name, label, roles in RECORD_TYPES
        if roles is None or scope.has_role(*roles)
    ]


#: What the "add" buttons offer: (add URL name, label, model whose writers may add it).
NEW_RECORDS = [
    ("activities:activity_add", _("Engagement event or service activity"), Activity),
    ("activities:advocacy_add", _("Advocacy"), Advocacy),
    ("activities:publication_add", _("Publication"), Publication),
    ("activities:servicesnapshot_add", _("Service snapshot of the month"), ServiceSnapshot),
    ("activities:replication_add", _("Replication programme"), Replication),
]


@register.simple_tag
def new_records(user) -> list[dict]:
    """The record types ``user`` may add somewhere (the page itself checks the library or region)."""
    scope = scope_for(user)
    return [
        {"url": reverse(name), "label": label, "name": name.split(":")[1]}
        for name, label, model in NEW_RECORDS
        if not scope.area(CHANGE, model).is_empty
    ]


@register.filter
def verification(record) -> str:
    return verification_badge(record)


SIM_HOST = "https://transformasi.perpusnas.go.id"


@register.filter
def sim_url(address: str) -> str:
    """An attachment address as SIM gives it (often a path on its server) as a link; nothing that is no web link."""
    address = (address or "").strip()
    if address.startswith("/"):
        return SIM_HOST + address
    if address.lower().startswith(("https://", "http://")):
        return address
    return ""
