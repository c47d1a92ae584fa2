"""Verifying several records at once, for the queue page and the API alike.

The records are named by kind and id. Any of them outside the user's area makes the whole request an error
(nothing is verified); of the others, those the user may not verify are skipped, and so are those no longer
waiting (verified meanwhile, or a monthly report no longer submitted). A fixed number of queries per kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from activities.verification import VERIFIER_ROLES
from foundation.scope import CHANGE, scope_for

from .kinds import KINDS


def may_verify(user) -> bool:
    """Whether ``user`` verifies anything at all (regency or provincial staff, administrators)."""
    return not scope_for(user).area(CHANGE, roles=VERIFIER_ROLES).is_empty


@dataclass
class BulkResult:
    verified: int = 0
    #: In the user's area, but not theirs to verify (e.g. a consultant's national reading beyond their province).
    not_allowed: int = 0
    #: Already verified, or no longer waiting.
    not_waiting: int = 0
    #: Ids not found in the user's area, by kind: nothing was verified.
    missing: dict[str, list[int]] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return self.not_allowed + self.not_waiting


def verify_selected(user, keys: dict[str, list[int]]) -> BulkResult:
    """Verify the records of ``keys`` (``{"activities": [12, 13]}``) that ``user`` may verify."""
    result = BulkResult()
    found = {}
    for slug, pks in keys.items():
        kind = KINDS[slug]
        records = kind.in_area(user).filter(pk__in=pks)
        visible = set(records.values_list("pk", flat=True))
        missing = sorted(set(pks) - visible)
        if missing:
            result.missing[slug] = missing
        found[slug] = (kind, records, len(visible))
    if result.missing:
        return result
    with transaction.atomic():
        for kind, records, visible in found.values():
            allowed = kind.verifiable(records, user).count()
            verified = kind.verify_many(records, user)
            result.not_allowed += visible - allowed
            result.not_waiting += allowed - verified
            result.verified += verified
    return result
