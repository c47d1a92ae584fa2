from django.urls import reverse_lazy

from tpbis_portal import generic

from .filtersets import LibraryFilterSet
from .forms import LibraryForm
from .models import Library
from .tables import LibraryTable


class LibraryListView(generic.ObjectListView):
    queryset = Library.objects.with_places()
    filterset_class = LibraryFilterSet
    table_class = LibraryTable


class LibraryDetailView(generic.ObjectDetailView):
    queryset = Library.objects.with_places()


class LibraryCreateView(generic.ObjectCreateView):
    model = Library
    form_class = LibraryForm


class LibraryUpdateView(generic.ObjectUpdateView):
    model = Library
    form_class = LibraryForm


class LibraryDeleteView(generic.ObjectDeleteView):
    model = Library
    success_url = reverse_lazy("libraries:library_list")
