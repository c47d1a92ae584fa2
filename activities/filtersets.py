import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from foundation.filters import BooleanFilter, DateInput, IdFilter, ModelChoiceFilter, PeriodFilter, YearFilter, scoped
from foundation.months import PERIOD_PATTERN
from libraries.choices import FundingSource
from libraries.filtersets import LibraryScopedFilterSet
from libraries.models import Library, Province, Regency

from .choices import (
    AdvocacyResult,
    EngagementField,
    EventKind,
    PublicationKind,
    Strategy,
    TargetGroup,
    TrainingMode,
    Verification,
)
from .models import Activity, ActivityPhoto, Advocacy, Publication, Replication, ServiceSnapshot, SuccessStory, Training


class RecordFilterSet(LibraryScopedFilterSet):
    """What every list of the program's records filters by: its place (library, province, regency), and where
    it stands with its verifiers."""

    verification = django_filters.ChoiceFilter(choices=Verification.choices, label=_("Verification"))


class OrNotRecordedFilter(django_filters.ChoiceFilter):
    """One of a field's choices, or ``not_recorded``: the records where it is empty (the figures count them so)."""

    NOT_RECORDED = "not_recorded"

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, choices=[*choices, (self.NOT_RECORDED, _("Not recorded"))], **kwargs)

    def filter(self, qs, value):
        if value == self.NOT_RECORDED:
            return qs.filter(**{self.field_name: ""})
        return super().filter(qs, value)


class ActivityFilterSet(RecordFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    period = PeriodFilter(field_name="date")
    strategy = django_filters.ChoiceFilter(choices=Strategy.choices, label=_("Strategy"))
    field = django_filters.ChoiceFilter(choices=EngagementField.choices, label=_("Field"))
    kind = django_filters.ChoiceFilter(field_name="event_kind", choices=EventKind.choices, label=_("Kind of event"))
    target_group = django_filters.ChoiceFilter(choices=TargetGroup.choices, label=_("Target group"))
    # What the progress reports count the records by (each figure links to the records it counts).
    field = OrNotRecordedFilter(choices=EngagementField.choices, label=_("Field"))
    event_kind = OrNotRecordedFilter(choices=EventKind.choices, label=_("Kind of event"))
    publication_kind = OrNotRecordedFilter(choices=PublicationKind.choices, label=_("Kind of media"))
    result = OrNotRecordedFilter(choices=AdvocacyResult.choices, label=_("Advocacy result"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Activity
        fields = [
            "q",
            "library",
            "province",
            "regency",
            "period",
            "strategy",
            "field",
            "kind",
            "target_group",
            "field",
            "event_kind",
            "publication_kind",
            "result",
            "verification",
            "date_from",
            "date_to",
            "cohort",
            "partner_type",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(skill_area__icontains=value) | Q(library__name__icontains=value)
        )


class DatedRecordFilterSet(RecordFilterSet):
    """Advocacy and publications: the record filters, a month or a range of dates, a search."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    period = PeriodFilter(field_name="date")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"), widget=DateInput)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(media_outlet__icontains=value) | Q(library__name__icontains=value)
        )


class AdvocacyFilterSet(DatedRecordFilterSet):
    result = django_filters.ChoiceFilter(choices=AdvocacyResult.choices, label=_("Result"))

    class Meta:
        model = Advocacy
        fields = ["q", "library", "province", "regency", "period", "result", "verification", "date_from", "date_to"]


class PublicationFilterSet(DatedRecordFilterSet):
    kind = django_filters.ChoiceFilter(
        field_name="publication_kind", choices=PublicationKind.choices, label=_("Kind of media")
    )

    class Meta:
        model = Publication
        fields = ["q", "library", "province", "regency", "period", "kind", "verification", "date_from", "date_to"]


class ServiceSnapshotFilterSet(RecordFilterSet):
    period = PeriodFilter(field_name="period")
    standing = BooleanFilter(method="filter_standing", label=_("Only the one that counts"))

    class Meta:
        model = ServiceSnapshot
        fields = ["library", "province", "regency", "period", "standing", "verification", "cohort", "partner_type"]

    def filter_standing(self, queryset, name, value):
        if value is None:
            return queryset
        standing = ServiceSnapshot.objects.standing().values("pk")
        return queryset.filter(pk__in=standing) if value else queryset.exclude(pk__in=standing)


@extend_schema_field({"type": "string", "pattern": PERIOD_PATTERN, "example": "2021-09"})
class YearOfPeriodFilter(PeriodFilter):
    """``?period=2021-09``: the programmes of that month's year (a replication programme is a year's)."""

    def filter(self, qs, value):
        return qs if value is None else qs.filter(year=value.year)


class ReplicationFilterSet(django_filters.FilterSet):
    library = ModelChoiceFilter(
        field_name="libraries", queryset=scoped(Library), label=_("Library"), widget=forms.HiddenInput
    )
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    period = YearOfPeriodFilter(label=_("Month"))
    year = YearFilter(field_name="year", label=_("Year"))
    funding_source = django_filters.ChoiceFilter(choices=FundingSource.choices, label=_("Funding source"))
    verification = django_filters.ChoiceFilter(choices=Verification.choices, label=_("Verification"))

    class Meta:
        model = Replication
        fields = ["library", "province", "regency", "period", "year", "funding_source", "verification"]


class SuccessStoryFilterSet(LibraryScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    period = PeriodFilter(field_name="date")
    consent_to_publish = BooleanFilter(label=_("Consent to publish"))

    class Meta:
        model = SuccessStory
        fields = ["q", "library", "province", "regency", "period", "consent_to_publish", "cohort", "partner_type"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(person_name__icontains=value) | Q(story__icontains=value))


class TrainingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    year = YearFilter(field_name="start_date", lookup_expr="year", label=_("Year"))
    mode = django_filters.ChoiceFilter(choices=TrainingMode.choices, label=_("Mode"))
    date_from = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label=_("From"), widget=DateInput)
    date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Until"), widget=DateInput)

    class Meta:
        model = Training
        fields = ["q", "province", "regency", "year", "mode", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(organiser__icontains=value) | Q(place__icontains=value))


class ActivityPhotoFilterSet(django_filters.FilterSet):
    """API only: the activity's record carries its photos too."""

    activity = IdFilter(field_name="activity", label=_("Activity"))
    library = IdFilter(field_name="activity__library", label=_("Library"))

    class Meta:
        model = ActivityPhoto
        fields = ["activity", "library"]
