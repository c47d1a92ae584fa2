"""What every registry form shares: crispy layout without a form tag, dropdowns limited to what
the user may change, and a clear error when the chosen place lies outside the user's area."""

from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from foundation.pickers import PickerField
from foundation.scope import CHANGE, Place, scope_for
from foundation.views.generic import ScopedFormMixin

from ..models import Library

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistryFormMixin(ScopedFormMixin):
    #: dropdowns of records (not regions) that must be limited to what the user may change
    change_scoped_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if self.user is not None:
            for name in self.change_scoped_fields:
                field = self.fields[name]
                field.queryset = field.queryset.restrict(self.user, CHANGE)

    def check_area(self, model, province=None, regency=None, field: str = "province") -> None:
        """Add an error unless the user may change ``model`` records located in this province/regency."""
        if self.user is None:
            return
        place = Place.of_region(province=getattr(province, "pk", province), regency=getattr(regency, "pk", regency))
        if not scope_for(self.user).area(CHANGE, model).covers(place):
            self.add_error(field, _("You may only record this for the area you work in."))


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.regency or obj.province})"


def library_group(library: Library) -> str:
    """Where a picker lists a library: its regency/city, or its province for a provincial library."""
    return library.regency.name if library.regency_id else library.province.name


class LibraryPickerField(PickerField):
    """Libraries picked by regency/city (``foundation.pickers``); ``beyond_area`` lets staff add libraries
    of other provinces, found by name (``libraries:library_search``)."""

    def __init__(self, *, beyond_area: bool = False, **kwargs):
        queryset = Library.objects.select_related("province", "regency")
        kwargs.setdefault("help_text", _("Hold Ctrl (or Cmd) to choose several."))
        super().__init__(
            queryset,
            group_by=library_group,
            reach=queryset if beyond_area else None,
            search_url=reverse_lazy("libraries:library_search") if beyond_area else "",
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        return obj.name


def writable_libraries(user, model):
    """The libraries in which ``user`` may create records of ``model`` (e.g. a librarian: their own)."""
    area = scope_for(user).area(CHANGE, model)
    if area.is_empty:
        return Library.objects.none()
    return Library.objects.filter(Library.objects.all().area_filter(area)).order_by("name")


class LibraryChoiceMixin:
    """The library dropdown lists only libraries the user may write in; with one, it is fixed and hidden."""

    def setup_library(self, model):
        libraries = writable_libraries(self.user, model) if self.user is not None else Library.objects.none()
        field = self.fields["library"]
        field.queryset = libraries
        self.fixed_library = None
        if not self.instance.pk:
            only = list(libraries[:2])
            if len(only) == 1:
                self.fixed_library = only[0]
                field.initial = only[0].pk
                field.widget = forms.HiddenInput()
                field.required = False  # clean_library() falls back to the only library
        else:
            field.disabled = True  # a record does not move between libraries
            self.fixed_library = self.instance.library

    def clean_library(self):
        return self.cleaned_data.get("library") or self.fixed_library
