from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds
from foundation.scope import Area, ScopePaths
from libraries.models import Library, Province, Regency
from libraries.scoping import RegionWideQuerySet

from ..choices import TrainingMode


class TrainingQuerySet(RegionWideQuerySet):
    """Seen by everyone working in the region where it was held, and by those of the libraries attending."""

    def view_filter(self, area: Area) -> Q:
        attending = Library.objects.filter(area.q(Library.scope_paths)).values("pk")
        through = Training.libraries.through.objects.filter(library__in=attending).values("training_id")
        return super().view_filter(area) | Q(pk__in=through)


class Training(models.Model):
    """A technical guidance (Bimtek) or other training for library staff."""

    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=TrainingMode.choices, default=TrainingMode.IN_PERSON)
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="trainings", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        Regency, models.PROTECT, null=True, blank=True, related_name="trainings", verbose_name=_("regency/city")
    )
    participants_provincial = models.PositiveIntegerField(
        _("participants from provincial libraries"), default=0, validators=bounds.at_most(bounds.PARTICIPANTS)
    )
    participants_regency = models.PositiveIntegerField(
        _("participants from regency/city libraries"), default=0, validators=bounds.at_most(bounds.PARTICIPANTS)
    )
    participants_village = models.PositiveIntegerField(
        _("participants from village libraries"), default=0, validators=bounds.at_most(bounds.PARTICIPANTS)
    )
    libraries = models.ManyToManyField(
        Library, blank=True, related_name="trainings", verbose_name=_("libraries attending")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = TrainingQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency")

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.regency_id:
            self.province_id = self.regency_id.split(".")[0]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("trainings:training_detail", args=[self.pk])

    @property
    def participants_total(self) -> int:
        return self.participants_provincial + self.participants_regency + self.participants_village

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The training cannot end before it starts.")
        if self.regency_id and self.province_id and not self.regency_id.startswith(self.province_id + "."):
            errors["regency"] = _("This regency/city is not in the chosen province.")
        if self.participants_total and self.start_date and self.start_date > timezone.localdate():
            errors["participants_village"] = _("Participants can only be recorded once the training has started.")
        if errors:
            raise ValidationError(errors)
