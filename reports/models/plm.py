"""Peer Learning Meetings: where libraries of a scope review a month's progress reports together."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foundation.models import Recorded
from foundation.scope import STAFF_ROLES, Area, ScopedQuerySet, ScopePaths
from libraries.models import Library, Province, Regency

from .progress import NATIONAL_CODE, ReportScope

#: The longest period a meeting reviews.
MAX_REVIEW_MONTHS = 36


class PlmLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class PresentationKind(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievement (capaian)")
    TIPS = "tips", _("Tips and tricks")
    CHALLENGE = "challenge", _("Challenge and solution")
    PRODUCT = "product", _("Product exhibit")
    TESTIMONIAL = "testimonial", _("Testimonial")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlmQuerySet(ScopedQuerySet):
    def area_filter(self, area: Area) -> Q:
        """Staff see the meetings of their area; a librarian sees the meetings their library attended."""
        q = area.q(self.model.scope_paths)
        if not area.national and area.libraries:
            through = PeerLearningMeeting.libraries.through
            attended = through.objects.filter(library_id__in=sorted(area.libraries)).values("peerlearningmeeting_id")
            q |= Q(pk__in=attended)
        return q


class PeerLearningMeeting(Recorded):
    """A national, provincial or regency Peer Learning Meeting (PLM)."""

    level = models.CharField(_("level"), max_length=10, choices=PlmLevel.choices)
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        Regency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("regency/city")
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON)
    host = models.CharField(_("host"), max_length=200, help_text=_("The institution that hosted the meeting."))
    place = models.CharField(_("place or platform"), max_length=200, blank=True)
    period = models.DateField(
        _("month reviewed"), help_text=_("The month whose progress reports the meeting reviewed.")
    )
    period_end = models.DateField(
        _("reviewed up to month"),
        null=True,
        blank=True,
        help_text=_("For a meeting over a period (e.g. January to September): its last month. Empty: one month."),
    )
    libraries = models.ManyToManyField(
        Library, blank=True, related_name="peer_learning_meetings", verbose_name=_("participating libraries")
    )
    other_participants = models.CharField(
        _("other participants"), max_length=300, blank=True, help_text=_("e.g. consultants, synergy team members")
    )
    findings = models.TextField(_("findings"), blank=True)
    areas_of_improvement = models.TextField(_("areas of improvement"), blank=True)

    objects = PlmQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency")
    scope_writers = STAFF_ROLES

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("peer learning meeting")
        verbose_name_plural = _("peer learning meetings")
        indexes = [models.Index(fields=["province", "date"], name="plm_province_date")]
        constraints = [
            models.CheckConstraint(
                name="plm_level_matches_place",
                condition=(
                    Q(level="national", province__isnull=True, regency__isnull=True)
                    | Q(level="province", province__isnull=False, regency__isnull=True)
                    | Q(level="regency", province__isnull=False, regency__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.period:
            self.period = self.period.replace(day=1)
        if self.period_end:
            self.period_end = self.period_end.replace(day=1)
        if self.regency_id:
            self.province_id = self.regency_id.split(".")[0]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:plm_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.level == PlmLevel.PROVINCE and not self.province_id:
            errors["province"] = _("A provincial meeting needs its province.")
        if self.level == PlmLevel.REGENCY and not self.regency_id:
            errors["regency"] = _("A regency meeting needs its regency or city.")
        if self.level == PlmLevel.NATIONAL:
            self.province_id = self.regency_id = None
        elif self.level == PlmLevel.PROVINCE:
            self.regency_id = None
        if self.regency_id and self.province_id and not self.regency_id.startswith(self.province_id + "."):
            errors["regency"] = _("This regency/city is not in the chosen province.")
        if self.period and self.date and self.period.replace(day=1) > self.date:
            errors["period"] = _("A meeting can only review a month that has begun.")
        if self.period_end and self.period:
            end, start = self.period_end.replace(day=1), self.period.replace(day=1)
            if end < start:
                errors["period_end"] = _("The period must start before it ends.")
            elif (end.year - start.year) * 12 + end.month - start.month >= MAX_REVIEW_MONTHS:
                errors["period_end"] = _("Review at most %(months)s months.") % {"months": MAX_REVIEW_MONTHS}
            elif self.date and end > self.date:
                errors["period_end"] = _("A meeting can only review a month that has begun.")
        if errors:
            raise ValidationError(errors)

    @property
    def report_scope(self) -> tuple[str, str]:
        """The progress-report scope and code this meeting reviews."""
        if self.level == PlmLevel.REGENCY:
            return ReportScope.REGENCY, self.regency_id
        if self.level == PlmLevel.PROVINCE:
            return ReportScope.PROVINCE, self.province_id
        return ReportScope.NATIONAL, NATIONAL_CODE

    @property
    def period_key(self) -> str:
        return f"{self.period:%Y-%m}"

    @property
    def last_month(self):
        """The last month reviewed: ``period_end``, or the one month ``period``."""
        return self.period_end or self.period


PLM_CHILD_SCOPE = ScopePaths(province="meeting__province", regency="meeting__regency")


class PlmPresentation(models.Model):
    """What a library presented: an achievement, tips and tricks, a challenge and how it was solved."""

    meeting = models.ForeignKey(
        PeerLearningMeeting, models.CASCADE, related_name="presentations", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PresentationKind.choices)
    library = models.ForeignKey(
        Library, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("library")
    )
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    solution = models.TextField(_("solution"), blank=True, help_text=_("For a challenge: how it was solved."))

    objects = ScopedQuerySet.as_manager()
    scope_paths = PLM_CHILD_SCOPE

    class Meta:
        ordering = ["meeting", "kind", "id"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")

    def __str__(self) -> str:
        return self.title


class PlmFollowUp(models.Model):
    """A follow-up action agreed at the meeting, with an owner and a due date."""

    meeting = models.ForeignKey(
        PeerLearningMeeting, models.CASCADE, related_name="follow_ups", verbose_name=_("meeting")
    )
    action = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=150)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = PLM_CHILD_SCOPE

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.action
