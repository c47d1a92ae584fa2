"""The verification steps of every record: who verified or returned it, when, and what they wrote.

The record's own row holds where it stands now; these rows are what the librarian reads under "what came back
and why", what the queue counts, and the audit of each record, whatever its type.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.scope import ScopedQuerySet, ScopePaths
from libraries.models import Library, Province, Regency


class RecordAction(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned for correction")
    CORRECTED = "corrected", _("Corrected and sent back for verification")
    FLAG_ACCEPTED = "flag_accepted", _("Evidence flag accepted")


class RecordEventQuerySet(ScopedQuerySet):
    def of(self, record):
        return self.filter(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=True), object_id=record.pk
        )


class RecordEvent(models.Model):
    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+", verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    province = models.ForeignKey(Province, models.CASCADE, related_name="+", verbose_name=_("province"))
    regency = models.ForeignKey(
        Regency, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("regency/city")
    )
    library = models.ForeignKey(
        Library, models.CASCADE, null=True, blank=True, related_name="record_events", verbose_name=_("library")
    )
    action = models.CharField(_("action"), max_length=20, choices=RecordAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RecordEventQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency", library="library")
    scope_writers = frozenset()

    class Meta:
        ordering = ["content_type", "object_id", "created_at", "id"]
        verbose_name = _("verification step")
        verbose_name_plural = _("verification steps")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="record_event_record")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d}"
