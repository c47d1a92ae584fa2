"""What the evidence checks found on a record: a flag, with the reason a verifier reads and the related records.

The checks themselves (``evidence``) keep the flags of every record up to date whenever records are saved or
imported. A verifier may accept a flag with a note (it stays, resolved, and the step is in the record's
history); a flag whose cause goes away (the record was corrected) goes with it.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from foundation.formatting import rupiah
from foundation.scope import ScopedQuerySet, ScopePaths
from libraries.models import Library, Province, Regency


class FlagCode(models.TextChoices):
    PHOTO_REUSED = "photo_reused", _("Photo used before")
    CAPTURE_DATE = "capture_date", _("Photo taken on another date")
    BACKDATED = "backdated", _("Entered long after its date")
    DUPLICATE = "duplicate", _("Possible duplicate")
    DUPLICATE_LINK = "duplicate_link", _("Same link as another record")
    CONTRADICTION = "contradiction", _("Contradiction")


class FlagReason(models.TextChoices):
    """Which rule of its code raised the flag (a code may have several)."""

    PHOTO_NAME = "photo_name", _("same original file name")
    PHOTO_PICTURE = "photo_picture", _("same picture")
    CAPTURE_DATE = "capture_date", _("capture date")
    BACKDATED = "backdated", _("entered late")
    DUPLICATE = "duplicate", _("same title")
    DUPLICATE_LINK = "duplicate_link", _("same link")
    NON_FUNDS_AMOUNT = "non_funds_amount", _("non-funds with an amount")
    REGULATION_KIND = "regulation_kind", _("regulation without its kind")
    ALL_ZERO = "all_zero", _("all-zero snapshot")
    PARTICIPANTS_PEAK = "participants_peak", _("participants far beyond the library's highest")


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


MESSAGES = {
    FlagReason.PHOTO_NAME: _("The photo %(name)s is also attached to another record."),
    FlagReason.PHOTO_PICTURE: _("The same picture (perhaps resized) is also attached to another record."),
    FlagReason.CAPTURE_DATE: _("The photo was taken on %(taken_on)s, %(days)s days from the record's date."),
    FlagReason.BACKDATED: _("Entered %(days)s days after the record's date."),
    FlagReason.DUPLICATE: _("Another record of this library has the same title, %(days)s days apart."),
    FlagReason.DUPLICATE_LINK: _("The same publication link is on another record."),
    FlagReason.NON_FUNDS_AMOUNT: _("Marked non-funds, yet it carries an amount of %(amount)s."),
    FlagReason.REGULATION_KIND: _("A regulation was obtained, but its kind is not given."),
    FlagReason.ALL_ZERO: _("Every figure of this snapshot is zero: books, digital books, computers, bandwidth."),
    FlagReason.PARTICIPANTS_PEAK: _(
        "%(participants)s participants, far beyond the most this library reported before (%(peak)s)."
    ),
}


class FlagQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def resolved(self):
        return self.filter(resolved_at__isnull=False)


class Flag(models.Model):
    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+", verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    province = models.ForeignKey(Province, models.CASCADE, related_name="+", verbose_name=_("province"))
    regency = models.ForeignKey(
        Regency, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("regency/city")
    )
    library = models.ForeignKey(
        Library, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("library")
    )
    code = models.CharField(_("check"), max_length=20, choices=FlagCode.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    #: The values the message names (a number of days, a file name, an amount).
    details = models.JSONField(_("details"), default=dict, blank=True)
    #: The ids of the records of the same type this one was found alike (or contrary) to.
    related = models.JSONField(_("related records"), default=list, blank=True)
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    resolved_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, default="")

    objects = FlagQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency", library="library")
    scope_writers = frozenset()

    class Meta:
        ordering = ["content_type", "object_id", "code", "reason"]
        verbose_name = _("evidence flag")
        verbose_name_plural = _("evidence flags")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "code", "reason"], name="flag_one_per_rule")
        ]
        indexes = [
            models.Index(fields=["library", "resolved_at"], name="flag_library_resolved"),
            models.Index(fields=["regency", "resolved_at"], name="flag_regency_resolved"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} · {self.message}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def message(self) -> str:
        details = dict(self.details or {})
        if "taken_on" in details:
            details["taken_on"] = _day(_parse_day(details["taken_on"]))
        if "amount" in details:
            details["amount"] = rupiah(details["amount"])
        try:
            return str(MESSAGES[self.reason] % details)
        except (KeyError, TypeError, ValueError):
            return str(self.get_code_display())

    def as_data(self) -> dict:
        """The shape of the API (``[{"code", "message", "related"}]``)."""
        return {"code": self.code, "message": self.message, "related": list(self.related or [])}


def _parse_day(value):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
