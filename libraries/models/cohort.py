"""The cohorts a library belongs to: the years it joined the program and the support it received then.

A library can join more than once (Bangka Tengah: 2018-2019, then 2020-2021). ``Library.cohort_year`` stays
the year it first joined and ``Library.partner_type`` the support of its latest cohort: every figure, filter
and list that asks "since when is this library a partner?" reads them without a join, and they follow the
cohorts whenever a cohort is saved or deleted. Saving a library with a cohort year it has no cohort for yet
adds that cohort, so the registry import, the API and older clients that only know ``cohort_year`` keep working.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation.scope import ScopedQuerySet, ScopePaths

from ..choices import PartnerType


class CohortQuerySet(ScopedQuerySet):
    pass


class Cohort(models.Model):
    library = models.ForeignKey("libraries.Library", models.CASCADE, related_name="cohorts", verbose_name=_("library"))
    year = models.PositiveSmallIntegerField(
        _("cohort year"),
        validators=[MinValueValidator(2011), MaxValueValidator(2100)],
        help_text=_("The year the library joined the program with this cohort."),
    )
    partner_type = models.CharField(_("kind of support"), max_length=20, choices=PartnerType.choices, blank=True)
    label = models.CharField(
        _("cohort name"), max_length=50, blank=True, help_text=_("As the program names it, e.g. 2018-2019 or B24.")
    )

    history = HistoricalRecords()
    objects = CohortQuerySet.as_manager()
    scope_paths = ScopePaths(province="library__province", regency="library__regency", library="library")

    class Meta:
        ordering = ["library", "year"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [models.UniqueConstraint(fields=["library", "year"], name="one_cohort_per_library_year")]
        indexes = [models.Index(fields=["year", "library"], name="cohort_year_library")]

    def __str__(self) -> str:
        return self.label or str(self.year)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        sync_library(self.library_id)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        sync_library(self.library_id)
        return result


def sync_library(library_id: int) -> None:
    """The library's first year and latest support follow its cohorts (two queries, no save signals)."""
    library_model = Cohort._meta.get_field("library").related_model
    cohorts = list(Cohort.objects.filter(library_id=library_id).order_by("year").values_list("year", "partner_type"))
    if cohorts:
        library_model.objects.filter(pk=library_id).update(cohort_year=cohorts[0][0], partner_type=cohorts[-1][1])
