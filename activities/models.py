from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import STAFF_ROLES, Role
from libraries.models import Library, Province, Regency
from libraries.scoping import RegionWideQuerySet
from tpbis_portal.scope import Area, ScopedQuerySet, ScopePaths

from .choices import MediaKind, Strategy, TargetGroup, TrainingMode

LIBRARY_SCOPE = ScopePaths(province="library__province", regency="library__regency", library="library")


class ActivityQuerySet(ScopedQuerySet):
    def in_month(self, period):
        """Activities dated in the month that starts on ``period`` (a date on the 1st)."""
        return self.filter(date__year=period.year, date__month=period.month)


class Activity(models.Model):
    """Something a library did for its community, under one of the four TPBIS strategies."""

    library = models.ForeignKey(Library, models.PROTECT, related_name="activities", verbose_name=_("library"))
    date = models.DateField(_("date"))
    strategy = models.CharField(_("strategy"), max_length=30, choices=Strategy.choices)
    title = models.CharField(_("activity name"), max_length=200)
    skill_area = models.CharField(
        _("skill area"), max_length=100, blank=True, help_text=_("e.g. pandan weaving, beekeeping, food processing")
    )
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices, blank=True)
    participants_male = models.PositiveIntegerField(_("male participants"), default=0)
    participants_female = models.PositiveIntegerField(_("female participants"), default=0)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    media_kind = models.CharField(_("media kind"), max_length=20, choices=MediaKind.choices, blank=True)
    media_outlet = models.CharField(_("media outlet"), max_length=150, blank=True)
    media_link = models.URLField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ActivityQuerySet.as_manager()
    scope_paths = LIBRARY_SCOPE
    scope_writers = STAFF_ROLES | {Role.LIBRARIAN}

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["library", "date"], name="activity_library_date"),
            models.Index(fields=["date", "strategy"], name="activity_date_strategy"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def participants_total(self) -> int:
        return self.participants_male + self.participants_female

    def clean(self):
        if self.strategy == Strategy.MEDIA_PUBLICATION and not self.media_kind:
            raise ValidationError({"media_kind": _("Say where the activity was published.")})


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
    participants_provincial = models.PositiveIntegerField(_("participants from provincial libraries"), default=0)
    participants_regency = models.PositiveIntegerField(_("participants from regency/city libraries"), default=0)
    participants_village = models.PositiveIntegerField(_("participants from village libraries"), default=0)
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
