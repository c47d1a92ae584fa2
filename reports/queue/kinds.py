"""The kinds of record the verifiers work through, and what the queue needs to know of each.

Engagement and service-improvement activities, advocacy, publications, monthly service snapshots and
replication programmes are verified one by one (``activities.verification``); submitted monthly reports keep
their own workflow (``reports.monthly.workflow``) and wait in the same queue. A kind's slug is its API endpoint:
the queue row ``{"type": "advocacy", "id": 7}`` is the record ``/api/v1/advocacy/7/``.

Every kind is read in the user's own area, the strict one: a replication programme of the province is in the
province staff's queue, not in that of each regency's staff who may read it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from activities import verification
from activities.choices import Strategy, Verification
from activities.models import (
    Activity,
    ActivityPhoto,
    Advocacy,
    AttachmentLink,
    Publication,
    RecordEvent,
    Replication,
    ServiceSnapshot,
)
from foundation.scope import VIEW, scope_for
from reports.choices import ReportStatus
from reports.models import MonthlyReport
from reports.monthly import workflow

from . import figures

#: Where a record stands, as the queue reads it.
WAITING, RETURNED, VERIFIED = Verification.UNVERIFIED, Verification.RETURNED, Verification.VERIFIED


class Kind:
    """One kind of record in the queue (``activities``, ``advocacy``… ``monthly-reports``)."""

    slug: str = ""
    label = ""
    model = None
    #: The lookups placing a record, for the filters (``None``: the kind is not placed that way).
    library_path: str | None = "library"
    province_path = "library__province"
    regency_path = "library__regency"
    #: The field that dates a record, and how precisely (``day``, ``month`` or ``year``).
    date_field, date_precision = "date", "day"
    #: The names of the record's own page and of its edit page.
    page_names = ("", "")
    #: Related rows a page of them needs, and a record's own page.
    related = ("library", "created_by")
    detail_related = ("library__province", "library__regency", "created_by", "verified_by")

    def manager(self):
        return self.model._default_manager

    # --- where and in which state -------------------------------------------------------------------------

    def in_area(self, user):
        """The kind's records in ``user``'s area (strict: not the region-wide reading of regional records)."""
        queryset = self.manager().order_by()
        area = scope_for(user).area(VIEW)
        if area.is_empty:
            return queryset.none()
        return queryset.filter(queryset.area_filter(area))

    def state_q(self, state: str) -> Q:
        return Q(verification=state)

    def entered_q(self) -> Q:
        """The records entered for verification (every record; a monthly report once submitted)."""
        return Q()

    def place_q(self, province=None, regency=None, library=None) -> Q | None:
        """The filter for a place, or ``None`` when no record of this kind can be there."""
        q = Q()
        if library is not None:
            if self.library_path is None:
                return None
            q &= Q(**{self.library_path: library})
        if regency is not None:
            q &= Q(**{self.regency_path: regency})
        if province is not None:
            q &= Q(**{self.province_path: province})
        return q

    def dated_in(self, start, end) -> Q:
        return Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lt": end})

    # --- the columns every kind gives the queue ---------------------------------------------------------------

    def columns(self) -> dict:
        """``q_entered`` (the day it was entered), ``q_created`` and ``q_changed`` (times), ``q_library``."""
        return {
            "q_kind": Value(self.slug, output_field=CharField()),
            "q_id": F("pk"),
            "q_entered": F("entered_on"),
            "q_created": F("created_at"),
            "q_changed": F("updated_at"),
            "q_library": F("library_id") if self.library_path else Value(None, output_field=BigIntegerField()),
        }

    # --- a page of records ----------------------------------------------------------------------------------

    def load(self, pks) -> dict:
        """The records of a page, by id, with what their rows show: one query for every kind of the same table."""
        records = self.model._default_manager.filter(pk__in=pks).select_related(*self.related)
        return {record.pk: record for record in records}

    def title(self, record) -> str:
        return record.title

    def date_of(self, record):
        return getattr(record, self.date_field)

    def figures(self, record) -> list[figures.Figure]:
        return []

    def evidence(self, record) -> int | None:
        """How many photos, documents and evidence links come with it (``None``: the kind has none)."""
        return None

    def entered_on(self, record):
        return record.entered_on

    def comment(self, record) -> str:
        return record.return_comment

    def state(self, record) -> str:
        return record.verification

    # --- verification ---------------------------------------------------------------------------------------

    def can_verify(self, user, record) -> bool:
        return verification.can_verify(user, record)

    def actions(self, user, record) -> set[str]:
        return verification.allowed_actions(user, record)

    def verify(self, record, user) -> None:
        verification.verify(record, user)

    def return_record(self, record, user, comment: str) -> None:
        verification.return_record(record, user, comment)

    def verify_many(self, queryset, user) -> int:
        return verification.verify_many(queryset, user)

    def verifiable(self, queryset, user):
        return verification.verifiable(queryset, user)

    def events(self, record) -> list:
        return list(RecordEvent.objects.of(record).select_related("actor"))

    def page_url(self, record, edit: bool = False) -> str | None:
        """The record's own page, or its edit page, for the kinds that have them."""
        try:
            return reverse(self.page_names[1 if edit else 0], args=[record.pk])
        except NoReverseMatch:
            return None

    def correct_url(self, record) -> str | None:
        """Where the library corrects a returned record."""
        return self.page_url(record, edit=True)

    def __str__(self) -> str:
        return self.slug


