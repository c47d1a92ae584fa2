"""The work plan forms: a library's plan (its library among those the user may write in) or a regency's."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from foundation.scope import CHANGE, scope_for
from foundation.views.generic import ScopedFormMixin
from libraries.forms.common import LibraryChoiceMixin
from libraries.models import Regency
from reports.models import WorkPlan
from reports.models.plans import REGENCY_ONLY, TARGETS

TARGET_FIELDS = list(TARGETS)


class LibraryPlanForm(LibraryChoiceMixin, ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["library", "year", *[name for name in TARGET_FIELDS if name not in REGENCY_ONLY], "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_library(WorkPlan)
        for name in TARGET_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": "0"})


class RegencyPlanForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["regency", "year", *TARGET_FIELDS, "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["regency"]
        field.required = True
        field.queryset = writable_regencies(self.user)
        field.help_text = _("The regency's or city's own plan.")
        if self.instance.pk:
            field.disabled = True


def writable_regencies(user):
    """The regencies/cities whose own plan ``user`` may write (regency and provincial staff, administrators)."""
    area = scope_for(user).area(CHANGE, WorkPlan) if user is not None else None
    if area is None or area.is_empty:
        return Regency.objects.none()
    if area.national:
        return Regency.objects.order_by("name")
    return Regency.objects.filter(Q(province__in=area.provinces) | Q(code__in=area.regencies)).order_by("name")


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What to revise"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
