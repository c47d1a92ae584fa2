"""Monthly reports: list, form pre-filled from the month's activities, workflow steps, reminders sent."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views import View

from activities.models import Activity
from foundation.counting import cached_count
from foundation.digits import as_id
from foundation.months import MonthField, previous_month
from foundation.views import generic
from foundation.views.mixins import VerifiedReadingMixin
from libraries.forms.common import writable_libraries
from reports.choices import ReportAction
from reports.models import MonthlyReport
from reports.models.monthly import Reminder

from . import workflow
from .filtersets import MonthlyReportFilterSet, ReminderFilterSet
from .forms import MonthlyReportForm, ReturnForm
from .reminders import outstanding_libraries
from .tables import MonthlyReportTable, ReminderTable


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def default_period() -> dt.date:
    """The month a librarian usually reports on: the one that just ended."""
    return previous_month(timezone.localdate())


def prefill(library, period: dt.date) -> dict:
    """The month's activity counts (one aggregate query) and the book stock carried over from the last report."""
    figures = Activity.objects.filter(library=library).in_month(period).month_counts()
    last = (
        MonthlyReport.objects.filter(library=library, period__lt=period)
        .order_by("-period")
        .values("books", "digital_books")
        .first()
    )
    return {**figures, **(last or {})}


#: Outstanding libraries listed under a month's reports; the filters narrow them down to the others.
OUTSTANDING_LISTED = 50


class MonthlyReportListView(VerifiedReadingMixin, generic.ObjectListView):
    template_name = "reports/monthly/monthlyreport_list.html"
    queryset = MonthlyReport.objects.select_related("library")
    filterset_class = MonthlyReportFilterSet
    table_class = MonthlyReportTable

    def get_table_data(self):
        data = super().get_table_data()
        form = self.filterset.form
        if form.is_valid() and form.cleaned_data.get("period"):
            # One month: its reports in the libraries' order, which PostgreSQL reads page by page from the
            # libraries' index (ordering by the month first made it sort the whole month: 30 ms at 10,000
            # libraries). A column the user sorts by replaces this order.
            data = data.order_by("library__province_id", "library__regency_id", "library__name", "library_id")
        return data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        period = form.cleaned_data.get("period") if form.is_valid() else None
        if period:
            # Libraries expected to report for this month whose report is not in (or was returned).
            outstanding = outstanding_libraries(period).restrict(self.request.user)
            for name in ("library", "province", "regency"):
                value = form.cleaned_data.get(name)
                if value:
                    outstanding = outstanding.filter(**({"pk": value.pk} if name == "library" else {name: value}))
            for name, lookup in (("cohort", "cohort_year"), ("partner_type", "partner_type")):
                if form.cleaned_data.get(name):
                    outstanding = outstanding.filter(**{lookup: form.cleaned_data[name]})
            # The first ones listed; all of them counted only when there are more (a count kept until a
            # library or a monthly report changes: ``foundation.counting``).
            rows = list(outstanding[:OUTSTANDING_LISTED])
            context["outstanding"] = rows
            context["outstanding_total"] = cached_count(outstanding) if len(rows) == OUTSTANDING_LISTED else len(rows)
            context["outstanding_period"] = period
        return context


