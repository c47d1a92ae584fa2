import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from foundation.filters import BooleanFilter, DateInput, IdFilter, IntegerFilter, ModelChoiceFilter, scoped

from .choices import (
    NON_PHYSICAL_AID,
    OPEN_COMMITMENT_STATUSES,
    AidItem,
    AidKind,
    CommitmentKind,
    CommitmentStatus,
    LibraryLevel,
    MeetingKind,
    MeetingMode,
    MemberRole,
    PartnerType,
    Sector,
    TeamLevel,
)
from .models import Aid, Commitment, Library, Meeting, Province, Regency, SynergyTeam, TeamMember


class LibraryScopedFilterSet(django_filters.FilterSet):
    """Filters shared by records that belong to a library: the library itself, its province and regency.

    These FilterSets serve the HTML lists and the API alike; they are strict (``foundation.filters``):
    a value they cannot take is an error (400 in the API, a form error on the page), never ignored.
    """

    library = ModelChoiceFilter(queryset=scoped(Library), label=_("Library"), widget=forms.HiddenInput)
    province = ModelChoiceFilter(field_name="library__province", queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(field_name="library__regency", queryset=scoped(Regency), label=_("Regency/city"))
    # The library's cohort and partner type, as on the dashboards that link here.
    cohort = IntegerFilter(field_name="library__cohort_year", label=_("Cohort year"))
    partner_type = django_filters.ChoiceFilter(
        field_name="library__partner_type", choices=PartnerType.choices, label=_("Partner type")
    )


class LibraryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    level = django_filters.ChoiceFilter(choices=LibraryLevel.choices, label=_("Level"))
    cohort = IntegerFilter(field_name="cohort_year", label=_("Cohort year"))
    partner_type = django_filters.ChoiceFilter(choices=PartnerType.choices, label=_("Partner type"))
    is_active = BooleanFilter(label=_("Active"))

    class Meta:
        model = Library
        fields = ["q", "province", "regency", "level", "cohort", "partner_type", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(village__name__icontains=value) | Q(manager_name__icontains=value)
        )


class AidFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    province = ModelChoiceFilter(field_name="library__province", queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(field_name="library__regency", queryset=scoped(Regency), label=_("Regency/city"))
    library = IdFilter(field_name="library", label=_("Library"), widget=forms.HiddenInput)
    year = IntegerFilter(label=_("Year"))
    item = django_filters.ChoiceFilter(choices=AidItem.choices, label=_("Item"))
    kind = django_filters.ChoiceFilter(choices=AidKind.choices, method="filter_kind", label=_("Kind"))

    class Meta:
        model = Aid
        fields = ["q", "province", "regency", "library", "year", "item", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(library__name__icontains=value) | Q(source__icontains=value))

    def filter_kind(self, queryset, name, value):
        if value == AidKind.NON_PHYSICAL:
            return queryset.filter(item__in=NON_PHYSICAL_AID)
        return queryset.exclude(item__in=NON_PHYSICAL_AID)


class SynergyTeamFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    level = django_filters.ChoiceFilter(choices=TeamLevel.choices, label=_("Level"))
    is_active = BooleanFilter(label=_("Active"))

    class Meta:
        model = SynergyTeam
        fields = ["q", "province", "regency", "level", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(decree_number__icontains=value))


class TeamPartFilterSet(django_filters.FilterSet):
    """Filters shared by members, meetings and commitments: the team and its region."""

    team = IdFilter(field_name="team", label=_("Synergy team"), widget=forms.HiddenInput)
    province = ModelChoiceFilter(field_name="team__province", queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(field_name="team__regency", queryset=scoped(Regency), label=_("Regency/city"))


class TeamMemberFilterSet(TeamPartFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Sector"))
    role = django_filters.ChoiceFilter(choices=MemberRole.choices, label=_("Role in the team"))

    class Meta:
        model = TeamMember
        fields = ["q", "team", "province", "regency", "sector", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(institution__icontains=value))


class MeetingFilterSet(TeamPartFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    mode = django_filters.ChoiceFilter(choices=MeetingMode.choices, label=_("Mode"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"), widget=DateInput)

    class Meta:
        model = Meeting
        fields = ["q", "team", "province", "regency", "kind", "mode", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(agenda__icontains=value) | Q(minutes__icontains=value))


class CommitmentFilterSet(TeamPartFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=CommitmentStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=CommitmentKind.choices, label=_("Kind"))
    open = BooleanFilter(method="filter_open", label=_("Open"))
    overdue = BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Commitment
        fields = ["q", "team", "province", "regency", "status", "kind", "open", "overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(party__icontains=value) | Q(description__icontains=value))

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.exclude(status__in=OPEN_COMMITMENT_STATUSES)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)
