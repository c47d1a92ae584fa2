"""The thresholds of the evidence checks, one row that administrators edit (the defaults apply until they do)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceSettings(models.Model):
    """How late, how far and how alike a record may be before the checks flag it."""

    backdated_days = models.PositiveSmallIntegerField(
        _("entered late after (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("A record entered more days than this after its date is flagged as back-dated."),
    )
    capture_days = models.PositiveSmallIntegerField(
        _("photo taken away from the date (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("A photo whose camera date is more days than this from the record's date is flagged."),
    )
    duplicate_days = models.PositiveSmallIntegerField(
        _("duplicates within (days)"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("Two records of a library with the same title at most this many days apart are flagged."),
    )
    photo_distance = models.PositiveSmallIntegerField(
        _("photo likeness (bits)"),
        default=6,
        validators=[MaxValueValidator(12)],
        help_text=_(
            "Two photo fingerprints differing in at most this many of their 64 bits are the same picture "
            "(0: identical only)."
        ),
    )
    peak_factor = models.DecimalField(
        _("participants peak factor"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(3),
        validators=[MinValueValidator(Decimal("1.1")), MaxValueValidator(Decimal(100))],
        help_text=_("Participants above this times the most the library reported before are flagged."),
    )
    peak_history = models.PositiveSmallIntegerField(
        _("participants peak: records before"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("The peak check needs at least this many earlier records of the library."),
    )
    peak_minimum = models.PositiveIntegerField(
        _("participants peak: at least"),
        default=100,
        validators=[MaxValueValidator(1_000_000)],
        help_text=_("Fewer participants than this are never flagged, however small the library's past records."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evidence check settings")
        verbose_name_plural = _("evidence check settings")

    def __str__(self) -> str:
        return str(_("Evidence check settings"))

    @classmethod
    def current(cls) -> "EvidenceSettings":
        """The row administrators saved, or the defaults (nothing is written by reading)."""
        return cls.objects.order_by("pk").first() or cls()
