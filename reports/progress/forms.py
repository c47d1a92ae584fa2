"""The form that starts a compilation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.months import MonthField

from .access import check_compile_period, compile_targets, may_compile
from .compile import CompileError, resolve_target


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
