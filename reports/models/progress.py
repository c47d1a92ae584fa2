"""Monthly progress reports (compiled snapshots) and the jobs that compile them.

A ``ProgressReport`` is one scope's figures for one month: the nation, a province, a
regency/city or one library. ``reports/progress/compile.py`` writes all of a compilation's
snapshots in one statement inside one transaction, so a reader sees either the old
set or the new one, never a mixture; the unique constraint makes a duplicate
impossible whatever runs twice.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.scope import NATIONAL_CODE, STAFF_ROLES, PlaceKind, Role, ScopedQuerySet, ScopePaths
from libraries.models import Library, Province, Regency

from .kpi import KpiColour

#: A report's scope is one of the program's places (``foundation.scope.PlaceKind``).
ReportScope = PlaceKind


#: From the widest scope to the narrowest.
SCOPE_ORDER = [ReportScope.NATIONAL, ReportScope.PROVINCE, ReportScope.REGENCY, ReportScope.LIBRARY]

GEO_SCOPE = ScopePaths(province="province", regency="regency", library="library")


class ProgressReportQuerySet(ScopedQuerySet):
    def for_period(self, period: dt.date):
        return self.filter(period=period)

    def libraries_of(self, report: "ProgressReport"):
        """The library snapshots of the same compilation that lie inside ``report``'s scope."""
        qs = self.filter(period=report.period, scope=ReportScope.LIBRARY)
        if report.scope == ReportScope.PROVINCE:
            qs = qs.filter(province_id=report.code)
        elif report.scope == ReportScope.REGENCY:
            qs = qs.filter(regency_id=report.code)
        elif report.scope == ReportScope.LIBRARY:
            qs = qs.filter(pk=report.pk)
        return qs

    def children_of(self, report: "ProgressReport"):
        """The next level down: provinces of the nation, regencies of a province, libraries of a regency."""
        qs = self.filter(period=report.period)
        if report.scope == ReportScope.NATIONAL:
            return qs.filter(scope=ReportScope.PROVINCE)
        if report.scope == ReportScope.PROVINCE:
            return qs.filter(scope=ReportScope.REGENCY, province_id=report.code)
        if report.scope == ReportScope.REGENCY:
            return qs.filter(scope=ReportScope.LIBRARY, regency_id=report.code)
        return qs.none()


