from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from foundation.digits import as_id
from foundation.pickers import PickerSearchView
from foundation.scope import CHANGE, VIEW, scope_for
from foundation.views import generic
from foundation.views.imports import BaseImportView, template_download
from foundation.views.mixins import HistoryMixin, InitialFromQueryMixin

from .filtersets import (
    AidFilterSet,
    CommitmentFilterSet,
    LibraryFilterSet,
    MeetingFilterSet,
    SynergyTeamFilterSet,
    TeamMemberFilterSet,
)
from .forms import AidForm, CohortFormSet, CommitmentForm, LibraryForm, MeetingForm, SynergyTeamForm, TeamMemberForm
from .forms.common import library_group
from .importing import LibraryImport
from .models import Aid, Commitment, Library, Meeting, SynergyTeam, TeamMember, Village
from .models.cohort import sync_library
from .models.geography import is_region_code
from .models.synergy import open_q, overdue_q
from .panels import panels_for
from .tables import AidTable, CommitmentTable, LibraryTable, MeetingTable, SynergyTeamTable, TeamMemberTable

# -- libraries --------------------------------------------------------------------------------------


class LibraryListView(generic.ObjectListView):
    queryset = Library.objects.with_places()
    filterset_class = LibraryFilterSet
    table_class = LibraryTable
    export_name = "perpustakaan"


