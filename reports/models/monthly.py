from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.choices import RecordSource, Strategy, Verification
from foundation import bounds
from foundation.models import Recorded
from foundation.scope import STAFF_ROLES, Role, ScopedQuerySet, ScopePaths
from libraries.models import Library, Province, Regency
from reports.choices import ReminderKind, ReminderReason, ReminderStatus, ReportAction, ReportStatus, Timeliness
from reports.deadlines import deadline_for, timeliness, timeliness_q

#: A report's workflow state read as the verification of any other record (drafts are not yet waiting).
VERIFICATION_OF_STATUS = {
    ReportStatus.DRAFT: Verification.UNVERIFIED,
    ReportStatus.SUBMITTED: Verification.UNVERIFIED,
    ReportStatus.VERIFIED: Verification.VERIFIED,
    ReportStatus.RETURNED: Verification.RETURNED,
}

#: The report's activity figures, pre-filled from the month's recorded activities.
ACTIVITY_FIELDS = [f"activities_{value}" for value in Strategy.values]
PARTICIPANT_FIELDS = ["participants_male", "participants_female"]
#: Each figure's bound (``foundation.bounds``).
FIGURE_BOUNDS = {
    **dict.fromkeys(
        ["visitors", "visitors_male", "visitors_female", "loans", "new_members", "ict_users", *PARTICIPANT_FIELDS],
        "MONTHLY_COUNT",
    ),
    **dict.fromkeys(["books", "digital_books"], "COLLECTION"),
    **dict.fromkeys(ACTIVITY_FIELDS, "MONTHLY_ACTIVITIES"),
}


def figure(label, limit: int) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0, validators=bounds.at_most(limit))


class MonthlyReportQuerySet(ScopedQuerySet):
    def submitted(self):
        """Reports that have been sent at least once (submitted, verified or returned)."""
        return self.filter(submitted_at__isnull=False)

    def verified(self):
        return self.filter(status=ReportStatus.VERIFIED)

    def with_timeliness(self, value: str, periods=None):
        """Reports that came in on time (``"on_time"``) or late (``"late"``), judged on the first submission.

        ``periods`` limits the months considered; by default the months present in this queryset (one query).
        """
        if periods is None:
            periods = self.order_by().values_list("period", flat=True).distinct()
        return self.filter(timeliness_q(list(periods), value))

    def with_places(self):
        return self.select_related("library", "library__regency", "library__province")


