"""Each library's month in figures (``LibraryMonth``): what the dashboards add up instead of the records.

On PostgreSQL the rows are kept by triggers on the records' tables (``reports.rollup``): every write, whatever
path it takes (a form, the API, a bulk update, a COPY of an import), changes its library's month in the same
statement and transaction, by the difference it makes. Rows hold no library attributes: a library changing
place, cohort or partner type changes no row, the dashboards join the library when they add up.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from libraries.models import Library, Province

#: Column prefix of each strategy's figures (``<prefix>_records``, ``_verified``, ``_male``, ``_female``,
#: ``_participants``).
STRATEGY_PREFIXES = {
    "service_improvement": "service",
    "community_engagement": "engagement",
    "advocacy": "advocacy",
    "media_publication": "publication",
}
#: What each strategy's columns count or add up.
STRATEGY_FIGURES = ("records", "verified", "male", "female", "participants")
#: Advocacy records by result (``advocacy_<result>``); the rest have none recorded.
ADVOCACY_RESULTS = ("funds", "non_funds", "regulation")


#: The columns of a library's month that the KPI reads (``reports.dashboards.sql.library_month_kpi_statement``).
KPI_INPUTS = [
    "library_id",
    "service_records",
    "engagement_records",
    "engagement_participants",
    "advocacy_records",
    "publication_records",
    "snapshots",
    "reports_submitted",
    "visitors",
]


def _figure():
    return models.IntegerField(default=0, db_default=0)


class MonthFigures(models.Model):
    """What a month's records add up to (the columns both rollups keep)."""

    service_records = _figure()
    service_verified = _figure()
    service_male = _figure()
    service_female = _figure()
    service_participants = _figure()
    engagement_records = _figure()
    engagement_verified = _figure()
    engagement_male = _figure()
    engagement_female = _figure()
    engagement_participants = _figure()
    advocacy_records = _figure()
    advocacy_verified = _figure()
    advocacy_male = _figure()
    advocacy_female = _figure()
    advocacy_participants = _figure()
    publication_records = _figure()
    publication_verified = _figure()
    publication_male = _figure()
    publication_female = _figure()
    publication_participants = _figure()
    advocacy_funds = _figure()
    advocacy_non_funds = _figure()
    advocacy_regulation = _figure()

    #: service snapshots dated on the month's first day
    snapshots = _figure()
    snapshots_verified = _figure()

    #: the month's monthly report (a library has at most one): sent (submitted, verified or returned),
    #: submitted (or verified), verified, submitted from SIM TPBIS
    reports_sent = _figure()
    reports_submitted = _figure()
    reports_verified = _figure()
    reports_from_sim = _figure()
    #: a submitted report of the portal with its time of submission
    reports_timed = _figure()
    #: visitors and loans of a submitted report
    visitors = _figure()
    loans = _figure()

    class Meta:
        abstract = True


class LibraryMonth(MonthFigures):
    """One library's records of one month, counted (rows of months with no record may remain, all zero)."""

    library = models.ForeignKey(
        Library,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # rows go with their library by trigger (``reports.rollup``)
        db_index=False,  # the unique (library, month) index leads with it
        related_name="+",
        verbose_name=_("library"),
    )
    month = models.DateField(_("month"))

    #: the second the month's report was submitted, when ``reports_timed`` (seconds since 1970)
    submitted_epoch = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        verbose_name = _("library month")
        verbose_name_plural = _("library months")
        constraints = [models.UniqueConstraint(fields=["library", "month"], name="library_month_unique")]
        # A month of every library with what the KPI reads of it, from the index alone (the dashboards' KPI of a
        # month: the nation's 10,000 partners in 1 ms instead of 20 from the table).
        indexes = [models.Index(fields=["month"], include=KPI_INPUTS, name="library_month_month")]

    def __str__(self) -> str:
        return f"{self.library_id} {self.month:%Y-%m}"


class ProvinceMonth(MonthFigures):
    """A province's library months added up by the libraries' cohort, partner type and whether they are expected to
    report: the national dashboard reads some 17,000 of these for two years instead of 240,000 library months.

    Rows are differences appended by PostgreSQL's triggers on ``LibraryMonth`` and on the libraries
    (``reports.province_months``), never updated in place, so that writers in one province never wait for each
    other; a group's figures are the sum of its rows, folded into one row from time to time.
    """

    province = models.ForeignKey(
        Province,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("province"),
    )
    month = models.DateField(_("month"))
    #: the libraries' first cohort year, 0 for none
    cohort_year = models.SmallIntegerField(default=0)
    partner_type = models.CharField(max_length=20, blank=True)
    #: active, at village level and in a cohort: expected to report from its cohort's year on
    expected = models.BooleanField()
    #: reports of ``reports_timed`` submitted by the month's deadline (``TPBIS_REPORT_DEADLINE_DAY``)
    reports_on_time = _figure()

    class Meta:
        verbose_name = _("province month")
        verbose_name_plural = _("province months")
        indexes = [models.Index(fields=["month", "province"], name="province_month_month")]

    def __str__(self) -> str:
        return f"{self.province_id} {self.month:%Y-%m}"


#: Every counted column of a library's month, in the order the statements of ``reports.rollup`` write them.
FIGURES = [f.column for f in LibraryMonth._meta.concrete_fields if f.column not in ("id", "library_id", "month")]
#: The columns a province's month adds up as they are from its libraries' months.
SHARED_FIGURES = [f.column for f in MonthFigures._meta.fields]
