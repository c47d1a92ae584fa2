"""What list and detail pages add to the generic views: exports, the history tab, preselected records."""

from ..digits import as_id
from ..history import history_entries
from ..scope import CHANGE
from ..spreadsheets import table_response

EXPORT_FORMATS = ("csv", "xlsx")


class ExportMixin:
    """``?export=csv`` or ``?export=xlsx`` on a list downloads every filtered row, in import columns."""

    export_name = "export"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt not in EXPORT_FORMATS:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        keys, rows = self.export_table(filterset.qs)
        return table_response(self.export_name, fmt, keys, rows)

    def export_table(self, queryset):
        raise NotImplementedError


class HistoryMixin:
    """A detail page's History tab: its own record and those of its parts."""

    def history_sources(self):
        return [self.object.history.all()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_entries(*self.history_sources())
        return context


class InitialFromQueryMixin:
    """``?team=12`` or ``?library=34`` preselects that record when the user may change it."""

    initial_from_query: tuple[tuple[str, type], ...] = ()

    def get_initial(self):
        initial = super().get_initial()
        for name, model in self.initial_from_query:
            value = self.request.GET.get(name, "")
            if as_id(value):
                obj = model.objects.restrict(self.request.user, CHANGE).filter(pk=value).first()
                if obj is not None:
                    initial[name] = obj
        return initial
