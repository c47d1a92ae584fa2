"""Generic scoped views: every list, detail and edit page is built from these.

They apply the one scoping rule (``foundation.scope``) at each door: the object list,
the object lookup (outside the user's view area → 404), the right to write (inside
it but not changeable → 403), the choices of every dropdown, and, after saving, a
check inside the same transaction that the saved object is still in the user's area.
"""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ..counting import CachedCountPaginator
from ..scope import CHANGE, VIEW, ScopedQuerySet, scope_for
from .mixins import ExportMixin


def restrict_form_fields(form, user, action: str = VIEW) -> None:
    """Limit every model dropdown of ``form`` to the records ``user`` may see."""
    for field in form.fields.values():
        if isinstance(field, (ModelChoiceField, ModelMultipleChoiceField)):
            queryset = field.queryset
            if isinstance(queryset, ScopedQuerySet):
                field.queryset = queryset.restrict(user, action)


class ScopedFormMixin:
    """A form that takes ``user`` and limits its dropdowns to that user's scope.

    A many-to-many field of a record being edited may hold records outside the user's scope
    (a national meeting's libraries, added by national staff): the user neither sees nor
    chooses them, and saving the form keeps them. A picker with ``reach`` adds what the user
    picked beyond their scope in this very form (``foundation.pickers``).
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._editing = getattr(getattr(self, "instance", None), "pk", None) is not None
        if user is not None:
            restrict_form_fields(self, user)
        if self.is_bound:
            # A picker that reaches beyond the user's area (``foundation.pickers``) accepts what was picked there.
            for name, field in self.fields.items():
                if getattr(field, "reach", None) is not None:
                    values = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
                    field.extend_choices(values)

    def _hidden_relations(self) -> dict[str, list]:
        """The current members of each restricted many-to-many field that its choices leave out."""
        if not self._editing or self.user is None:
            return {}
        many = {field.name for field in self.instance._meta.many_to_many}
        hidden = {}
        for name, field in self.fields.items():
            if name in many and isinstance(field, ModelMultipleChoiceField) and name in self.cleaned_data:
                related = getattr(self.instance, name).exclude(pk__in=field.queryset.values("pk"))
                hidden[name] = list(related.values_list("pk", flat=True))
        return hidden

    def _save_m2m(self):
        hidden = self._hidden_relations()
        super()._save_m2m()
        for name, pks in hidden.items():
            if pks:
                getattr(self.instance, name).add(*pks)


class ScopedQuerysetMixin:
    model = None
    queryset = None

    def base_queryset(self):
        return self.queryset.all() if self.queryset is not None else self.model._default_manager.all()

    def get_queryset(self):
        return self.base_queryset().restrict(self.request.user, VIEW)

    def user_can_change(self, obj=None) -> bool:
        model = self.model or self.queryset.model
        changeable = model._default_manager.restrict(self.request.user, CHANGE)
        if obj is None:
            return not scope_for(self.request.user).area(CHANGE, model).is_empty
        return changeable.filter(pk=obj.pk).exists()


class ObjectListView(ExportMixin, ScopedQuerysetMixin, SingleTableMixin, FilterView):
    """A scoped, filtered, paginated table that also downloads as XLSX or CSV (``?export=``)."""

    # The table paginates (and counts the rows once, cached); the list view itself does not, or it would count again.
    table_pagination = {"per_page": 50, "paginator_class": CachedCountPaginator}
    template_name_suffix = "_list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.user_can_change()
        return context


class ObjectDetailView(ScopedQuerysetMixin, generic.DetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.user_can_change(self.object)
        return context


class ObjectEditMixin(ScopedQuerysetMixin):
    """Create or update within the user's change area; 403 if they may only look.

    Every save ends with a confirmation naming the record (``success_message`` overrides it). A create page
    with ``add_another`` also offers "Save and add another": it saves, then opens an empty form again with
    the same parent preselected (the fields of ``initial_from_query``, e.g. the synergy team).
    """

    success_message = None
    add_another = False
    #: the fields whose values the next form of "Save and add another" starts with (default: those of
    #: ``initial_from_query``)
    carry_over: tuple[str, ...] | None = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["add_another"] = self.add_another and self.object is None
        return context

    def form_valid(self, form):
        model = form._meta.model
        with transaction.atomic():
            self.object = form.save()
            if not model._default_manager.restrict(self.request.user, CHANGE).filter(pk=self.object.pk).exists():
                transaction.set_rollback(True)
                raise PermissionDenied(_("The record would be outside the area you may change."))
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())

    def get_success_message(self) -> str:
        return self.success_message or saved_message(self.object)

    def get_success_url(self):
        if self.add_another and ADD_ANOTHER in self.request.POST:
            return self.add_another_url()
        return super().get_success_url()

    def add_another_url(self) -> str:
        """This page again, with the parents of the record just saved preselected (``?team=12``)."""
        names = self.carry_over
        if names is None:
            names = [name for name, _model in getattr(self, "initial_from_query", ())]
        query = {name: getattr(self.object, f"{name}_id", None) for name in names}
        query = urlencode({name: value for name, value in query.items() if value is not None})
        return f"{self.request.path}?{query}" if query else self.request.path


#: The name of the "Save and add another" button.
ADD_ANOTHER = "_addanother"


def saved_message(obj) -> str:
    """The confirmation after a form is saved: "Team member “Budi (Bappeda)” was saved."."""
    return _("%(kind)s “%(name)s” was saved.") % {"kind": capfirst(obj._meta.verbose_name), "name": obj}


class ObjectCreateView(ObjectEditMixin, generic.CreateView):
    template_name_suffix = "_form"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.user_can_change():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ObjectUpdateView(ObjectEditMixin, generic.UpdateView):
    template_name_suffix = "_form"

    def get_object(self, queryset=None):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.user_can_change(obj):
            raise PermissionDenied
        return obj


class ObjectDeleteView(ScopedQuerysetMixin, generic.DeleteView):
    template_name = "generic/confirm_delete.html"
    success_message = _("Deleted.")

    def get_object(self, queryset=None):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.user_can_change(obj):
            raise PermissionDenied
        return obj

    def form_valid(self, form):
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except (ProtectedError, RestrictedError) as error:
            # Records that still refer to this one keep it (PROTECT): say which, instead of failing.
            blockers = protected_by(error)
            return self.render_to_response(self.get_context_data(form=form, blockers=blockers), status=409)
        messages.success(self.request, self.success_message)
        return response


def protected_by(error: ProtectedError | RestrictedError) -> list[tuple[str, int]]:
    """The kinds of records that prevented a deletion, with how many of each (e.g. ``("Activities", 14)``)."""
    objects = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    counts = Counter(type(obj)._meta.verbose_name_plural for obj in objects)
    return sorted((capfirst(name), count) for name, count in counts.items())
