"""The letterhead page: provincial staff and administrators set the heading of their province's printed reports.

Saving it drops the kept PDFs of the province's reports, so the next download carries the new heading.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from foundation.scope import CHANGE, scope_for
from libraries.models import Province
from libraries.places import find_place
from reports.models import Letterhead, ProgressReportExport
from reports.models.progress import ExportFormat


class LetterheadForm(forms.ModelForm):
    class Meta:
        model = Letterhead
        fields = ["logo", "lines"]
        widgets = {"lines": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def may_edit_letterhead(user, code: str) -> bool:
    place = find_place("province", code)
    return place is not None and scope_for(user).area(CHANGE, Letterhead).covers(place)


def letterhead_edit(request, code):
    province = get_object_or_404(Province.objects.restrict(request.user), code=code)
    if not may_edit_letterhead(request.user, code):
        raise PermissionDenied
    instance = Letterhead.objects.filter(province=province).first() or Letterhead(province=province)
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            letterhead = form.save(commit=False)
            if letterhead.created_by_id is None:
                letterhead.created_by = request.user
            letterhead.save()
            ProgressReportExport.objects.filter(format=ExportFormat.PDF, report__province=province).delete()
        messages.success(request, _("Saved: the province's next printed reports carry this letterhead."))
        return redirect("reports:letterhead", code)
    return render(request, "reports/progress/letterhead_form.html", {"form": form, "province": province})
