"""What list and detail pages add to the generic views: exports, the history tab, preselected records, the
verified-only reading."""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from ..counting import cached_count
from ..digits import as_id
from ..history import history_entries
from ..readings import Reading, read, verified_only
from ..scope import CHANGE
from ..spreadsheets import table_response
from ..tables import table_export

EXPORT_FORMATS = ("csv", "xlsx")


class ExportMixin:
    """``?export=csv`` or ``?export=xlsx`` on a list downloads every filtered row as the table shows it.

    The columns and their translated headings are the table's; the rows are all those the filters
    select, in the table's order (``?sort=`` included).
    """

    export_name = ""

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt not in EXPORT_FORMATS:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        valid = not filterset.is_bound or filterset.is_valid() or not self.get_strict()
        headers, rows = self.export_table(filterset.qs if valid else filterset.queryset.none())
        return table_response(self.get_export_name(), fmt, headers, rows, title=self.export_title())

    def get_export_name(self) -> str:
        model = self.get_table_class()._meta.model
        return self.export_name or (slugify(str(model._meta.verbose_name_plural)) if model else "export")

    def export_title(self) -> str:
        model = self.get_table_class()._meta.model
        return str(model._meta.verbose_name_plural).capitalize() if model else _("Data")

    def export_table(self, queryset):
        """The headings and rows of the download: the list's own table, unpaginated."""
        table = self.get_table_class()(queryset, **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        return table_export(table)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_formats"] = EXPORT_FORMATS
        return context


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


class VerifiedReadingMixin:
    """A list of verifiable records read as everything entered (the default) or verified only (``?verified=1``),
    with the share verified of what its filters select (``reading`` in the template: ``generic/reading_switch.html``).
    One more count, cached like the list's own."""

    def get_table_data(self):
        return read(super().get_table_data(), verified_only(self.request.GET))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entered = self.object_list
        context["reading"] = Reading.of(self.request.GET, cached_count(entered), cached_count(entered.verified()))
        return context
