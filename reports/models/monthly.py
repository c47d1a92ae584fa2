from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import STAFF_ROLES, Role
from libraries.models import Library
from tpbis_portal.scope import ScopedQuerySet, ScopePaths

from ..choices import ReportStatus
from ..deadlines import deadline_for


class MonthlyReportQuerySet(ScopedQuerySet):
    pass


class MonthlyReport(models.Model):
    """A library's figures for one month, verified by regency or provincial staff."""

    library = models.ForeignKey(Library, models.PROTECT, related_name="monthly_reports", verbose_name=_("library"))
    period = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    loans = models.PositiveIntegerField(_("loans"), default=0)
    new_members = models.PositiveIntegerField(_("new members"), default=0)
    ict_users = models.PositiveIntegerField(_("computer/internet users"), default=0)
    books = models.PositiveIntegerField(_("books held"), default=0)
    digital_books = models.PositiveIntegerField(_("digital books held"), default=0)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = MonthlyReportQuerySet.as_manager()
    scope_paths = ScopePaths(province="library__province", regency="library__regency", library="library")
    scope_writers = STAFF_ROLES | {Role.LIBRARIAN}

    class Meta:
        ordering = ["-period", "library"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [models.UniqueConstraint(fields=["library", "period"], name="one_report_per_library_month")]
        indexes = [models.Index(fields=["period", "status"], name="report_period_status")]

    def __str__(self) -> str:
        return f"{self.library} · {self.period:%Y-%m}"

    @property
    def deadline(self):
        return deadline_for(self.period)

    @property
    def on_time(self) -> bool | None:
        """Whether the report was first submitted by the deadline (None while not submitted)."""
        return None if self.submitted_at is None else self.submitted_at <= self.deadline
