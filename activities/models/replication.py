"""Self-funded replication (replikasi mandiri): a regency's or province's own programme extending TPBIS.

A regency (or a province) funds the program's approach for more villages from its own budget or the villages'
funds (socialisation, ICT training, books or computers) and then monitors those libraries like the nationally
funded ones. It is a record of the region, verified like the libraries' records.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds
from foundation.scope import ScopePaths
from libraries.choices import FundingSource
from libraries.models import Library, Province, Regency
from libraries.scoping import RegionWideQuerySet

from ..choices import Verification
from .base import VerifiableRecord, sim_key_constraint


class ReplicationQuerySet(RegionWideQuerySet):
    def verified(self):
        return self.filter(verification=Verification.VERIFIED)


class Replication(VerifiableRecord):
    """A regency's (or province's) replication programme of a year: its funds, their source, its villages."""

    province = models.ForeignKey(Province, models.PROTECT, related_name="replications", verbose_name=_("province"))
    regency = models.ForeignKey(
        Regency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replications",
        verbose_name=_("regency/city"),
        help_text=_("Empty for a provincial programme."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[bounds.a_program_year])
    funds = models.DecimalField(
        _("funds (Rp)"),
        max_digits=15,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0), *bounds.at_most(bounds.RUPIAH)],
    )
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices, blank=True)
    funding_source_other = models.CharField(
        _("other funding source"), max_length=100, blank=True, help_text=_("When the source is not in the list.")
    )
    villages = models.PositiveIntegerField(_("villages"), default=0, validators=bounds.at_most(bounds.VILLAGES))
    libraries = models.ManyToManyField(
        Library,
        blank=True,
        related_name="replications",
        verbose_name=_("libraries covered"),
        help_text=_("Where known: the village libraries the programme set up or supports."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = ReplicationQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency")

    class Meta:
        ordering = ["-year", "province", "regency"]
        verbose_name = _("replication programme")
        verbose_name_plural = _("replication programmes")
        indexes = [
            models.Index(fields=["province", "year"], name="replication_province_year"),
            models.Index(fields=["regency", "year"], name="replication_regency_year"),
            models.Index(
                fields=["province", "created_at"],
                condition=Q(verification=Verification.UNVERIFIED),
                name="replication_awaiting",
            ),
        ]
        constraints = [
            sim_key_constraint("replication_one_per_sim_key"),
            bounds.check("replication", {"funds": bounds.RUPIAH, "villages": bounds.VILLAGES}),
            bounds.DatabaseCheck(condition=Q(year__gte=bounds.FIRST_YEAR), name="replication_year_from_first_year"),
        ]

    def __str__(self) -> str:
        # The region's name when it was read with the programme, else its code: a history of many versions
        # must not look each one's region up.
        field = "regency" if self.regency_id else "province"
        region = getattr(self, field) if self._meta.get_field(field).is_cached(self) else getattr(self, f"{field}_id")
        return f"{_('Replication')} {region} {self.year}"

    def save(self, *args, **kwargs):
        if self.regency_id:
            self.province_id = self.regency_id.split(".")[0]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:replication_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return str(self)

    def clean(self):
        errors = {}
        if self.regency_id and self.province_id and not self.regency_id.startswith(self.province_id + "."):
            errors["regency"] = _("This regency/city is not in the chosen province.")
        if self.funding_source_other and self.funding_source != FundingSource.OTHER:
            errors["funding_source"] = _("Choose 'Other' to name another funding source.")
        if errors:
            raise ValidationError(errors)
