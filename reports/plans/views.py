"""Work plan pages: the plans of the user's area, a plan's targets against its actuals month by month, proposing,
revising, agreeing and returning."""

from __future__ import annotations

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from foundation.scope import CHANGE, VIEW
from foundation.views import generic
from reports.models import WorkPlan

from . import workflow
from .actuals import actuals, expected_share
from .filtersets import WorkPlanFilterSet
from .forms import LibraryPlanForm, RegencyPlanForm, ReturnForm


class WorkPlanTable(tables.Table):
    owner = tables.Column(
        empty_values=(), verbose_name=_("Library or regency/city"), linkify=lambda record: record.get_absolute_url()
    )
    year = tables.Column(verbose_name=_("Year"))
    regency = tables.Column(verbose_name=_("Regency/city"))
    status = tables.Column(verbose_name=_("Status"))
    updated_at = tables.DateColumn(verbose_name=_("Updated"))

    class Meta:
        model = WorkPlan
        fields = ["owner", "year", "regency", "status", "updated_at"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No work plans.")

    def render_owner(self, record):
        return record.library.name if record.library_id else record.regency.name


class WorkPlanListView(generic.ObjectListView):
    queryset = WorkPlan.objects.select_related("library", "regency", "province")
    filterset_class = WorkPlanFilterSet
    table_class = WorkPlanTable
    template_name = "reports/plans/list.html"


class WorkPlanDetailView(generic.ObjectDetailView):
    queryset = WorkPlan.objects.select_related("library", "regency", "province", "proposed_by", "agreed_by")
    template_name = "reports/plans/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan_context(self.request, self.object))
        return context


def plan_context(request, plan: WorkPlan, return_form: ReturnForm | None = None) -> dict:
    """What the plan page shows besides the plan: its lines against the targets, and the steps the user may take."""
    lines = [line for line in actuals(plan) if line.name in plan.target_fields()]
    today = timezone.localdate()
    return {
        "lines": lines,
        "expected": int(expected_share(plan.year, today) * 100),
        "may_agree": workflow.may_agree(request.user, plan),
        "return_form": return_form or ReturnForm(),
    }


def _form_class(request, plan: WorkPlan | None = None):
    regency_plan = plan.is_regency_plan if plan else (request.GET.get("for") == "regency" or "regency" in request.POST)
    return RegencyPlanForm if regency_plan else LibraryPlanForm


class WorkPlanCreateView(generic.ObjectCreateView):
    model = WorkPlan
    template_name = "reports/plans/form.html"

    def get_form_class(self):
        return _form_class(self.request)

    def get_initial(self):
        initial = {"year": timezone.localdate().year}
        for name in ("library", "regency"):
            value = self.request.GET.get(name, "")
            if value and len(value) <= 20 and value.replace(".", "").isdigit():
                initial[name] = value
        return initial

    def form_valid(self, form):
        workflow.proposed(self.request.user, form.instance, creating=True)
        return super().form_valid(form)


class WorkPlanUpdateView(generic.ObjectUpdateView):
    model = WorkPlan
    template_name = "reports/plans/form.html"

    def get_form_class(self):
        return _form_class(self.request, self.object)

    def form_valid(self, form):
        workflow.proposed(self.request.user, form.instance, creating=False)
        return super().form_valid(form)


def _plan_to_step(request, pk) -> WorkPlan:
    plan = get_object_or_404(WorkPlan.objects.restrict(request.user, VIEW).select_related("library"), pk=pk)
    if not WorkPlan.objects.restrict(request.user, CHANGE).filter(pk=plan.pk).exists():
        raise PermissionDenied
    return plan


@require_POST
def agree(request, pk):
    plan = _plan_to_step(request, pk)
    with transaction.atomic():
        try:
            workflow.agree(request.user, plan)
        except workflow.StepError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The plan is agreed."))
    return HttpResponseRedirect(plan.get_absolute_url())


@require_POST
def return_plan(request, pk):
    plan = _plan_to_step(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        if not workflow.may_agree(request.user, plan):
            raise PermissionDenied
        context = {"object": plan, "workplan": plan, "can_change": True, **plan_context(request, plan, form)}
        return render(request, "reports/plans/detail.html", context, status=400)
    with transaction.atomic():
        try:
            workflow.return_plan(request.user, plan, form.cleaned_data["comment"])
        except workflow.StepError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The plan is returned for revision."))
    return HttpResponseRedirect(plan.get_absolute_url())
