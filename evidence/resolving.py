"""A verifier accepts a flag: they looked, and the record stands (a note says why). The step is in its history.

Only those who may verify the record may accept its flags (``activities.verification``). An accepted flag stays
with the record, marked accepted, as long as its cause does; a ``RecordEvent`` keeps the step for good.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities import verification
from activities.models import Flag, RecordAction


class AcceptError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def flags_of(record):
    """The record's flags, the open ones first."""
    return sorted(
        record.evidence_flags.select_related("resolved_by"), key=lambda flag: (flag.is_resolved, flag.code, flag.reason)
    )


def accept(flag: Flag, record, user, note: str) -> Flag:
    """Accept ``flag`` of ``record`` (looked up within the user's scope) with ``note``."""
    if not verification.can_verify(user, record):
        raise PermissionDenied(_("Only regency or provincial staff of this library may accept its flags."))
    note = (note or "").strip()
    if not note:
        raise AcceptError(_("Say why the record stands: a note is required to accept a flag."))
    with transaction.atomic():
        fresh = Flag.objects.select_for_update().filter(pk=flag.pk).first()
        if fresh is None:
            raise AcceptError(_("This flag no longer applies: the record was corrected."))
        if fresh.is_resolved:
            raise AcceptError(_("This flag has already been accepted."))
        now = timezone.now()
        fresh.resolved_by, fresh.resolved_at, fresh.note = user, now, note
        fresh.save(update_fields=["resolved_by", "resolved_at", "note"])
        comment = f"{fresh.get_code_display()}: {fresh.message} — {note}"
        verification.record_event(record, RecordAction.FLAG_ACCEPTED, user, comment, at=now)
    return fresh
