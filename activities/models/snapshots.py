"""A library's monthly snapshot of its collection and ICT (SIM: peningkatan layanan informasi).

Not an event but a reading of the state of the library's services in a month. A library may enter several
for one month (a correction is entered as a new snapshot): the one entered last stands, and only it counts.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds
from foundation.scope import ScopedQuerySet
from libraries.models import Library

from ..choices import Verification
from .base import LIBRARY_SCOPE, RECORD_WRITERS, VerifiableRecord, sim_key_constraint


class ServiceSnapshotQuerySet(ScopedQuerySet):
    def standing(self):
        """The snapshot that counts for each library and month: the one entered last."""
        later = ServiceSnapshot.objects.filter(library=OuterRef("library"), period=OuterRef("period")).filter(
            Q(entered_on__gt=OuterRef("entered_on")) | Q(entered_on=OuterRef("entered_on"), pk__gt=OuterRef("pk"))
        )
        return self.filter(~Exists(later))

    def verified(self):
        return self.filter(verification=Verification.VERIFIED)


class ServiceSnapshot(VerifiableRecord):
    """The library's books, digital books, computers and bandwidth in a month."""

    library = models.ForeignKey(
        Library, models.PROTECT, related_name="service_snapshots", verbose_name=_("library"), db_index=False
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month."))
    books = models.PositiveIntegerField(_("books"), default=0, validators=bounds.at_most(bounds.COLLECTION))
    digital_books = models.PositiveIntegerField(
        _("digital books"), default=0, validators=bounds.at_most(bounds.COLLECTION)
    )
    computers = models.PositiveIntegerField(_("computers"), default=0, validators=bounds.at_most(bounds.EQUIPMENT))
    bandwidth_mbps = models.DecimalField(
        _("internet bandwidth (Mbps)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), *bounds.at_most(bounds.EQUIPMENT)],
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = ServiceSnapshotQuerySet.as_manager()
    scope_paths = LIBRARY_SCOPE
    scope_writers = RECORD_WRITERS

    class Meta:
        ordering = ["-period", "library", "-entered_on", "-id"]
        verbose_name = _("service snapshot")
        verbose_name_plural = _("service snapshots")
        indexes = [
            models.Index(fields=["library", "period", "entered_on"], name="snapshot_library_period"),
            models.Index(fields=["period"], name="snapshot_period"),
            models.Index(
                fields=["library", "created_at"],
                condition=Q(verification=Verification.UNVERIFIED),
                name="snapshot_awaiting",
            ),
        ]
        constraints = [
            sim_key_constraint("snapshot_one_per_sim_key"),
            bounds.check(
                "snapshot",
                {
                    "books": bounds.COLLECTION,
                    "digital_books": bounds.COLLECTION,
                    "computers": bounds.EQUIPMENT,
                    "bandwidth_mbps": bounds.EQUIPMENT,
                },
            ),
            bounds.DatabaseCheck(condition=bounds.from_first_year("period"), name="snapshot_period_from_first_year"),
        ]

    def __str__(self) -> str:
        # The library's name when it was read with the snapshot (a history of many versions must not look each
        # one's library up).
        if self._meta.get_field("library").is_cached(self):
            return f"{self.library} · {self.period:%Y-%m}" if self.period else str(self.library)
        return self.title

    def save(self, *args, **kwargs):
        if self.period:
            self.period = self.period.replace(day=1)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:servicesnapshot_detail", args=[self.pk])

    @property
    def title(self) -> str:
        if not self.period:
            return str(self._meta.verbose_name)
        return str(_("Service snapshot %(month)s") % {"month": f"{self.period:%m/%Y}"})

    @property
    def is_all_zero(self) -> bool:
        return not (self.books or self.digital_books or self.computers or self.bandwidth_mbps)