class MonthlyReportDetailView(generic.ObjectDetailView):
    template_name = "reports/monthly/monthlyreport_detail.html"
    queryset = MonthlyReport.objects.select_related("library", "library__regency", "library__province", "verified_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["events"] = list(report.events.select_related("actor"))
        context["recorded"] = Activity.objects.filter(library=report.library).in_month(report.period).month_counts()
        context["actions"] = workflow.allowed_actions(self.request.user, report)
        context["can_edit"] = report.is_editable and context["can_change"]
        if "return" in context["actions"]:
            context["return_form"] = ReturnForm()
        return context


class ReportEditMixin:
    model = MonthlyReport
    template_name = "reports/monthly/monthlyreport_form.html"
    form_class = MonthlyReportForm

    def finish(self, report: MonthlyReport, message: str):
        if "submit_report" in self.request.POST:
            try:
                workflow.submit(report, self.request.user)
                message = _("The report was submitted.")
            except workflow.TransitionError as error:
                message = str(error.message)
        if wants_json(self.request):
            return JsonResponse({"ok": True, "id": report.pk, "url": report.get_absolute_url()})
        messages.success(self.request, message)
        return HttpResponseRedirect(report.get_absolute_url())

    def form_invalid(self, form):
        if wants_json(self.request):
            errors = {
                name: [{"message": strip_tags(item["message"]), "code": item["code"]} for item in items]
                for name, items in form.errors.get_json_data().items()
            }
            duplicate = getattr(form, "_duplicate", None)
            body = {"ok": False, "errors": errors, "existing_url": duplicate and duplicate.get_absolute_url()}
            return JsonResponse(body, status=400)
        return super().form_invalid(form)


class MonthlyReportCreateView(ReportEditMixin, generic.ObjectCreateView):
    def target(self):
        """The library and month asked for in the address (``?library=ID&period=YYYY-MM``), within scope."""
        libraries = writable_libraries(self.request.user, MonthlyReport)
        library_id = self.request.GET.get("library", "")
        library = libraries.filter(pk=as_id(library_id)).first() if as_id(library_id) else None
        if library is None:
            only = list(libraries[:2])
            library = only[0] if len(only) == 1 else None
        try:
            period = MonthField(required=False).clean(self.request.GET.get("period")) or default_period()
        except Exception:  # a malformed month: start from the default
            period = default_period()
        return library, period

    def get(self, request, *args, **kwargs):
        library, period = self.target()
        if library is not None:
            existing = MonthlyReport.objects.filter(library=library, period=period).first()
            if existing is not None:
                messages.info(request, _("This library already has a report for this month."))
                return redirect(existing)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = None
        form = self.get_form()
        try:
            token = form.fields["client_token"].clean(form["client_token"].value())
        except ValidationError:
            token = None
        if token:
            # A repeated submit (its first answer was lost on the way): show what the first one created.
            existing = MonthlyReport.objects.restrict(request.user).filter(client_token=token).first()
            if existing is not None:
                if wants_json(request):
                    return JsonResponse({"ok": True, "id": existing.pk, "url": existing.get_absolute_url()})
                return redirect(existing)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def get_initial(self):
        library, period = self.target()
        initial = {"period": period}
        if library is not None:
            initial.update(library=library.pk, **prefill(library, period))
        return initial

    def form_valid(self, form):
        report = form.save(commit=False)
        report.created_by = self.request.user
        report.client_token = form.cleaned_data.get("client_token")
        try:
            with transaction.atomic():
                report.save()
                workflow.record(report, ReportAction.CREATED, self.request.user)
        except IntegrityError:
            # The same form sent twice: the first one created the report.
            existing = MonthlyReport.objects.filter(library=report.library, period=report.period).first()
            if existing is None:
                raise
            return self.finish(existing, _("The report was saved."))
        return self.finish(report, _("The report was saved as a draft."))


class MonthlyReportUpdateView(ReportEditMixin, generic.ObjectUpdateView):
    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        if not report.is_editable:
            raise PermissionDenied(workflow.LOCKED)
        return report

    def post(self, request, *args, **kwargs):
        report = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not report.is_editable and wants_json(request):
            # Most likely a repeated "save and submit" whose first answer was lost: show the report.
            return JsonResponse({"ok": False, "locked": True, "url": report.get_absolute_url()}, status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            workflow.check_editable(form.instance)
            report = form.save()
        return self.finish(report, _("The report was saved."))


class TransitionView(View):
    """POST only: one workflow step on a report within the user's scope."""

    success_message = ""

    def apply(self, report):
        raise NotImplementedError

    def report(self, pk):
        return get_object_or_404(MonthlyReport.objects.restrict(self.request.user).select_related("library"), pk=pk)

    def post(self, request, pk):
        report = self.report(pk)
        try:
            self.apply(report)
        except workflow.TransitionError as error:
            if wants_json(request):
                return JsonResponse({"ok": False, "error": str(error.message)}, status=400)
            messages.error(request, error.message)
        else:
            if wants_json(request):
                return JsonResponse({"ok": True, "status": report.status})
            messages.success(request, self.success_message)
        return redirect(report)


class SubmitView(TransitionView):
    success_message = _("The report was submitted.")

    def apply(self, report):
        workflow.submit(report, self.request.user)


class VerifyView(TransitionView):
    success_message = _("The report was verified.")

    def apply(self, report):
        workflow.verify(report, self.request.user)


class ReturnView(TransitionView):
    """A page with the comment form (GET), and the step itself (POST); the comment is required."""

    success_message = _("The report was returned to the library with your comment.")

    def get(self, request, pk):
        report = self.report(pk)
        if not workflow.can_verify(request.user, report):
            raise PermissionDenied
        return self.render(report, ReturnForm())

    def render(self, report, form, status=200):
        context = {"object": report, "form": form, "can_return": report.status == "submitted"}
        return render(self.request, "reports/monthly/monthlyreport_return_form.html", context, status=status)

    def post(self, request, pk):
        report = self.report(pk)
        if not workflow.can_verify(request.user, report):
            raise PermissionDenied
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return self.render(report, form)
        self.comment = form.cleaned_data["comment"]
        return super().post(request, pk)

    def apply(self, report):
        workflow.return_report(report, self.request.user, self.comment)


class ReminderListView(generic.ObjectListView):
    queryset = Reminder.objects.with_people()
    filterset_class = ReminderFilterSet
    table_class = ReminderTable
    template_name = "reports/monthly/reminder_list.html"
