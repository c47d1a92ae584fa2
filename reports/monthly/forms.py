import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from foundation.months import MonthField
from foundation.views.generic import ScopedFormMixin
from libraries.forms.common import LibraryChoiceMixin
from reports.models import MonthlyReport
from reports.models.monthly import ACTIVITY_FIELDS, PARTICIPANT_FIELDS

from . import workflow

NUMBER = {"inputmode": "numeric", "min": 0}
FIGURE_FIELDS = ["visitors", "loans", "new_members", "ict_users", "books", "digital_books"]


class MonthlyReportForm(LibraryChoiceMixin, ScopedFormMixin, forms.ModelForm):
    period = MonthField(
        label=_("Month"),
        help_text=_("The month reported on."),
        error_messages={"invalid": _("Enter a month as YYYY-MM.")},
    )
    client_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = MonthlyReport
        fields = ["library", "period", *FIGURE_FIELDS, *ACTIVITY_FIELDS, *PARTICIPANT_FIELDS, "problems", "next_steps"]
        widgets = {
            **{name: forms.NumberInput(attrs=NUMBER) for name in FIGURE_FIELDS + ACTIVITY_FIELDS + PARTICIPANT_FIELDS},
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_library(MonthlyReport)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("client_token", uuid.uuid4())
        if self.instance.pk:
            for name in workflow.fixed_fields(self.instance):
                self.fields[name].disabled = True
        if not self.instance.pk:
            # Picking another month (or library) reloads the form with that month's activity figures.
            self.fields["period"].widget.attrs["class"] = "js-reload-on-change"
            if not isinstance(self.fields["library"].widget, forms.HiddenInput):
                self.fields["library"].widget.attrs["class"] = "js-reload-on-change"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has the token
        pair = lambda a, b: Row(  # noqa: E731
            Column(a, css_class="col-6"), Column(b, css_class="col-6"), css_class="align-items-end"
        )
        self.helper.layout = Layout(
            "client_token",
            "library",
            "period",
            Fieldset(
                _("Library use"),
                pair("visitors", "loans"),
                pair("new_members", "ict_users"),
                pair("books", "digital_books"),
            ),
            Fieldset(
                _("Activities this month"),
                pair("activities_service_improvement", "activities_community_engagement"),
                pair("activities_advocacy", "activities_media_publication"),
                pair("participants_male", "participants_female"),
                css_class="js-activity-figures",
            ),
            "problems",
            "next_steps",
        )

    def clean(self):
        data = super().clean()
        library, period = data.get("library"), data.get("period")
        if library and period:
            duplicate = (
                MonthlyReport.objects.filter(library=library, period=period).exclude(pk=self.instance.pk).first()
            )
            if duplicate is not None:
                self._duplicate = duplicate
                raise ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("This library already has a report for this month."),
                        reverse("reports:monthlyreport_detail", args=[duplicate.pk]),
                        _("Open it"),
                    ),
                    code="duplicate",
                )
        return data

    def validate_unique(self):
        if getattr(self, "_duplicate", None) is None:  # clean() already explained the duplicate
            super().validate_unique()


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to be corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The librarian sees this comment with the report and corrects it."),
    )
