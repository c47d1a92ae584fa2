"""KPI thresholds: the targets, points and colour cut-offs behind each partner's score, set by administrators.

The formula itself lives in ``reports/kpi/formula.py``; a row here says which targets per month, points and
cut-offs apply from a given month on, so that scoring an old period keeps the thresholds that were in force then.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation.scope import Role, ScopedQuerySet, ScopePaths


class KpiColour(models.TextChoices):
    """A partner's KPI state in a period: a colour, or not yet scored when it recorded nothing."""

    GREEN = "green", _("Green (hijau)")
    YELLOW = "yellow", _("Yellow (kuning)")
    RED = "red", _("Red (merah)")
    NOT_SCORED = "not_scored", _("Not yet scored (belum dinilai)")


#: The three colours of a scored partner (``KpiColour`` also has "not yet scored").
SCORED_COLOURS = (KpiColour.GREEN, KpiColour.YELLOW, KpiColour.RED)


def _weight(label, default):
    return models.PositiveSmallIntegerField(label, default=default, validators=[MaxValueValidator(100)])


def _target(label, default):
    return models.DecimalField(
        label,
        max_digits=7,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("99999"))],
        help_text=_("Per month; a period's target is this times its months."),
    )


class KpiThreshold(models.Model):
    """Targets per month, points (out of 100) and colour cut-offs, valid from a month on."""

    valid_from = models.DateField(
        _("valid from month"), unique=True, help_text=_("The first month these thresholds apply to (day 1).")
    )
    engagement_target = _target(_("target: community engagement events"), "2")
    engagement_weight = _weight(_("points for community engagement"), 30)
    participants_target = _target(_("target: engagement participants"), "40")
    participants_weight = _weight(_("points for participants"), 20)
    advocacy_target = _target(_("target: advocacy records"), "0.5")
    advocacy_weight = _weight(_("points for advocacy"), 20)
    publication_target = _target(_("target: publications"), "1")
    publication_weight = _weight(_("points for publications"), 15)
    services_target = _target(_("target: months with a service snapshot"), "1")
    services_weight = _weight(_("points for service snapshots"), 5)
    visitors_target = _target(_("target: months with visitors reported"), "1")
    visitors_weight = _weight(_("points for visitors"), 10)
    green_above = models.PositiveSmallIntegerField(
        _("green above score"),
        default=75,
        validators=[MaxValueValidator(100)],
        help_text=_("Hijau: a score above this."),
    )
    yellow_above = models.PositiveSmallIntegerField(
        _("yellow above score"),
        default=25,
        validators=[MaxValueValidator(100)],
        help_text=_("Kuning: a score above this (and not above green's); merah: this or below."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    #: The six indicators, in the order the formula lists them.
    INDICATORS = ("engagement", "participants", "advocacy", "publication", "services", "visitors")

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("KPI thresholds")
        verbose_name_plural = _("KPI thresholds")
        constraints = [
            models.CheckConstraint(
                name="kpi_weights_sum_to_100",
                condition=models.Q(
                    engagement_weight=100
                    - models.F("participants_weight")
                    - models.F("advocacy_weight")
                    - models.F("publication_weight")
                    - models.F("services_weight")
                    - models.F("visitors_weight")
                ),
            ),
            models.CheckConstraint(
                name="kpi_yellow_below_green", condition=models.Q(yellow_above__lte=models.F("green_above"))
            ),
            models.CheckConstraint(
                name="kpi_targets_positive",
                condition=models.Q(
                    engagement_target__gt=0,
                    participants_target__gt=0,
                    advocacy_target__gt=0,
                    publication_target__gt=0,
                    services_target__gt=0,
                    visitors_target__gt=0,
                ),
            ),
        ]

    def __str__(self) -> str:
        month = f"{self.valid_from:%Y-%m}" if self.valid_from else "?"
        return str(_("KPI thresholds from %(month)s") % {"month": month})

    def clean(self):
        errors = {}
        total = sum(getattr(self, f"{name}_weight") or 0 for name in self.INDICATORS)
        if total != 100:
            errors["engagement_weight"] = _("The points must add up to 100 (now %(total)s).") % {"total": total}
        if self.yellow_above is not None and self.green_above is not None and self.yellow_above > self.green_above:
            errors["yellow_above"] = _("Yellow's cut-off cannot be above green's.")
        if self.valid_from and self.valid_from.day != 1:
            self.valid_from = self.valid_from.replace(day=1)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_period(cls, period: dt.date) -> "KpiThreshold":
        """The thresholds in force for ``period`` (a month); the defaults when none has been set yet."""
        found = cls.objects.filter(valid_from__lte=period).order_by("-valid_from").first()
        return found or cls(valid_from=dt.date(2011, 1, 1))

    def target(self, name: str) -> Decimal:
        return Decimal(getattr(self, f"{name}_target"))

    def as_dict(self) -> dict:
        """What a score records about the thresholds it was computed with (targets per month)."""
        return {
            "id": self.pk,
            "valid_from": f"{self.valid_from:%Y-%m}" if self.valid_from else None,
            "green_above": self.green_above,
            "yellow_above": self.yellow_above,
            **{f"{name}_weight": getattr(self, f"{name}_weight") for name in self.INDICATORS},
            **{f"{name}_target": float(self.target(name)) for name in self.INDICATORS},
        }


class SimScoreQuerySet(ScopedQuerySet):
    pass


class SimScore(models.Model):
    """A library's official KPI score as SIM TPBIS published it (``iku``): shown beside the portal's, never mixed.

    ``score`` is empty where SIM says "-": not yet scored. Each import replaces the library's score; the
    history keeps the earlier ones.
    """

    library = models.OneToOneField(
        "libraries.Library", models.CASCADE, related_name="sim_score", verbose_name=_("library")
    )
    score = models.DecimalField(
        _("SIM score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    as_of = models.DateField(_("as of"), help_text=_("The day the score was taken from SIM TPBIS."))
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period to"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = SimScoreQuerySet.as_manager()
    scope_paths = ScopePaths(province="library__province", regency="library__regency", library="library")
    scope_writers = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.REGENCY_STAFF})

    class Meta:
        ordering = ["library"]
        verbose_name = _("SIM score")
        verbose_name_plural = _("SIM scores")
        constraints = [
            models.CheckConstraint(
                name="sim_score_0_to_100", condition=models.Q(score__gte=0, score__lte=100) | models.Q(score=None)
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id}: {self.score if self.score is not None else '-'}"

    @property
    def is_scored(self) -> bool:
        return self.score is not None
