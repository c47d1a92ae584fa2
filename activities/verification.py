"""Verification of the program's records, one by one or several at once, for pages, the API and imports.

    unverified ──verify──▶ verified
      │    ▲                  │
return│    │corrected         │return (found wrong later)
      ▼    │                  ▼
      returned ◀──────────────┘

Who may do what:
- *verify* and *return* (a comment is required): regency staff of the record's regency (the PIC and the
  Fasilitator Daerah), provincial staff of its province, and Perpusnas administrators — the verifiers of the
  monthly reports. Librarians never verify; consultants only read (403).
- *correct*: whoever may change the record (its librarian, the staff above). A change by someone who may not
  verify it puts a returned or verified record back in the queue (``unverified``); a verifier's own change
  leaves its state as it is.

Each function takes a record the caller has already looked up within the user's view scope (outside it the
record does not exist: 404), checks the role (``PermissionDenied``: 403) and the state (``TransitionError``:
a clear message, 400 in the API), and records the step as a ``RecordEvent``.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from foundation.counting import tables_changed
from foundation.scope import CHANGE, Place, Role, scope_for

from .choices import Verification
from .models import RecordAction, RecordEvent, VerifiableRecord

VERIFIER_ROLES = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.REGENCY_STAFF})
STATE_FIELDS = ["verification", "verified_by", "verified_at", "return_comment", "updated_at"]


class TransitionError(Exception):
    """The record is not in a state that allows this step (or a required comment is missing)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def place_of(record: VerifiableRecord) -> Place:
    """Where a record lies: its library's place, or the region of a regional record (a replication programme)."""
    library_id = getattr(record, "library_id", None)
    if library_id is not None:
        return Place.of_library(record.library)
    return Place.of_region(province=record.province_id, regency=record.regency_id)


def can_verify(user, record: VerifiableRecord) -> bool:
    return scope_for(user).area(CHANGE, roles=VERIFIER_ROLES).covers(place_of(record))


def verifiable(queryset, user):
    """The records of ``queryset`` that ``user`` may verify or return (one filter, no query of its own)."""
    area = scope_for(user).area(CHANGE, roles=VERIFIER_ROLES)
    if area.is_empty:
        return queryset.none()
    return queryset.filter(queryset.area_filter(area))


def allowed_actions(user, record: VerifiableRecord) -> set[str]:
    if not can_verify(user, record):
        return set()
    actions = {"return"} if record.verification != Verification.RETURNED else set()
    if record.verification != Verification.VERIFIED:
        actions.add("verify")
    return actions


def _event(record: VerifiableRecord, action: str, user, comment: str = "", at=None) -> RecordEvent:
    return RecordEvent(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
        object_id=record.pk,
        province_id=_province_id(record),
        regency_id=_regency_id(record),
        library_id=getattr(record, "library_id", None),
        action=action,
        actor=user,
        comment=comment,
        created_at=at or timezone.now(),
    )


def _province_id(record) -> str:
    return record.library.province_id if getattr(record, "library_id", None) else record.province_id


def _regency_id(record) -> str | None:
    return record.library.regency_id if getattr(record, "library_id", None) else record.regency_id


def _lock(record: VerifiableRecord) -> None:
    """Lock the record's row and read its state: two verifiers clicking at once cannot both make a step."""
    fresh = type(record)._base_manager.select_for_update().only("verification").get(pk=record.pk)
    record.verification = fresh.verification


def verify(record: VerifiableRecord, user, comment: str = "") -> VerifiableRecord:
    if not can_verify(user, record):
        raise PermissionDenied(_("Only regency or provincial staff of this library may verify its records."))
    with transaction.atomic():
        _lock(record)
        if record.verification == Verification.VERIFIED:
            raise TransitionError(_("This record has already been verified."))
        now = timezone.now()
        record.verification = Verification.VERIFIED
        record.verified_by, record.verified_at = user, now
        record.save(update_fields=STATE_FIELDS)
        _event(record, RecordAction.VERIFIED, user, (comment or "").strip(), at=now).save()
    return record


def return_record(record: VerifiableRecord, user, comment: str) -> VerifiableRecord:
    if not can_verify(user, record):
        raise PermissionDenied(_("Only regency or provincial staff of this library may return its records."))
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError(_("Say what needs to be corrected: a comment is required to return a record."), "comment")
    with transaction.atomic():
        _lock(record)
        if record.verification == Verification.RETURNED:
            raise TransitionError(_("This record has already been returned."))
        record.verification = Verification.RETURNED
        record.return_comment = comment
        record.verified_by, record.verified_at = None, None
        record.save(update_fields=STATE_FIELDS)
        _event(record, RecordAction.RETURNED, user, comment).save()
    return record


def verify_many(queryset, user) -> int:
    """Verify every record of ``queryset`` that ``user`` may verify and that is not verified yet; how many.

    One update, one insert of their steps and one of their history rows, whatever their number; the figures
    learn of it as they do of any bulk write.
    """
    model = queryset.model._meta.concrete_model
    now = timezone.now()
    with transaction.atomic():
        waiting = verifiable(queryset, user).exclude(verification=Verification.VERIFIED)
        records = list(waiting.select_for_update(of=("self",)).select_related(*_place_relations(model)))
        if not records:
            return 0
        for record in records:
            record.verification, record.verified_by, record.verified_at, record.updated_at = (
                Verification.VERIFIED,
                user,
                now,
                now,
            )
        bulk_update_with_history(
            records,
            model,
            ["verification", "verified_by", "verified_at", "updated_at"],
            default_user=user,
            default_date=now,
            manager=model._base_manager,
        )
        RecordEvent.objects.bulk_create([_event(record, RecordAction.VERIFIED, user, at=now) for record in records])
    tables_changed(model)
    return len(records)


def _place_relations(model) -> list[str]:
    return ["library"] if any(f.name == "library" for f in model._meta.concrete_fields) else []


def corrected(record: VerifiableRecord, user) -> bool:
    """Before saving a change: a returned or verified record changed by a non-verifier goes back to the queue.

    Returns whether it did (the caller saves the record and then calls ``record_correction``).
    """
    if record.verification == Verification.UNVERIFIED or can_verify(user, record):
        return False
    record.verification = Verification.UNVERIFIED
    record.verified_by, record.verified_at = None, None
    return True


def record_correction(record: VerifiableRecord, user) -> None:
    _event(record, RecordAction.CORRECTED, user).save()


def record_event(record: VerifiableRecord, action: str, user, comment: str = "", at=None) -> RecordEvent:
    """Keep a step of another kind in the record's history (a flag accepted: ``evidence.resolving``)."""
    event = _event(record, action, user, comment, at=at)
    event.save()
    return event
