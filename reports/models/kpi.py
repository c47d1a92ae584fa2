"""KPI thresholds: the numbers behind each library's monthly traffic light, set by administrators.

The formula itself lives in ``reports/kpi.py``; a row here says which targets, weights and
cut-offs apply from a given month on, so that recompiling an old month keeps the
thresholds that were in force then.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation.scope import Role, ScopedQuerySet, ScopePaths


class KpiColour(models.TextChoices):
    GREEN = "green", _("Green (hijau)")
    YELLOW = "yellow", _("Yellow (kuning)")
    RED = "red", _("Red (merah)")


def _weight(label, default):
    return models.PositiveSmallIntegerField(label, default=default, validators=[MaxValueValidator(100)])


def _target(label, default):
    return models.PositiveIntegerField(label, default=default, validators=[MinValueValidator(1)])


class KpiThreshold(models.Model):
    """Targets, weights (points out of 100) and colour cut-offs, valid from a month on."""

    valid_from = models.DateField(
        _("valid from month"), unique=True, help_text=_("The first month these thresholds apply to (day 1).")
    )
    reporting_weight = _weight(_("points for reporting"), 30)
    late_report_credit = models.PositiveSmallIntegerField(
        _("credit for a late report (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of the reporting points a late (but submitted) report earns."),
    )
    engagement_target = _target(_("target: community engagement activities"), 2)
    engagement_weight = _weight(_("points for community engagement"), 25)
    participants_target = _target(_("target: participants"), 40)
    participants_weight = _weight(_("points for participants"), 20)
    advocacy_target = _target(_("target: advocacy activities"), 1)
    advocacy_weight = _weight(_("points for advocacy"), 15)
    publication_target = _target(_("target: media publications"), 1)
    publication_weight = _weight(_("points for media publication"), 10)
    green_min = models.PositiveSmallIntegerField(_("green from score"), default=75, validators=[MaxValueValidator(100)])
    yellow_min = models.PositiveSmallIntegerField(
        _("yellow from score"), default=50, validators=[MaxValueValidator(100)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    #: The five indicators, in the order the formula lists them.
    INDICATORS = ("reporting", "engagement", "participants", "advocacy", "publication")

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("KPI thresholds")
        verbose_name_plural = _("KPI thresholds")
        constraints = [
            models.CheckConstraint(
                name="kpi_weights_sum_to_100",
                condition=models.Q(
                    reporting_weight=100
                    - models.F("engagement_weight")
                    - models.F("participants_weight")
                    - models.F("advocacy_weight")
                    - models.F("publication_weight")
                ),
            ),
            models.CheckConstraint(
                name="kpi_yellow_below_green", condition=models.Q(yellow_min__lte=models.F("green_min"))
            ),
        ]

    def __str__(self) -> str:
        month = f"{self.valid_from:%Y-%m}" if self.valid_from else "?"
        return str(_("KPI thresholds from %(month)s") % {"month": month})

    def clean(self):
        errors = {}
        total = sum(getattr(self, f"{name}_weight") or 0 for name in self.INDICATORS)
        if total != 100:
            errors["reporting_weight"] = _("The points must add up to 100 (now %(total)s).") % {"total": total}
        if self.yellow_min is not None and self.green_min is not None and self.yellow_min > self.green_min:
            errors["yellow_min"] = _("Yellow must start at or below green.")
        if self.valid_from and self.valid_from.day != 1:
            self.valid_from = self.valid_from.replace(day=1)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_period(cls, period: dt.date) -> "KpiThreshold":
        """The thresholds in force for ``period``; the defaults when none has been set yet."""
        found = cls.objects.filter(valid_from__lte=period).order_by("-valid_from").first()
        return found or cls(valid_from=dt.date(2011, 1, 1))

    def as_dict(self) -> dict:
        """What a snapshot records about the thresholds it was compiled with."""
        return {
            "id": self.pk,
            "valid_from": f"{self.valid_from:%Y-%m}" if self.valid_from else None,
            "late_report_credit": self.late_report_credit,
            "green_min": self.green_min,
            "yellow_min": self.yellow_min,
            **{f"{name}_weight": getattr(self, f"{name}_weight") for name in self.INDICATORS},
            **{f"{name}_target": getattr(self, f"{name}_target") for name in self.INDICATORS if name != "reporting"},
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
