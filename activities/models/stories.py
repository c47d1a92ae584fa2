from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds
from foundation.models import Recorded
from foundation.scope import ScopedQuerySet
from libraries.models import Library

from .activity import Activity
from .base import LIBRARY_SCOPE


class SuccessStoryQuerySet(ScopedQuerySet):
    def publishable(self):
        """Only stories whose person agreed to publication may appear in reports and highlights."""
        return self.filter(consent_to_publish=True)


class SuccessStory(Recorded):
    """A person whose life changed through the library (kisah sukses / testimoni)."""

    library = models.ForeignKey(Library, models.PROTECT, related_name="success_stories", verbose_name=_("library"))
    activity = models.ForeignKey(
        Activity,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="success_stories",
        verbose_name=_("linked activity"),
    )
    date = models.DateField(_("date recorded"), validators=[bounds.in_the_past])
    person_name = models.CharField(_("person"), max_length=150)
    person_description = models.CharField(
        _("about the person"), max_length=200, blank=True, help_text=_("e.g. member of a craft group, 42 years old")
    )
    title = models.CharField(_("title"), max_length=200)
    story = models.TextField(_("what changed"))
    measure = models.CharField(
        _("figure"), max_length=100, blank=True, help_text=_("What the figures measure, e.g. monthly income (Rp)")
    )
    value_before = models.DecimalField(_("before"), max_digits=15, decimal_places=2, null=True, blank=True)
    value_after = models.DecimalField(_("after"), max_digits=15, decimal_places=2, null=True, blank=True)
    consent_to_publish = models.BooleanField(
        _("consent to publish"),
        default=False,
        help_text=_("The person agreed that the story may be published in reports and media."),
    )

    history = HistoricalRecords()
    objects = SuccessStoryQuerySet.as_manager()
    scope_paths = LIBRARY_SCOPE
    scope_writers = Activity.scope_writers

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        # A month's stories (the progress reports' highlights) and a library's, newest first.
        indexes = [
            models.Index(fields=["date"], name="story_date"),
            models.Index(fields=["library", "date"], name="story_library_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:successstory_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.activity_id and self.library_id and self.activity.library_id != self.library_id:
            errors["activity"] = _("The activity belongs to another library.")
        if (self.value_before is not None or self.value_after is not None) and not self.measure:
            errors["measure"] = _("Say what the figures measure.")
        if errors:
            raise ValidationError(errors)

    @property
    def change(self):
        if self.value_before is None or self.value_after is None:
            return None
        return self.value_after - self.value_before
