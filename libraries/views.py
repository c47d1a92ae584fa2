from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from foundation.scope import CHANGE, VIEW
from foundation.views import generic
from foundation.views.imports import BaseImportView, template_download
from foundation.views.mixins import ExportMixin, HistoryMixin, InitialFromQueryMixin

from .filtersets import (
    AidFilterSet,
    CommitmentFilterSet,
    LibraryFilterSet,
    MeetingFilterSet,
    SynergyTeamFilterSet,
    TeamMemberFilterSet,
)
from .forms import AidForm, CommitmentForm, LibraryForm, MeetingForm, SynergyTeamForm, TeamMemberForm
from .importing import LibraryImport
from .models import Aid, Commitment, Library, Meeting, SynergyTeam, TeamMember, Village
from .models.geography import is_region_code
from .models.synergy import open_q, overdue_q
from .panels import panels_for
from .tables import AidTable, CommitmentTable, LibraryTable, MeetingTable, SynergyTeamTable, TeamMemberTable

# -- libraries --------------------------------------------------------------------------------------


class LibraryListView(ExportMixin, generic.ObjectListView):
    queryset = Library.objects.with_places()
    filterset_class = LibraryFilterSet
    table_class = LibraryTable
    export_name = "perpustakaan"

    def export_table(self, queryset):
        importer = LibraryImport()
        keys = [column.key for column in importer.columns]
        return keys, (importer.export_row(library) for library in queryset.order_by("province", "regency", "name"))


class LibraryDetailView(HistoryMixin, generic.ObjectDetailView):
    queryset = Library.objects.with_places()

    def history_sources(self):
        return [self.object.history.all(), Aid.history.filter(library_id=self.object.pk)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["aid"] = self.object.aid.all()
        # The trainings the library attended (the activities app's relation), as far as the user may see them.
        context["trainings"] = self.object.trainings.restrict(self.request.user).order_by("-start_date")
        context["can_add_aid"] = context["can_change"]
        context["panels"] = panels_for(self.request, self.object)
        return context


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
    initial_from_query = (("team", SynergyTeam),)


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


class CommitmentListView(ExportMixin, generic.ObjectListView):
    """The commitment tracker: overdue commitments first, then the open ones by due date."""

    queryset = Commitment.objects.select_related("team").for_tracker()
    filterset_class = CommitmentFilterSet
    table_class = CommitmentTable
    export_name = "komitmen"

    def export_table(self, queryset):
        keys = ["team", "kind", "party", "description", "amount", "due_date", "status", "completed_on", "evidence"]
        return keys, (self.export_row(c) for c in queryset)

    @staticmethod
    def export_row(c: Commitment) -> list:
        evidence = c.evidence_link or (c.evidence_file.name if c.evidence_file else "")
        return [c.team.name, c.kind, c.party, c.description, c.amount, c.due_date, c.status, c.completed_on, evidence]

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

    def get_initial(self):
        initial = super().get_initial()
        meeting = self.request.GET.get("meeting", "")
        if meeting.isdigit():
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
