"""Synergy teams (Tim Sinergi): members from other agencies, their meetings and the commitments they make."""

import os

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds
from foundation.models import Stamped
from foundation.scope import ScopePaths

from ..choices import (
    OPEN_COMMITMENT_STATUSES,
    CommitmentKind,
    CommitmentStatus,
    MeetingKind,
    MeetingMode,
    MemberRole,
    Sector,
    TeamLevel,
)
from ..scoping import RegionWideQuerySet
from .geography import Province, Regency

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "odt", "ods"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def validate_evidence_size(file) -> None:
    if file and file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))


def not_in_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."))


TEAM_SCOPE = ScopePaths(province="team__province", regency="team__regency")


def count_of(queryset, through: str = "team"):
    """A correlated subquery counting ``queryset`` rows per parent: no row multiplication in lists."""
    counted = queryset.filter(**{through: OuterRef("pk")}).order_by().values(through)
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


class SynergyTeamQuerySet(RegionWideQuerySet):
    def with_summary(self):
        """Active members, open commitments and the last meeting date of each team, without a query per team."""
        return self.annotate(
            member_count=count_of(TeamMember.objects.filter(is_active=True)),
            open_count=count_of(Commitment.objects.filter(status__in=OPEN_COMMITMENT_STATUSES)),
            last_meeting=Subquery(
                Meeting.objects.filter(team=OuterRef("pk"))
                .order_by()
                .values("team")
                .annotate(d=Max("date"))
                .values("d")
            ),
        )


