"""Work plans (rencana kerja transformasi): a library's or a regency's targets for a year, per indicator.

A library (its librarian, or the staff above) or a regency/city (its library office) proposes its targets; the level
above agrees them or returns them with a comment: a library's plan is agreed by its regency's or province's staff,
a regency's by its province's staff (and Perpusnas administrators agree any). A change by someone who may not agree
puts an agreed plan back to *proposed*. Actuals come from the records (``reports.plans.actuals``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds
from foundation.scope import WRITER_ROLES, ScopedQuerySet, ScopePaths


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    RETURNED = "returned", _("Returned for revision")


def _target(label, help_text=""):
    return models.PositiveIntegerField(
        label, null=True, blank=True, validators=bounds.at_most(bounds.PEOPLE), help_text=help_text
    )


#: The indicators a plan sets targets for, in the order they are shown: field -> (label, what counts).
TARGETS = {
    "engagement_events": (_("Engagement events"), _("community engagement events held")),
    "engagement_participants": (_("Engagement participants"), _("participants of those events")),
    "advocacy_results": (_("Advocacy results"), _("advocacy records with a result (funds, non-funds, regulation)")),
    "publications": (_("Publications"), _("publications")),
    "visitors": (_("Visitors"), _("visitors in the monthly reports (submitted or verified)")),
    "service_months": (_("Months with a service snapshot"), _("months with a service snapshot")),
    "replication_villages": (_("Replication villages"), _("villages of the regency's replication programmes")),
}
#: Targets a library's plan does not take (replication is a regency's programme).
REGENCY_ONLY = ("replication_villages",)


class WorkPlanQuerySet(ScopedQuerySet):
    pass


class WorkPlan(models.Model):
    """One year's targets of a library, or of a regency/city (``library`` empty)."""

    province = models.ForeignKey(
        "libraries.Province", models.PROTECT, related_name="work_plans", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        "libraries.Regency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plans",
        verbose_name=_("regency/city"),
    )
    library = models.ForeignKey(
        "libraries.Library",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="work_plans",
        verbose_name=_("library"),
        help_text=_("Empty for the regency's/city's own plan."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[bounds.a_program_year])
    engagement_events = _target(TARGETS["engagement_events"][0])
    engagement_participants = _target(TARGETS["engagement_participants"][0])
    advocacy_results = _target(TARGETS["advocacy_results"][0])
    publications = _target(TARGETS["publications"][0])
    visitors = _target(TARGETS["visitors"][0])
    service_months = models.PositiveSmallIntegerField(
        TARGETS["service_months"][0], null=True, blank=True, validators=bounds.at_most(12)
    )
    replication_villages = _target(TARGETS["replication_villages"][0], _("A regency's/city's plan only."))
    note = models.TextField(_("plan"), blank=True, help_text=_("What the library or regency means to do."))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.PROPOSED)
    return_comment = models.TextField(_("return comment"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("agreed by")
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = WorkPlanQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency", library="library")
    scope_writers = WRITER_ROLES

    class Meta:
        ordering = ["-year", "province", "regency", "library"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "year"], condition=Q(library__isnull=False), name="work_plan_library_year"
            ),
            models.UniqueConstraint(
                fields=["regency", "year"], condition=Q(library__isnull=True), name="work_plan_regency_year"
            ),
            models.CheckConstraint(
                name="work_plan_of_a_library_or_regency", condition=Q(library__isnull=False) | Q(regency__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        owner = self.library.name if self.library_id else (self.regency.name if self.regency_id else "?")
        return f"{owner} · {self.year}"

    def save(self, *args, **kwargs):
        self.fill_places()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:workplan_detail", args=[self.pk])

    @property
    def is_regency_plan(self) -> bool:
        return self.library_id is None

    def target_fields(self) -> list[str]:
        return [name for name in TARGETS if not (name in REGENCY_ONLY and not self.is_regency_plan)]

    def fill_places(self) -> None:
        """A library's plan lies where the library does; a regency's in its province."""
        if self.library_id:
            self.regency_id, self.province_id = self.library.regency_id, self.library.province_id
        elif self.regency_id:
            self.province_id = self.regency.province_id

    def clean(self):
        errors = {}
        self.fill_places()
        if self.library_id:
            if self.replication_villages is not None:
                errors["replication_villages"] = _("Only a regency's or city's plan counts replication villages.")
        elif not self.regency_id:
            raise ValidationError(_("Choose the library, or the regency/city for its own plan."))
        duplicate = WorkPlan.objects.filter(year=self.year).exclude(pk=self.pk)
        if self.year and self.library_id and duplicate.filter(library_id=self.library_id).exists():
            errors["year"] = _("This library already has a plan for that year.")
        elif (
            self.year
            and not self.library_id
            and self.regency_id
            and duplicate.filter(library__isnull=True, regency_id=self.regency_id).exists()
        ):
            errors["year"] = _("This regency/city already has a plan for that year.")
        if errors:
            raise ValidationError(errors)
