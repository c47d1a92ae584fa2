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

from foundation import bounds
from foundation.scope import ScopedQuerySet, ScopePaths

from ..choices import PartnerType


class CohortQuerySet(ScopedQuerySet):
    pass


class Cohort(models.Model):
    library = models.ForeignKey("libraries.Library", models.CASCADE, related_name="cohorts", verbose_name=_("library"))
    year = models.PositiveSmallIntegerField(
        _("cohort year"),
        validators=[MinValueValidator(2011), MaxValueValidator(2100), bounds.a_program_year],
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
    """The library's first year and latest support follow its cohorts (two queries, no save signals).

    A library whose last cohort was removed is no partner any more: no cohort year, no kind of support.
    """
    library_model = Cohort._meta.get_field("library").related_model
    cohorts = list(Cohort.objects.filter(library_id=library_id).order_by("year").values_list("year", "partner_type"))
    first, support = (cohorts[0][0], cohorts[-1][1]) if cohorts else (None, "")
    library_model.objects.filter(pk=library_id).update(cohort_year=first, partner_type=support)


def follow_library(library, before: dict | None) -> None:
    """What was typed on the library itself (its form, the API, the registry import) becomes its cohorts'.

    ``before`` holds the library's ``cohort_year`` and ``partner_type`` before this save (None: a new one).
    A new cohort year adds that cohort (or, for a library with one cohort, corrects its year); a new kind of
    support is the latest cohort's. The library then reads its first year and latest support from them again.
    """
    cohorts = list(Cohort.objects.filter(library=library).order_by("year"))
    year, support = library.cohort_year, library.partner_type or ""
    if not cohorts:
        if year:
            Cohort.objects.create(library=library, year=year, partner_type=support)
        return
    if year and (before is None or before["cohort_year"] != year) and all(c.year != year for c in cohorts):
        if len(cohorts) == 1:
            cohorts[0].year = year
            cohorts[0].save(update_fields=["year"])
        else:
            cohorts.append(Cohort.objects.create(library=library, year=year, partner_type=support))
    if before is not None and before["partner_type"] != support:
        latest = max(cohorts, key=lambda cohort: cohort.year)
        if latest.partner_type != support:
            latest.partner_type = support
            latest.save(update_fields=["partner_type"])
    sync_library(library.pk)
