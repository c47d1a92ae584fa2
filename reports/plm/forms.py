"""The Peer Learning Meeting form, with its presentations and follow-ups as inline forms."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from foundation.months import MonthField
from foundation.views.generic import ScopedFormMixin
from libraries.forms.common import LibraryPickerField
from reports.models import PeerLearningMeeting, PlmFollowUp, PlmPresentation


class PlmForm(ScopedFormMixin, forms.ModelForm):
    libraries = LibraryPickerField(
        required=False, label=capfirst(PeerLearningMeeting._meta.get_field("libraries").verbose_name)
    )
    period = MonthField(
        label=_("Month reviewed"), help_text=_("The month whose progress reports the meeting reviewed.")
    )
    period_end = MonthField(
        label=_("Reviewed up to month"),
        required=False,
        help_text=_("For a meeting over a period (e.g. January to September): its last month. Empty: one month."),
    )

    class Meta:
        model = PeerLearningMeeting
        fields = [
            "title",
            "level",
            "province",
            "regency",
            "date",
            "mode",
            "host",
            "place",
            "period",
            "period_end",
            "libraries",
            "other_participants",
            "findings",
            "areas_of_improvement",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "areas_of_improvement": forms.Textarea(attrs={"rows": 4}),
        }


class PresentationForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = PlmPresentation
        fields = ["kind", "library", "presenter", "title", "summary", "solution"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "solution": forms.Textarea(attrs={"rows": 2})}


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = PlmFollowUp
        fields = ["action", "owner", "due_date", "status", "notes"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class ScopedInlineFormSet(forms.BaseInlineFormSet):
    """Inline forms limited to the user's scope; their dropdowns are queried once for all the forms."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        self._choices = {}
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField) and not field.widget.is_hidden and name != self.fk.name:
                if name not in self._choices:
                    self._choices[name] = list(iter(field.choices))  # one query, no COUNT
                field.choices = self._choices[name]
        return form

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if issubclass(self.form, ScopedFormMixin):
            kwargs["user"] = self.user
        return kwargs


PresentationFormSet = forms.inlineformset_factory(
    PeerLearningMeeting, PlmPresentation, form=PresentationForm, formset=ScopedInlineFormSet, extra=2, can_delete=True
)
FollowUpFormSet = forms.inlineformset_factory(
    PeerLearningMeeting, PlmFollowUp, form=FollowUpForm, formset=ScopedInlineFormSet, extra=2, can_delete=True
)