class LibraryDetailView(HistoryMixin, generic.ObjectDetailView):
    queryset = Library.objects.with_places()

    def history_sources(self):
        return [self.object.history.all(), Aid.history.filter(library_id=self.object.pk)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["aid"] = self.object.aid.all()
        context["cohorts"] = self.object.cohorts.all()
        # The trainings the library attended (the activities app's relation), as far as the user may see them.
        context["trainings"] = self.object.trainings.restrict(self.request.user).order_by("-start_date")
        context["can_add_aid"] = context["can_change"]
        context["panels"] = panels_for(self.request, self.object)
        return context


class LibraryCohortsView(generic.ObjectUpdateView):
    """A library's cohorts, edited together: each year it joined the program and the support it received."""

    model = Library
    fields = []
    template_name = "libraries/library_cohorts.html"

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method == "POST" else None
        return CohortFormSet(data, instance=self.object, prefix="cohorts")

    def get_form_kwargs(self):
        return {}

    def form_valid(self, formset):
        with transaction.atomic():
            formset.save()
            sync_library(self.object.pk)
        messages.success(self.request, _("The cohorts were saved."))
        return redirect(self.object)


class LibraryCreateView(generic.ObjectCreateView):
    model = Library
    form_class = LibraryForm


class LibraryUpdateView(generic.ObjectUpdateView):
    model = Library
    form_class = LibraryForm


class LibraryDeleteView(generic.ObjectDeleteView):
    model = Library
    success_url = reverse_lazy("libraries:library_list")


class LibraryImportView(BaseImportView):
    importer_class = LibraryImport
    model = Library
    session_key = "import:libraries"
    template_name = "libraries/library_import.html"
    template_download = "libraries:library_import_template"
    list_url = "libraries:library_list"

    def done(self, saved, source):
        messages.success(
            self.request, _("%(count)s libraries imported from %(file)s.") % {"count": len(saved), "file": source}
        )
        return redirect(self.list_url)


library_import_template = template_download(LibraryImport, "template-impor-perpustakaan")


def village_options(request):
    """The villages of one regency that the user may pick, for the library form's village list."""
    regency = request.GET.get("regency", "")
    villages = (
        Village.objects.restrict(request.user, VIEW).filter(regency_id=regency).select_related("district")
        if is_region_code(regency)
        else Village.objects.none()
    )
    results = [{"code": v.code, "label": f"{v.name} — {v.district.name} ({v.code})"} for v in villages]
    return JsonResponse({"results": results})


class LibrarySearchView(PickerSearchView):
    """Libraries of any province by name or regency/city, for staff adding participants from elsewhere to a
    training they organise: only the id, name and regency/city of each, nothing else of that area."""

    queryset = Library.objects.active().select_related("province", "regency").order_by("name", "pk")
    search_fields = ("name", "regency__name", "province__name")

    def may_search(self, user) -> bool:
        return not scope_for(user).area(CHANGE, Library).is_empty

    def result(self, library) -> dict:
        return {"id": library.pk, "name": library.name, "regency": library_group(library)}


# -- aid --------------------------------------------------------------------------------------------


class AidListView(generic.ObjectListView):
    queryset = Aid.objects.select_related("library__regency", "library__province")
    filterset_class = AidFilterSet
    table_class = AidTable


class AidDetailView(HistoryMixin, generic.ObjectDetailView):
    queryset = Aid.objects.select_related("library__regency", "library__province")


class AidCreateView(InitialFromQueryMixin, generic.ObjectCreateView):
    model = Aid
    form_class = AidForm
    initial_from_query = (("library", Library),)


class AidUpdateView(generic.ObjectUpdateView):
    model = Aid
    form_class = AidForm


class AidDeleteView(generic.ObjectDeleteView):
    model = Aid

    def get_success_url(self):
        return self.object.library.get_absolute_url()


# -- synergy teams ----------------------------------------------------------------------------------


class SynergyTeamListView(generic.ObjectListView):
    queryset = SynergyTeam.objects.select_related("province", "regency").with_summary()
    filterset_class = SynergyTeamFilterSet
    table_class = SynergyTeamTable


class SynergyTeamDetailView(HistoryMixin, generic.ObjectDetailView):
    queryset = SynergyTeam.objects.select_related("province", "regency")

    def history_sources(self):
        pk = self.object.pk
        return [
            self.object.history.all(),
            TeamMember.history.filter(team_id=pk),
            Meeting.history.filter(team_id=pk),
            Commitment.history.filter(team_id=pk),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = self.object
        context["members"] = team.members.all()
        context["meetings"] = team.meetings.all()
        context["commitments"] = team.commitments.for_tracker()
        return context


class SynergyTeamCreateView(generic.ObjectCreateView):
    model = SynergyTeam
    form_class = SynergyTeamForm


class SynergyTeamUpdateView(generic.ObjectUpdateView):
    model = SynergyTeam
    form_class = SynergyTeamForm


class SynergyTeamDeleteView(generic.ObjectDeleteView):
    model = SynergyTeam
    success_url = reverse_lazy("libraries:synergyteam_list")


class TeamPartCreateView(InitialFromQueryMixin, generic.ObjectCreateView):
    """A member, meeting or commitment of a team; "Save and add another" keeps the team for the next one."""

    initial_from_query = (("team", SynergyTeam),)
    add_another = True


class TeamPartDeleteView(generic.ObjectDeleteView):
    def get_success_url(self):
        return reverse("libraries:synergyteam_detail", args=[self.object.team_id])


class TeamMemberListView(generic.ObjectListView):
    queryset = TeamMember.objects.select_related("team")
    filterset_class = TeamMemberFilterSet
    table_class = TeamMemberTable


class TeamMemberDetailView(HistoryMixin, generic.ObjectDetailView):
    queryset = TeamMember.objects.select_related("team")


class TeamMemberCreateView(TeamPartCreateView):
    model = TeamMember
    form_class = TeamMemberForm


class TeamMemberUpdateView(generic.ObjectUpdateView):
    model = TeamMember
    form_class = TeamMemberForm


class TeamMemberDeleteView(TeamPartDeleteView):
    model = TeamMember


class MeetingListView(generic.ObjectListView):
    queryset = Meeting.objects.select_related("team")
    filterset_class = MeetingFilterSet
    table_class = MeetingTable


class MeetingDetailView(HistoryMixin, generic.ObjectDetailView):
    queryset = Meeting.objects.select_related("team")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["commitments"] = self.object.commitments.for_tracker()
        return context


class MeetingCreateView(TeamPartCreateView):
    model = Meeting
    form_class = MeetingForm


class MeetingUpdateView(generic.ObjectUpdateView):
    model = Meeting
    form_class = MeetingForm


class MeetingDeleteView(TeamPartDeleteView):
    model = Meeting


class CommitmentListView(generic.ObjectListView):
    """The commitment tracker: overdue commitments first, then the open ones by due date."""

    queryset = Commitment.objects.select_related("team").for_tracker()
    filterset_class = CommitmentFilterSet
    table_class = CommitmentTable
    export_name = "komitmen"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.get_queryset().aggregate(
            open=Count("pk", filter=open_q()),
            overdue=Count("pk", filter=overdue_q()),
            total=Count("pk"),
        )
        context["counts"] = counts
        return context


class CommitmentDetailView(HistoryMixin, generic.ObjectDetailView):
    queryset = Commitment.objects.select_related("team", "meeting")


class CommitmentCreateView(TeamPartCreateView):
    model = Commitment
    form_class = CommitmentForm
    carry_over = ("team", "meeting")

    def get_initial(self):
        initial = super().get_initial()
        meeting = self.request.GET.get("meeting", "")
        if as_id(meeting):
            found = Meeting.objects.restrict(self.request.user, CHANGE).filter(pk=meeting).first()
            if found is not None:
                initial.update(meeting=found, team=found.team)
        return initial


class CommitmentUpdateView(generic.ObjectUpdateView):
    model = Commitment
    form_class = CommitmentForm


class CommitmentDeleteView(TeamPartDeleteView):
    model = Commitment


def commitment_evidence(request, pk):
    """The evidence file, only for users who may see the commitment."""
    commitment = get_object_or_404(Commitment.objects.restrict(request.user, VIEW), pk=pk)
    if not commitment.evidence_file:
        raise Http404
    name = commitment.evidence_file.name.rsplit("/", 1)[-1]
    return FileResponse(commitment.evidence_file.open("rb"), as_attachment=True, filename=name)