def _count(model, **filters):
    rows = model.objects.filter(**filters).order_by().values("activity").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class ActivityKind(Kind):
    """The rows of the activities table of some strategies (its own proxy's, or the rest)."""

    model = Activity
    strategies: tuple[str, ...] = ()

    def manager(self):
        return Activity.objects.filter(strategy__in=self.strategies)

    def load(self, pks) -> dict:
        records = (
            Activity.objects.filter(pk__in=pks)
            .select_related(*self.related)
            .annotate(
                photo_total=_count(ActivityPhoto, activity=OuterRef("pk")),
                link_total=_count(AttachmentLink, activity=OuterRef("pk")),
            )
        )
        return {record.pk: record for record in records}

    def evidence(self, record) -> int:
        return record.photo_total + record.link_total + (1 if record.document else 0)


class Activities(ActivityKind):
    slug = "activities"
    label = _("Activities (engagement, service improvement)")
    page_names = ("activities:activity_detail", "activities:activity_edit")
    strategies = (Strategy.COMMUNITY_ENGAGEMENT, Strategy.SERVICE_IMPROVEMENT)

    def figures(self, record):
        return figures.activity(record)


class AdvocacyKind(ActivityKind):
    slug = "advocacy"
    label = _("Advocacy")
    page_names = ("activities:advocacy_detail", "activities:advocacy_edit")
    strategies = (Strategy.ADVOCACY,)

    def manager(self):
        return Advocacy.objects.all()

    def figures(self, record):
        return figures.advocacy(record)


class Publications(ActivityKind):
    slug = "publications"
    label = _("Publications")
    page_names = ("activities:publication_detail", "activities:publication_edit")
    strategies = (Strategy.MEDIA_PUBLICATION,)

    def manager(self):
        return Publication.objects.all()

    def figures(self, record):
        return figures.publication(record)


class ServiceSnapshots(Kind):
    slug = "service-snapshots"
    label = _("Service snapshots")
    page_names = ("activities:servicesnapshot_detail", "activities:servicesnapshot_edit")
    model = ServiceSnapshot
    date_field, date_precision = "period", "month"

    def figures(self, record):
        return figures.snapshot(record)


class Replications(Kind):
    slug = "replications"
    label = _("Replication programmes")
    page_names = ("activities:replication_detail", "activities:replication_edit")
    model = Replication
    library_path, province_path, regency_path = None, "province", "regency"
    date_field, date_precision = "year", "year"
    related = ("province", "regency", "created_by")
    detail_related = (*related, "verified_by")

    def dated_in(self, start, end) -> Q:
        return Q(year__gte=start.year, year__lte=(end - dt.timedelta(days=1)).year)

    def figures(self, record):
        return figures.replication(record)


class MonthlyReports(Kind):
    """Submitted monthly reports: waiting while submitted; their workflow verifies and returns them."""

    slug = "monthly-reports"
    label = _("Monthly reports")
    page_names = ("reports:monthlyreport_detail", "reports:monthlyreport_edit")
    model = MonthlyReport
    date_field, date_precision = "period", "month"
    STATUS = {WAITING: ReportStatus.SUBMITTED, RETURNED: ReportStatus.RETURNED, VERIFIED: ReportStatus.VERIFIED}

    def state_q(self, state: str) -> Q:
        return Q(status=self.STATUS[state])

    def entered_q(self) -> Q:
        return Q(submitted_at__isnull=False)

    def columns(self) -> dict:
        return {
            **super().columns(),
            "q_entered": TruncDate("submitted_at", output_field=DateField()),
            "q_created": F("submitted_at"),
        }

    def title(self, record) -> str:
        return str(_("Monthly report"))

    def figures(self, record):
        return figures.monthly_report(record)

    def entered_on(self, record):
        return record.submitted_at.date() if record.submitted_at else None

    def state(self, record) -> str:
        return record.verification

    def can_verify(self, user, record) -> bool:
        return workflow.can_verify(user, record)

    def actions(self, user, record) -> set[str]:
        return workflow.allowed_actions(user, record) & {"verify", "return"}

    def verify(self, record, user) -> None:
        workflow.verify(record, user)

    def return_record(self, record, user, comment: str) -> None:
        workflow.return_report(record, user, comment)

    def verify_many(self, queryset, user) -> int:
        return workflow.verify_many(queryset, user)

    def verifiable(self, queryset, user):
        area = scope_for(user).area("change", roles=workflow.VERIFIER_ROLES)
        return queryset.none() if area.is_empty else queryset.filter(queryset.area_filter(area))

    def events(self, record) -> list:
        return list(record.events.select_related("actor"))

    def correct_url(self, record) -> str | None:
        return self.page_url(record)  # the report's page: edit it, then submit it again


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (Activities(), AdvocacyKind(), Publications(), ServiceSnapshots(), Replications(), MonthlyReports())
}
#: Who reads a page's records of each table (the kinds of the activities table read theirs together).
LOADERS = {kind.model: kind for kind in KINDS.values()}
#: The kinds verified on their own (every kind but the monthly reports).
RECORD_KINDS = tuple(slug for slug in KINDS if slug != MonthlyReports.slug)
KIND_CHOICES = [(slug, kind.label) for slug, kind in KINDS.items()]


def kind_of(slug: str) -> Kind | None:
    return KINDS.get(slug)
