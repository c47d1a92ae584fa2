"""Pages of the records that are not events: advocacy, publications, service snapshots, replication programmes.

Built like every other page on the generic scoped views (``foundation.views.generic``): a list with filters
(verification among them) and its export, a detail page with where the record stands with its verifiers and
its history, and create, edit and delete. Advocacy and publications are rows of the activities' table, so
their detail page is the activities' own (photos, success stories) with their outcome; their signed document
is served here, to users whose area holds the record, as photos are.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from foundation.scope import VIEW
from foundation.views import generic

from .documents import document_response
from .editing import CorrectionMixin, RecordCreateMixin, RecordDetailMixin, RecordFormPageMixin, RecordListMixin
from .filtersets import AdvocacyFilterSet, PublicationFilterSet, ReplicationFilterSet, ServiceSnapshotFilterSet
from .models import Advocacy, Publication, Replication, ServiceSnapshot
from .record_forms import AdvocacyForm, PublicationForm, ReplicationForm, ServiceSnapshotForm
from .tables import AdvocacyTable, PublicationTable, ReplicationTable, ServiceSnapshotTable
from .views import ActivityDetailView

# --- advocacy and publications (rows of the activities' table) -------------------------------------------------


class AdvocacyListView(RecordListMixin, generic.ObjectListView):
    add_label = _("Record advocacy")
    queryset = Advocacy.objects.select_related("library")
    filterset_class = AdvocacyFilterSet
    table_class = AdvocacyTable
    export_name = "advokasi"


class StrategyDetailView(ActivityDetailView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object))


class AdvocacyDetailView(StrategyDetailView):
    queryset = Advocacy.objects.select_related(
        "library", "library__regency", "library__province", "created_by", "verified_by"
    )


class AdvocacyCreateView(RecordCreateMixin, generic.ObjectCreateView):
    model = Advocacy
    form_class = AdvocacyForm


class AdvocacyUpdateView(CorrectionMixin, RecordFormPageMixin, generic.ObjectUpdateView):
    model = Advocacy
    form_class = AdvocacyForm


class AdvocacyDeleteView(generic.ObjectDeleteView):
    model = Advocacy
    success_url = reverse_lazy("activities:advocacy_list")


def advocacy_document(request, pk):
    """The signed document, only for users whose area holds the record (it may name people and amounts)."""
    return document_response(get_object_or_404(Advocacy.objects.restrict(request.user, VIEW), pk=pk))


class PublicationListView(RecordListMixin, generic.ObjectListView):
    add_label = _("Record a publication")
    queryset = Publication.objects.select_related("library")
    filterset_class = PublicationFilterSet
    table_class = PublicationTable
    export_name = "publikasi"


class PublicationDetailView(StrategyDetailView):
    queryset = Publication.objects.select_related(
        "library", "library__regency", "library__province", "created_by", "verified_by"
    )


class PublicationCreateView(RecordCreateMixin, generic.ObjectCreateView):
    model = Publication
    form_class = PublicationForm


class PublicationUpdateView(CorrectionMixin, RecordFormPageMixin, generic.ObjectUpdateView):
    model = Publication
    form_class = PublicationForm


class PublicationDeleteView(generic.ObjectDeleteView):
    model = Publication
    success_url = reverse_lazy("activities:publication_list")


# --- monthly service snapshots -----------------------------------------------------------------------------------


class ServiceSnapshotListView(RecordListMixin, generic.ObjectListView):
    add_label = _("Record this month's services")
    queryset = ServiceSnapshot.objects.select_related("library")
    filterset_class = ServiceSnapshotFilterSet
    table_class = ServiceSnapshotTable
    export_name = "peningkatan-layanan"


class ServiceSnapshotDetailView(RecordDetailMixin, generic.ObjectDetailView):
    queryset = ServiceSnapshot.objects.select_related(
        "library", "library__regency", "library__province", "created_by", "verified_by"
    )


class ServiceSnapshotCreateView(RecordCreateMixin, generic.ObjectCreateView):
    model = ServiceSnapshot
    form_class = ServiceSnapshotForm


class ServiceSnapshotUpdateView(CorrectionMixin, RecordFormPageMixin, generic.ObjectUpdateView):
    model = ServiceSnapshot
    form_class = ServiceSnapshotForm


class ServiceSnapshotDeleteView(generic.ObjectDeleteView):
    model = ServiceSnapshot
    success_url = reverse_lazy("activities:servicesnapshot_list")


# --- replication programmes (regional records, kept by the region's staff) --------------------------------------


class ReplicationListView(RecordListMixin, generic.ObjectListView):
    add_label = _("Add a replication programme")
    queryset = Replication.objects.select_related("province", "regency")
    filterset_class = ReplicationFilterSet
    table_class = ReplicationTable
    export_name = "replikasi"


class ReplicationDetailView(RecordDetailMixin, generic.ObjectDetailView):
    queryset = Replication.objects.select_related("province", "regency", "created_by", "verified_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["covered"] = list(self.object.libraries.restrict(self.request.user).order_by("name"))
        return context


class ReplicationCreateView(RecordCreateMixin, generic.ObjectCreateView):
    model = Replication
    form_class = ReplicationForm
    initial_from_query = ()


class ReplicationUpdateView(CorrectionMixin, RecordFormPageMixin, generic.ObjectUpdateView):
    model = Replication
    form_class = ReplicationForm


class ReplicationDeleteView(generic.ObjectDeleteView):
    model = Replication
    success_url = reverse_lazy("activities:replication_list")