class MonthlyReport(Recorded):
    """A library's figures for one month, verified by regency or provincial staff."""

    # Indexed by one_report_per_library_month and report_library_period (library first).
    library = models.ForeignKey(
        Library, models.PROTECT, related_name="monthly_reports", verbose_name=_("library"), db_index=False
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    visitors = figure(_("visitors"), bounds.MONTHLY_COUNT)
    visitors_male = models.PositiveIntegerField(
        _("male visitors"),
        null=True,
        blank=True,
        help_text=_("Optional: leave empty when not counted by sex."),
        validators=bounds.at_most(bounds.MONTHLY_COUNT),
    )
    visitors_female = models.PositiveIntegerField(
        _("female visitors"),
        null=True,
        blank=True,
        help_text=_("Optional: leave empty when not counted by sex."),
        validators=bounds.at_most(bounds.MONTHLY_COUNT),
    )
    loans = figure(_("loans"), bounds.MONTHLY_COUNT)
    new_members = models.PositiveIntegerField(
        _("new members"), default=0, validators=bounds.at_most(bounds.MONTHLY_COUNT)
    )
    ict_users = models.PositiveIntegerField(
        _("computer/internet users"), default=0, validators=bounds.at_most(bounds.MONTHLY_COUNT)
    )
    books = figure(_("books held"), bounds.COLLECTION)
    digital_books = models.PositiveIntegerField(
        _("digital books held"), default=0, validators=bounds.at_most(bounds.COLLECTION)
    )
    activities_service_improvement = models.PositiveIntegerField(
        _("service improvement activities"), default=0, validators=bounds.at_most(bounds.MONTHLY_ACTIVITIES)
    )
    activities_community_engagement = models.PositiveIntegerField(
        _("community engagement activities"), default=0, validators=bounds.at_most(bounds.MONTHLY_ACTIVITIES)
    )
    activities_advocacy = models.PositiveIntegerField(
        _("advocacy activities"), default=0, validators=bounds.at_most(bounds.MONTHLY_ACTIVITIES)
    )
    activities_media_publication = models.PositiveIntegerField(
        _("media publications"), default=0, validators=bounds.at_most(bounds.MONTHLY_ACTIVITIES)
    )
    participants_male = models.PositiveIntegerField(
        _("male participants"), default=0, validators=bounds.at_most(bounds.MONTHLY_COUNT)
    )
    participants_female = models.PositiveIntegerField(
        _("female participants"), default=0, validators=bounds.at_most(bounds.MONTHLY_COUNT)
    )
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, help_text=_("The first submission; timeliness is judged on it.")
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    return_comment = models.TextField(_("return comment"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=RecordSource.choices,
        default=RecordSource.PORTAL,
        db_default=RecordSource.PORTAL,
    )
    # Sent with the new-report form: a repeated submit finds the report the first one created.
    client_token = models.UUIDField(_("submission token"), null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()
    objects = MonthlyReportQuerySet.as_manager()
    scope_paths = ScopePaths(province="library__province", regency="library__regency", library="library")
    scope_writers = STAFF_ROLES | {Role.LIBRARIAN}

    class Meta:
        ordering = ["-period", "library"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["library", "period"], name="one_report_per_library_month"),
            models.CheckConstraint(
                name="report_visitor_split_adds_up",
                condition=Q(visitors_male__isnull=True, visitors_female__isnull=True)
                | Q(
                    visitors_male__isnull=False,
                    visitors_female__isnull=False,
                    visitors=models.F("visitors_male") + models.F("visitors_female"),
                ),
            ),
            bounds.check("monthly_report", {name: getattr(bounds, limit) for name, limit in FIGURE_BOUNDS.items()}),
        ]
        indexes = [
            models.Index(fields=["period", "status"], name="report_period_status"),
            # Covering what the dashboards add up, so that a region's reports are read from the index alone.
            models.Index(
                fields=["library", "period"],
                include=["status", "submitted_at", "visitors", "loans"],
                name="report_library_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library} · {self.period:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.period:
            self.period = self.period.replace(day=1)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:monthlyreport_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.period and self.period > timezone.localdate().replace(day=1):
            errors["period"] = _("A report cannot be made for a month that has not started.")
        if self.period and self.period.year < bounds.FIRST_YEAR:
            errors["period"] = _("Enter a date from %(year)s on.") % {"year": bounds.FIRST_YEAR}
        male, female = self.visitors_male, self.visitors_female
        if (male is None) != (female is None):
            missing = "visitors_female" if female is None else "visitors_male"
            errors[missing] = _("Give both the men and the women, or neither.")
        elif male is not None and self.visitors is not None and male + female != self.visitors:
            errors["visitors"] = _("The men and women (%(split)s) do not add up to the visitors (%(total)s).") % {
                "split": male + female,
                "total": self.visitors,
            }
        if errors:
            raise ValidationError(errors)

    @property
    def verification(self) -> str:
        """Where the report stands with its verifiers, in the words of every other record."""
        return VERIFICATION_OF_STATUS[self.status]

    @property
    def deadline(self):
        return deadline_for(self.period)

    @property
    def on_time(self) -> bool | None:
        """Whether the report was first submitted by the deadline (None while not submitted)."""
        return None if self.submitted_at is None else self.submitted_at <= self.deadline

    @property
    def timeliness(self) -> str:
        return timeliness(self.period, self.submitted_at)

    def get_timeliness_display(self) -> str:
        return Timeliness(self.timeliness).label

    @property
    def is_editable(self) -> bool:
        """Only drafts and returned reports can be changed; submitted and verified ones are locked."""
        return self.status in {ReportStatus.DRAFT, ReportStatus.RETURNED}

    @property
    def activities_total(self) -> int:
        return sum(getattr(self, name) for name in ACTIVITY_FIELDS)

    @property
    def participants_total(self) -> int:
        return self.participants_male + self.participants_female


class ReportEventQuerySet(ScopedQuerySet):
    pass


class ReportEvent(models.Model):
    """One step of a report's workflow: who did what, when, and their comment."""

    report = models.ForeignKey(MonthlyReport, models.CASCADE, related_name="events", verbose_name=_("report"))
    action = models.CharField(_("action"), max_length=20, choices=ReportAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = ReportEventQuerySet.as_manager()
    scope_paths = ScopePaths(
        province="report__library__province", regency="report__library__regency", library="report__library"
    )
    scope_writers = frozenset()

    class Meta:
        ordering = ["report", "created_at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report} · {self.get_action_display()}"


class ReminderQuerySet(ScopedQuerySet):
    def with_people(self):
        return self.select_related("recipient", "library", "regency")


class Reminder(models.Model):
    """An e-mail reminding a librarian of a missing or returned report, or regency staff of their list."""

    period = models.DateField(_("month"))
    kind = models.CharField(_("sent to"), max_length=20, choices=ReminderKind.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=ReminderReason.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    province = models.ForeignKey(Province, models.CASCADE, related_name="+", verbose_name=_("province"))
    regency = models.ForeignKey(
        Regency, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("regency/city")
    )
    library = models.ForeignKey(
        Library, models.CASCADE, null=True, blank=True, related_name="reminders", verbose_name=_("library")
    )
    libraries_listed = models.PositiveIntegerField(_("libraries listed"), default=0)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReminderStatus.choices)
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = ReminderQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency", library="library")
    scope_writers = frozenset()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["period", "kind"], name="reminder_period_kind")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.period:%Y-%m} · {self.email or self.library}"
