"""Pickers for many records of one kind: e.g. the 45 libraries attending a training, chosen on a phone.

``PickerField`` is a many-to-many form field whose choices come grouped (a library's regency/city) and
whose widget is the plain multiple select, marked for ``static/js/picker.js``. The script turns it into a
search box, the groups with their counts and a "select all" each, and the number chosen; without the
script the select still works (grouped, Ctrl-click). The select stays the form's field either way.

The choices are what the scoping rule lets the user see (``ScopedFormMixin`` restricts them like any
dropdown). A field with ``reach`` also accepts records beyond them, found through ``search_url`` (a
``PickerSearchView``): a training organised by one province with participants from another. The form
then shows those picked records again, and nothing else of the other area.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import View


class GroupedChoiceIterator(ModelChoiceIterator):
    """The choices as ``(group, [(value, label), …])``, groups sorted by name: optgroups in the select."""

    def __iter__(self):
        groups: dict[str, list] = {}
        for obj in self.queryset:
            groups.setdefault(str(self.field.group_of(obj)), []).append(self.choice(obj))
        for name in sorted(groups):
            yield (name, groups[name])


def picker_texts() -> dict[str, str]:
    """What the script writes on the page, translated here (the script holds no language of its own)."""
    return {
        "search": str(_("Search by name or regency/city")),
        "selected": str(_("Chosen")),
        "selectAll": str(_("Choose all")),
        "clear": str(_("Clear the choice")),
        "none": str(_("Nothing matches.")),
        "help": str(_("Search, or open a regency/city and tick its libraries; “Choose all” takes those shown.")),
        "beyond": str(_("Add from another area")),
        "beyondHelp": str(_("Type at least two letters of a name or a regency/city in another area.")),
        "find": str(_("Find")),
        "add": str(_("Add")),
        "added": str(_("Added")),
        "failed": str(_("The search did not work. Check the connection and try again.")),
    }


class PickerWidget(forms.SelectMultiple):
    """The plain multiple select (grouped), with what ``picker.js`` needs in its data attributes."""

    def __init__(self, attrs=None, search_url: str = ""):
        super().__init__(attrs)
        self.search_url = search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extra = {"data-picker": "", "data-picker-texts": json.dumps(picker_texts(), ensure_ascii=False)}
        if self.search_url:
            extra["data-picker-search"] = str(self.search_url)
        context["widget"]["attrs"].update(extra)
        return context


class PickerField(forms.ModelMultipleChoiceField):
    """Many records picked from groups; ``reach`` (a queryset) lets ``search_url`` add records beyond the choices."""

    widget = PickerWidget
    iterator = GroupedChoiceIterator

    def __init__(
        self,
        queryset,
        *,
        group_by: Callable[[object], str],
        reach=None,
        search_url: str = "",
        **kwargs,
    ):
        self.group_of = group_by
        self.reach = reach
        super().__init__(queryset, **kwargs)
        self.widget.search_url = search_url if reach is not None else ""

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.reach = None if self.reach is None else self.reach.all()
        return result

    def extend_choices(self, values) -> None:
        """Add the records of ``values`` (pks a form sent) that lie within reach to the choices."""
        if self.reach is None:
            return
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        field = field or self.queryset.model._meta.pk
        wanted = []
        for value in values or ():
            try:
                wanted.append(field.to_python(value))
            except (ValidationError, TypeError, ValueError):
                continue  # not a key at all: the field's own validation names it
        if wanted:
            self.queryset = self.queryset | self.reach.filter(**{f"{key}__in": wanted})


class PickerSearchView(View):
    """Records a picker may add beyond the user's area, found by name: only what the picker shows of each.

    Subclasses give ``queryset`` (what may be found), ``search_fields`` (lookups matched with
    ``icontains``), ``may_search(user)`` and ``result(obj)``. ``?q=`` needs ``min_length`` characters.
    """

    queryset = None
    search_fields: tuple[str, ...] = ()
    limit = 20
    min_length = 2

    class Form(forms.Form):
        q = forms.CharField(max_length=100, strip=True)

    def may_search(self, user) -> bool:
        raise NotImplementedError

    def result(self, obj) -> dict:
        raise NotImplementedError

    def get(self, request):
        if not self.may_search(request.user):
            return JsonResponse({"detail": str(_("You may not search here."))}, status=403)
        form = self.Form(request.GET)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        text = form.cleaned_data["q"]
        if len(text) < self.min_length:
            return JsonResponse({"results": []})
        match = Q()
        for lookup in self.search_fields:
            match |= Q(**{f"{lookup}__icontains": text})
        found = self.queryset.filter(match)[: self.limit]
        return JsonResponse({"results": [self.result(obj) for obj in found]})
