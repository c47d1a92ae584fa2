"""Trainings (Bimtek): list, detail with the libraries attending and a history tab, and forms.

The form, filters and table live here too, next to the only views that use them.
"""

import django_tables2 as tables
from django import forms
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from foundation.tables import ATTRS
from foundation.views import generic
from foundation.views.mixins import HistoryMixin
from libraries.forms.common import DATE_INPUT, LibraryPickerField, RegistryFormMixin
from libraries.models import Province

from .filtersets import TrainingFilterSet
from .models import Training


class TrainingForm(RegistryFormMixin, forms.ModelForm):
    # The organiser's staff may add libraries of other provinces that attended (found by name).
    libraries = LibraryPickerField(beyond_area=True, required=False, label=_("Libraries attending"))

    class Meta:
        model = Training
        fields = [
            "title",
            "organiser",
            "start_date",
            "end_date",
            "place",
            "mode",
            "province",
            "regency",
            "participants_provincial",
            "participants_regency",
            "participants_village",
            "libraries",
            "notes",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT, "notes": forms.Textarea({"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].help_text = _("Where the training was held; empty for a national training.")
        # Attending libraries outside the user's area are not listed; saving keeps them (ScopedFormMixin).
        # Those the user picks there in this form are added (LibraryPickerField).

    def clean(self):
        cleaned = super().clean()
        province, regency = cleaned.get("province"), cleaned.get("regency")
        if regency and not province:
            cleaned["province"] = province = Province.objects.get(pk=regency.province_id)
        if not self.errors:
            self.check_area(Training, province, regency, field="regency" if regency else "province")
        return cleaned


class TrainingTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    start_date = tables.DateColumn(verbose_name=_("Dates"))
    participants = tables.Column(verbose_name=_("Participants"), attrs={"td": {"class": "text-end"}})
    libraries_count = tables.Column(verbose_name=_("Libraries"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Training
        fields = ["title", "start_date", "organiser", "place", "mode", "province", "participants", "libraries_count"]
        attrs = ATTRS
        empty_text = _("No trainings.")

    def render_start_date(self, record):
        if record.start_date == record.end_date:
            return f"{record.start_date:%d-%m-%Y}"
        return f"{record.start_date:%d-%m-%Y} \u2013 {record.end_date:%d-%m-%Y}"


def attending_count():
    through = Training.libraries.through.objects.filter(training=OuterRef("pk")).order_by().values("training")
    return Coalesce(
        Subquery(through.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )


class TrainingListView(generic.ObjectListView):
    queryset = Training.objects.select_related("province").annotate(
        participants=F("participants_provincial") + F("participants_regency") + F("participants_village"),
        libraries_count=attending_count(),
    )
    filterset_class = TrainingFilterSet
    table_class = TrainingTable
    template_name = "activities/training_list.html"


class TrainingDetailView(HistoryMixin, generic.ObjectDetailView):
    queryset = Training.objects.select_related("province", "regency")
    template_name = "activities/training_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = self.object.libraries.restrict(self.request.user).with_places().order_by("level", "regency", "name")
        context["libraries"] = visible
        context["libraries_total"] = self.object.libraries.count()
        return context


class TrainingCreateView(generic.ObjectCreateView):
    model = Training
    form_class = TrainingForm
    template_name = "activities/training_form.html"


class TrainingUpdateView(generic.ObjectUpdateView):
    model = Training
    form_class = TrainingForm
    template_name = "activities/training_form.html"


class TrainingDeleteView(generic.ObjectDeleteView):
    model = Training
    success_url = reverse_lazy("trainings:training_list")