class ProgressReport(models.Model):
    """A compiled monthly progress report for one scope and month (a snapshot)."""

    scope = models.CharField(_("scope"), max_length=10, choices=ReportScope.choices)
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Province or regency code, the library's id, or ID for the nation.")
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    name = models.CharField(_("name"), max_length=200)
    # The indexes below (period first, as every reader asks) serve these keys: no index of their own,
    # so that compiling a month writes five indexes rather than ten.
    province = models.ForeignKey(
        Province,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        db_index=False,
    )
    regency = models.ForeignKey(
        Regency,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regency/city"),
        db_index=False,
    )
    library = models.ForeignKey(
        Library,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_reports",
        verbose_name=_("library"),
        db_index=False,
    )
    figures = models.JSONField(_("figures"), default=dict)
    previous = models.JSONField(_("previous month's figures"), default=dict)
    kpi = models.JSONField(_("KPI"), default=dict)
    kpi_score = models.DecimalField(_("KPI score"), max_digits=5, decimal_places=1, null=True, blank=True)
    kpi_colour = models.CharField(_("KPI colour"), max_length=10, choices=KpiColour.choices, blank=True)
    highlights = models.JSONField(_("highlights"), default=list)
    revision = models.CharField(_("revision"), max_length=32)
    compiled_at = models.DateTimeField(_("compiled at"))
    job = models.ForeignKey(
        "CompileJob", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("compile job")
    )
    # A hash of everything the report is made of: a recompilation rewrites only the reports whose digest changed.
    digest = models.BigIntegerField(_("digest"), null=True, blank=True, editable=False)

    objects = ProgressReportQuerySet.as_manager()
    scope_paths = GEO_SCOPE
    scope_writers = STAFF_ROLES

    class Meta:
        ordering = ["-period", "scope", "code"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            # Month first, with the digest and id, so that a compilation reads a month's digests in the index alone.
            models.UniqueConstraint(
                fields=["period", "scope", "code"], include=["digest", "id"], name="one_progress_report_per_scope_month"
            )
        ]
        indexes = [
            models.Index(fields=["period", "scope", "province"], name="progress_period_province"),
            models.Index(fields=["period", "scope", "regency"], name="progress_period_regency"),
            models.Index(fields=["library", "period"], name="progress_library_period"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.period:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("reports:progress_detail", args=[self.period_key, self.scope, self.code])

    @property
    def period_key(self) -> str:
        return f"{self.period:%Y-%m}"

    def url(self, name: str, *extra) -> str:
        return reverse(f"reports:{name}", args=[self.period_key, self.scope, self.code, *extra])

    @property
    def change(self) -> dict:
        """This month minus the previous month, figure by figure (derived from the two, so never stale)."""
        return figure_change(self.figures or {}, self.previous or {})


def figure_change(current: dict, previous: dict) -> dict:
    """``current - previous`` for every number of ``previous`` (nested mappings too, such as strategies)."""
    change = {}
    for key, before in previous.items():
        now = current.get(key)
        if isinstance(before, dict) and isinstance(now, dict):
            change[key] = figure_change(now, before)
        elif isinstance(before, int | float) and isinstance(now, int | float) and not isinstance(before, bool):
            change[key] = now - before
    return change


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"


class ProgressReportExport(models.Model):
    """A PDF or Excel rendering of a snapshot, kept in the database next to it.

    ``revision`` is the snapshot revision it was rendered from: after a recompile the
    export no longer matches and is rendered again (the compile job renders the report
    it was started for; others on first download).
    """

    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="exports", verbose_name=_("report"))
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    revision = models.CharField(_("revision"), max_length=32)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report export")
        verbose_name_plural = _("progress report exports")
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="one_export_per_report_format")]

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class JobStep(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    UNDISPATCHED = "undispatched", _("Queued — the task queue is unavailable; the job will be sent when it is back")
    STARTING = "starting", _("Starting")
    AGGREGATING = "aggregating", _("Aggregating activities and monthly reports, writing the reports")
    WRITTEN = "written", _("Reports written")
    PDF = "pdf", _("Rendering the PDF")
    XLSX = "xlsx", _("Building the Excel workbook")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CompileJobQuerySet(ScopedQuerySet):
    pass


class CompileJob(models.Model):
    """One request to compile a month's progress reports for a scope and everything inside it."""

    period = models.DateField(_("month"))
    scope = models.CharField(_("scope"), max_length=10, choices=ReportScope.choices, default=ReportScope.NATIONAL)
    code = models.CharField(_("code"), max_length=20, default=NATIONAL_CODE)
    province = models.ForeignKey(
        Province, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        Regency, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("regency/city")
    )
    library = models.ForeignKey(
        Library, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("library")
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=20, choices=JobStep.choices, default=JobStep.QUEUED)
    error = models.TextField(_("error"), blank=True)
    reports_written = models.PositiveIntegerField(_("reports written"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    task_key = models.CharField(
        _("task key"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("The scheduled task that created the job, so that a redelivered message creates no second job."),
    )

    objects = CompileJobQuerySet.as_manager()
    scope_paths = GEO_SCOPE
    # Compiling derives reports from the records and changes none of them: consultants, who may change no
    # record, may still ask for any month of their area to be compiled (or compiled again).
    scope_writers = STAFF_ROLES | {Role.CONSULTANT}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("compile job")
        verbose_name_plural = _("compile jobs")
        indexes = [models.Index(fields=["status", "created_at"], name="compile_job_status")]
        constraints = [
            models.UniqueConstraint(fields=["task_key"], condition=~models.Q(task_key=""), name="one_job_per_task")
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.code} · {self.period:%Y-%m} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("reports:compile_job", args=[self.pk])

    @property
    def period_key(self) -> str:
        return f"{self.period:%Y-%m}"

    @property
    def is_stalled(self) -> bool:
        """Queued or running with no sign of life for a while: no worker took it, or its worker was killed."""
        if self.status not in (JobStatus.QUEUED, JobStatus.RUNNING) or self.undispatched:
            return False
        last = self.heartbeat_at or self.created_at
        limit = dt.timedelta(seconds=settings.TPBIS_COMPILE_STALL_SECONDS)
        return last is not None and timezone.now() - last > limit

    @property
    def undispatched(self) -> bool:
        """Saved and queued, but the broker could not be reached to send it to a worker yet."""
        return self.status == JobStatus.QUEUED and self.step == JobStep.UNDISPATCHED

    @property
    def can_retry(self) -> bool:
        return self.status == JobStatus.FAILED or self.is_stalled or self.undispatched

    def report_url(self) -> str:
        return reverse("reports:progress_detail", args=[self.period_key, self.scope, self.code])
