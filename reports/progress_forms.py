"""Forms of the progress-report pages and Peer Learning Meetings."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from libraries.models import Province, Regency
from tpbis_portal.digits import as_id
from tpbis_portal.generic import ScopedFormMixin
from tpbis_portal.scope import CHANGE, scope_for

from .compile import CompileError, resolve_target
from .deadlines import month_start, parse_period
from .models import CompileJob, PeerLearningMeeting, PlmFollowUp, PlmPresentation
from .models.progress import NATIONAL_CODE, ReportScope


def may_compile(user, scope: str, code: str) -> bool:
    """Whether ``user`` may start a compilation of ``scope``/``code`` (staff, inside their change area)."""
    area = scope_for(user).area(CHANGE, CompileJob)
    if area.is_empty:
        return False
    if scope == ReportScope.NATIONAL:
        return area.national
    if scope == ReportScope.PROVINCE:
        return area.covers(province=code)
    if scope == ReportScope.REGENCY:
        return area.covers(province=code.split(".")[0], regency=code)
    if scope == ReportScope.LIBRARY:
        from libraries.models import Library

        library = Library.objects.filter(pk=as_id(code)).first()
        return library is not None and area.covers(library.province_id, library.regency_id, library.pk)
    return False


def check_compile_period(period: dt.date) -> None:
    """A compilation is for a month that has begun (the compile form and the API)."""
    if period and period > month_start(dt.date.today()):
        raise forms.ValidationError(_("That month has not begun yet."), code="future")


def compile_targets(user) -> list[tuple[str, str]]:
    """The widest scopes a user may compile, as (``scope:code``, label) choices."""
    area = scope_for(user).area(CHANGE, CompileJob)
    choices = []
    if area.national:
        choices.append((f"{ReportScope.NATIONAL}:{NATIONAL_CODE}", _("National (every scope)")))
        provinces = Province.objects.filter(libraries__isnull=False).distinct()
    else:
        provinces = Province.objects.filter(code__in=sorted(area.provinces))
    choices += [(f"{ReportScope.PROVINCE}:{p.code}", f"{p.name} ({p.code})") for p in provinces]
    if area.regencies:
        for regency in Regency.objects.filter(code__in=sorted(area.regencies)):
            choices.append((f"{ReportScope.REGENCY}:{regency.code}", f"{regency.name} ({regency.code})"))
    return choices


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2021-09", "pattern": r"\d{4}-\d{2}"})
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2021-09.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_period(value)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, dt.date) else value


class CompileForm(forms.Form):
    period = MonthField(label=_("Month"))
    target = forms.CharField(label=_("Scope"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = compile_targets(user) if user is not None else []
        if choices and not self.is_bound:
            self.fields["target"].widget = forms.Select(choices=choices)
        self.target_choices = choices

    def clean_period(self):
        period = self.cleaned_data["period"]
        check_compile_period(period)
        return period

    def clean_target(self):
        value = self.cleaned_data["target"]
        scope, _sep, code = value.partition(":")
        try:
            target, _name = resolve_target(scope, code or None)
        except CompileError as error:
            raise forms.ValidationError(_("Unknown scope.")) from error
        if not may_compile(self.user, target.scope, target.code):
            raise forms.ValidationError(_("You may not compile reports for this scope."))
        return target


class PlmForm(ScopedFormMixin, forms.ModelForm):
    period = MonthField(
        label=_("Month reviewed"), help_text=_("The month whose progress reports the meeting reviewed.")
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
            "libraries",
            "other_participants",
            "findings",
            "areas_of_improvement",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "libraries": forms.SelectMultiple(attrs={"size": 12}),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "areas_of_improvement": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["libraries"].queryset = self.fields["libraries"].queryset.select_related("regency")
        self.fields["libraries"].help_text = _("Hold Ctrl (or Cmd) to choose several.")


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