class SynergyTeam(Stamped):
    """A cross-sector team set up by a governor's or regent's decree to sustain TPBIS in its region."""

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=TeamLevel.choices, default=TeamLevel.PROVINCE)
    province = models.ForeignKey(Province, models.PROTECT, related_name="synergy_teams", verbose_name=_("province"))
    regency = models.ForeignKey(
        Regency, models.PROTECT, null=True, blank=True, related_name="synergy_teams", verbose_name=_("regency/city")
    )
    decree_number = models.CharField(_("decree number (SK)"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True, validators=[not_in_future])
    formed_on = models.DateField(_("formed on"), null=True, blank=True, validators=[not_in_future])
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = SynergyTeamQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency")

    class Meta:
        ordering = ["province", "regency", "name"]
        verbose_name = _("synergy team")
        verbose_name_plural = _("synergy teams")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.regency_id:
            self.province_id = self.regency_id.split(".")[0]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("libraries:synergyteam_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.level == TeamLevel.REGENCY and not self.regency_id:
            errors["regency"] = _("A regency/city team needs its regency or city.")
        if self.level == TeamLevel.PROVINCE and self.regency_id:
            errors["regency"] = _("A provincial team belongs to the province, not to a regency.")
        if self.regency_id and self.province_id and not self.regency_id.startswith(self.province_id + "."):
            errors["regency"] = _("This regency/city is not in the chosen province.")
        if errors:
            raise ValidationError(errors)

    @property
    def area_name(self) -> str:
        return str(self.regency or self.province)


class TeamPartQuerySet(RegionWideQuerySet):
    prefix = "team__"


class TeamMember(models.Model):
    team = models.ForeignKey(SynergyTeam, models.CASCADE, related_name="members", verbose_name=_("synergy team"))
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True, help_text=_("e.g. Head of Division"))
    institution = models.CharField(_("institution"), max_length=200, help_text=_("e.g. Bappeda, DPMD, Diskominfo"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    role = models.CharField(_("role in the team"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = TeamPartQuerySet.as_manager()
    scope_paths = TEAM_SCOPE

    class Meta:
        ordering = ["team", Case(When(role="chair", then=0), When(role="secretary", then=1), default=2), "name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"

    def get_absolute_url(self) -> str:
        return reverse("libraries:teammember_detail", args=[self.pk])

    def clean(self):
        if self.role == MemberRole.CHAIR and self.is_active and self.team_id:
            chairs = TeamMember.objects.filter(team_id=self.team_id, role=MemberRole.CHAIR, is_active=True)
            if chairs.exclude(pk=self.pk).exists():
                raise ValidationError({"role": _("This team already has a chair.")})


class Meeting(models.Model):
    team = models.ForeignKey(SynergyTeam, models.CASCADE, related_name="meetings", verbose_name=_("synergy team"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    mode = models.CharField(_("mode"), max_length=20, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"))
    institutions_present = models.TextField(_("institutions present"), blank=True, help_text=_("One per line."))
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, validators=bounds.at_most(bounds.PARTICIPANTS)
    )
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("What was discussed and agreed."))

    history = HistoricalRecords()
    objects = TeamPartQuerySet.as_manager()
    scope_paths = TEAM_SCOPE

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["team", "date"], name="meeting_team_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("libraries:meeting_detail", args=[self.pk])

    def clean(self):
        if self.date and self.date > timezone.localdate() and (self.minutes or self.participants):
            raise ValidationError({"date": _("Minutes and participants can only be recorded after the meeting.")})

    @property
    def institutions(self) -> list[str]:
        return [line.strip() for line in self.institutions_present.splitlines() if line.strip()]


def open_q() -> Q:
    return Q(status__in=OPEN_COMMITMENT_STATUSES)


def overdue_q(today=None) -> Q:
    return open_q() & Q(due_date__lt=today or timezone.localdate())


class CommitmentQuerySet(TeamPartQuerySet):
    def open(self):
        return self.filter(open_q())

    def overdue(self, today=None):
        return self.filter(overdue_q(today))

    def for_tracker(self, today=None):
        """Overdue first, then the other open commitments by due date, then those closed."""
        today = today or timezone.localdate()
        return self.annotate(
            urgency=Case(
                When(status__in=OPEN_COMMITMENT_STATUSES, due_date__lt=today, then=Value(0)),
                When(status__in=OPEN_COMMITMENT_STATUSES, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("urgency", models.F("due_date").asc(nulls_last=True), "-pk")


def evidence_path(instance, filename: str) -> str:
    return f"commitments/{timezone.now():%Y/%m}/{os.path.basename(filename)}"


class Commitment(Stamped):
    """What a stakeholder promised the program; the team is judged on following these up to done."""

    team = models.ForeignKey(SynergyTeam, models.CASCADE, related_name="commitments", verbose_name=_("synergy team"))
    meeting = models.ForeignKey(
        Meeting,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("meeting"),
        help_text=_("The meeting where it was agreed, if any."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices)
    party = models.CharField(_("party"), max_length=200, help_text=_("Who committed, e.g. Diskominfo, a university."))
    description = models.TextField(_("description"))
    amount = models.DecimalField(
        _("amount (Rp)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(bounds.RUPIAH)],
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, validators=[not_in_future])
    evidence_file = models.FileField(
        _("evidence (file)"),
        upload_to=evidence_path,
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_evidence_size],
        help_text=_("PDF, image or office document, up to 10 MB."),
    )
    evidence_link = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    notes = models.TextField(_("follow-up notes"), blank=True)

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()
    scope_paths = TEAM_SCOPE

    class Meta:
        ordering = ["due_date", "-pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["status", "due_date"], name="commitment_status_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.party}"

    def save(self, *args, **kwargs):
        if self.status != CommitmentStatus.DONE:
            self.completed_on = None
        elif not self.completed_on:
            self.completed_on = timezone.localdate()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("libraries:commitment_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.meeting_id and self.team_id and self.meeting.team_id != self.team_id:
            errors["meeting"] = _("This meeting belongs to another synergy team.")
        if self.status == CommitmentStatus.DONE and not (self.evidence_file or self.evidence_link):
            errors["evidence_link"] = _("A commitment marked done needs evidence: a file or a link.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()
