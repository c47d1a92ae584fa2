from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds
from foundation.models import Recorded
from foundation.months import next_month
from foundation.scope import STAFF_ROLES, Area, Role, ScopedQuerySet, ScopePaths
from libraries.models import Library, Province, Regency
from libraries.scoping import RegionWideQuerySet

from .choices import MediaKind, Strategy, TargetGroup, TrainingMode
from .storage import photo_path, photo_storage

LIBRARY_SCOPE = ScopePaths(province="library__province", regency="library__regency", library="library")


class ActivityQuerySet(ScopedQuerySet):
    def in_month(self, period):
        """Activities dated in the month that starts on ``period`` (a date on the 1st)."""
        start = period.replace(day=1)
        return self.filter(date__gte=start, date__lt=next_month(start))

    def month_counts(self) -> dict[str, int]:
        """Activities by strategy and participants by sex, in one aggregate query."""
        return self.aggregate(
            **{f"activities_{value}": Count("pk", filter=Q(strategy=value)) for value in Strategy.values},
            participants_male=Coalesce(Sum("participants_male"), 0),
            participants_female=Coalesce(Sum("participants_female"), 0),
        )


class Activity(Recorded):
    """Something a library did for its community, under one of the four TPBIS strategies."""

    # Indexed by activity_library_date (library first).
    library = models.ForeignKey(
        Library, models.PROTECT, related_name="activities", verbose_name=_("library"), db_index=False
    )
    date = models.DateField(_("date"), validators=[bounds.in_the_past])
    strategy = models.CharField(_("strategy"), max_length=30, choices=Strategy.choices)
    title = models.CharField(_("activity name"), max_length=200)
    skill_area = models.CharField(
        _("skill area"), max_length=100, blank=True, help_text=_("e.g. pandan weaving, beekeeping, food processing")
    )
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices, blank=True)
    participants_male = models.PositiveIntegerField(
        _("male participants"), default=0, validators=bounds.at_most(bounds.PARTICIPANTS)
    )
    participants_female = models.PositiveIntegerField(
        _("female participants"), default=0, validators=bounds.at_most(bounds.PARTICIPANTS)
    )
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    media_kind = models.CharField(_("media kind"), max_length=20, choices=MediaKind.choices, blank=True)
    media_outlet = models.CharField(_("media outlet"), max_length=150, blank=True)
    media_link = models.URLField(_("link"), max_length=500, blank=True)
    # Generated with the form: a second submit of the same form (a retry on a weak connection)
    # finds the activity the first one created instead of creating it twice.
    client_token = models.UUIDField(_("submission token"), null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()
    objects = ActivityQuerySet.as_manager()
    scope_paths = LIBRARY_SCOPE
    scope_writers = STAFF_ROLES | {Role.LIBRARIAN}

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            # Covering what the dashboards add up, so that a region's activities are read library by library
            # from the index alone (a province at 10,000 libraries: 145 to 30 ms, docs/performance.md).
            models.Index(
                fields=["library", "date"],
                include=["strategy", "participants_male", "participants_female"],
                name="activity_library_date",
            ),
            models.Index(fields=["date", "strategy"], name="activity_date_strategy"),
        ]
        constraints = [
            bounds.check(
                "activity", {"participants_male": bounds.PARTICIPANTS, "participants_female": bounds.PARTICIPANTS}
            ),
            bounds.DatabaseCheck(condition=bounds.from_first_year("date"), name="activity_date_from_first_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", args=[self.pk])

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


class ActivityPhotoQuerySet(ScopedQuerySet):
    pass


class ActivityPhoto(models.Model):
    """A documentation photo of an activity, re-encoded without metadata and served only within scope."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="photos", verbose_name=_("activity"))
    image = models.FileField(_("photo"), storage=photo_storage, upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), storage=photo_storage, upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # ``<activity form token>-<n>``: retrying a photo upload does not store it twice.
    client_token = models.CharField(_("submission token"), max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ActivityPhotoQuerySet.as_manager()
    scope_paths = ScopePaths(
        province="activity__library__province", regency="activity__library__regency", library="activity__library"
    )
    scope_writers = Activity.scope_writers

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self) -> str:
        return self.caption or f"{self.activity} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_photo", args=[self.pk])

    def delete_files(self) -> None:
        for field in (self.image, self.thumbnail):
            if field:
                field.delete(save=False)


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
