"""What every registry form shares: crispy layout without a form tag, dropdowns limited to what
the user may change, and a clear error when the chosen place lies outside the user's area."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.scope import CHANGE, scope_for
from foundation.views.generic import ScopedFormMixin

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
        area = scope_for(self.user).area(CHANGE, model)
        province_code = getattr(province, "pk", province)
        regency_code = getattr(regency, "pk", regency)
        if regency_code:
            allowed = area.covers(province=regency_code.split(".")[0], regency=regency_code)
        else:
            allowed = area.covers(province=province_code)
        if not allowed:
            self.add_error(field, _("You may only record this for the area you work in."))


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.regency or obj.province})"


class LibraryMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.regency or obj.province})"
