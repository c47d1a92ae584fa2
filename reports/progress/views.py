"""Progress-report pages: reports per scope and month, their records, exports and compile jobs."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from evidence import quality as evidence_quality
from foundation.digits import as_id
from foundation.months import month_start, next_month, previous_month
from foundation.scope import CHANGE, VIEW, can_change, scope_for
from libraries.models import Province, Regency
from reports.models import CompileJob, ProgressReport
from reports.models.kpi import KpiColour
from reports.models.progress import NATIONAL_CODE, ExportFormat, ReportScope
from reports.plans.summary import area_plans, report_place

from . import exports, jobs
from .access import may_compile, may_view_scope
from .forms import CompileForm
from .freshness import changed_since_compiled
from .letterheads import may_edit_letterhead
from .presenters import RECORD_KIND_LABELS, ReportPresenter, safe_reverse
from .serializers import CompileJobSerializer

logger = logging.getLogger(__name__)


def breadcrumbs(user, report: ProgressReport) -> list[tuple[str, str | None]]:
    """National → province → regency → library; a level the user may not open is shown without a link."""
    period = report.period_key
    crumbs = []

    def add(scope, code, name):
        url = None
        if (scope, code) != (report.scope, report.code) and may_view_scope(
            user, scope, code, report.province_id, report.regency_id
        ):
            url = reverse("reports:progress_detail", args=[period, scope, code])
        crumbs.append((name, url))

    add(ReportScope.NATIONAL, NATIONAL_CODE, _("National"))
    if report.province_id:
        add(ReportScope.PROVINCE, report.province_id, report.province.name)
    if report.regency_id:
        add(ReportScope.REGENCY, report.regency_id, report.regency.name)
    if report.scope == ReportScope.LIBRARY:
        add(ReportScope.LIBRARY, report.code, report.name)
    return crumbs


def get_report(request, period, scope, code) -> ProgressReport:
    return get_object_or_404(
        ProgressReport.objects.restrict(request.user).select_related("province", "regency", "library", "job"),
        period=period,
        scope=scope,
        code=code,
    )


def progress_index(request):
    """The user's reports by month, and (for staff) the form that starts a compilation."""
    user = request.user
    area = scope_for(user).area(VIEW)
    reports = ProgressReport.objects.restrict(user)
    if area.national:
        tops = reports.filter(scope=ReportScope.NATIONAL)
    elif area.provinces or area.regencies:
        tops = reports.filter(scope__in=[ReportScope.PROVINCE, ReportScope.REGENCY]).filter(
            code__in=sorted(area.provinces | area.regencies)
        )
    else:
        tops = reports.filter(scope=ReportScope.LIBRARY)
    tops = tops.only("scope", "code", "period", "name", "compiled_at", "figures").order_by("-period", "scope", "code")[
        :36
    ]
    can_compile = not scope_for(user).area(CHANGE, CompileJob).is_empty
    form = None
    if can_compile:
        form = CompileForm(user=user, initial={"period": previous_month(month_start(dt.date.today()))})
    recent_jobs = CompileJob.objects.restrict(user).select_related("created_by")[:10]
    return render(
        request,
        "reports/progress/index.html",
        {"reports": tops, "form": form, "jobs": recent_jobs, "can_compile": can_compile},
    )


def progress_detail(request, period, scope, code):
    report = ProgressReport.objects.restrict(request.user).select_related("province", "regency", "library", "job")
    report = report.filter(period=period, scope=scope, code=code).first()
    if report is None:
        return _not_compiled(request, period, scope, code)
    children = list(ProgressReport.objects.restrict(request.user).children_of(report).order_by("name"))
    presenter = ReportPresenter(report, children)
    latest_job = (
        CompileJob.objects.restrict(request.user)
        .filter(period=period, scope=scope, code=code)
        .order_by("-created_at")
        .first()
    )
    context = {
        "report": report,
        "p": presenter,
        "breadcrumbs": breadcrumbs(request.user, report),
        "previous_url": reverse("reports:progress_detail", args=[f"{previous_month(period):%Y-%m}", scope, code]),
        "next_url": reverse("reports:progress_detail", args=[f"{next_month(period):%Y-%m}", scope, code])
        if next_month(period) <= month_start(dt.date.today())
        else None,
        "may_compile": may_compile(request.user, scope, code),
        "letterhead_url": reverse("reports:letterhead", args=[report.province_id])
        if report.province_id and may_edit_letterhead(request.user, report.province_id)
        else None,
        "latest_job": latest_job,
        "changed_at": changed_since_compiled(report),
        "monthly_reports_url": presenter.monthly_reports_url(),
        "briefing_url": reverse("reports:plm_briefing", args=[report.period_key, scope, code])
        if scope != ReportScope.LIBRARY
        else None,
        "kpi_url": reverse("reports:kpi_detail", args=[scope, code])
        + f"?period_from={report.period_key}&period_to={report.period_key}",
        "work_plans": area_plans(report_place(report), report.period),
        "quality": evidence_quality.panel(scope, code),
    }
    return render(request, "reports/progress/detail.html", context)


def _not_compiled(request, period, scope, code):
    """A month not compiled yet: say so (and offer to compile) inside the user's area, 404 outside."""
    if scope == ReportScope.LIBRARY:
        from libraries.models import Library

        library = Library.objects.restrict(request.user).filter(pk=as_id(code)).first()
        if library is None:
            raise Http404
        name = library.name
    elif scope == ReportScope.NATIONAL:
        if code != NATIONAL_CODE or not may_view_scope(request.user, scope, code):
            raise Http404
        name = _("National")
    else:
        model = Province if scope == ReportScope.PROVINCE else Regency
        place = model.objects.filter(code=code).first()
        if place is None or not may_view_scope(request.user, scope, code):
            raise Http404
        name = place.name
    allowed = may_compile(request.user, scope, code)
    context = {"name": name, "period": period, "scope": scope, "code": code, "may_compile": allowed}
    return render(request, "reports/progress/uncompiled.html", context, status=200 if allowed else 404)


RECORD_FILTERS = {
    "all": {},
    "expected": {"kpi__report__in": ["on_time", "late", "unknown", "missing"]},
    "submitted": {"kpi__report__in": ["on_time", "late", "unknown"]},
    "on_time": {"kpi__report": "on_time"},
    "late": {"kpi__report": "late"},
    "unknown": {"kpi__report": "unknown"},
    "missing": {"kpi__report": "missing"},
    "received": {"figures__reports_received": 1},
    "partners": {"kpi_colour__in": KpiColour.values},
    **{colour: {"kpi_colour": colour} for colour in KpiColour.values},
}


def progress_records(request, period, scope, code, kind):
    """The library snapshots behind a figure (e.g. the missing reports), from the same compilation."""
    if kind not in RECORD_FILTERS:
        raise Http404
    report = get_report(request, period, scope, code)
    rows = (
        ProgressReport.objects.restrict(request.user)
        .libraries_of(report)
        .filter(**RECORD_FILTERS[kind])
        .select_related("regency", "library")
        .order_by("regency__name", "name")
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    for row in page.object_list:
        report_id = (row.kpi or {}).get("report_id")
        row.monthly_report_url = safe_reverse("reports:monthlyreport_detail", args=[report_id]) if report_id else None
    context = {
        "report": report,
        "kind": kind,
        "kind_label": RECORD_KIND_LABELS[kind],
        "page_obj": page,
        "rows": page.object_list,
        "breadcrumbs": breadcrumbs(request.user, report),
        "monthly_reports_url": ReportPresenter(report).monthly_reports_url(),
    }
    return render(request, "reports/progress/records.html", context)


def progress_export(request, period, scope, code, fmt):
    if fmt not in ExportFormat.values:
        raise Http404
    report = get_report(request, period, scope, code)
    try:
        content = exports.export_for(report, fmt)
    except Exception as error:  # a failed render or a full disk: say so; only complete files are ever stored
        logger.exception("Export %s of %s failed", fmt, report)
        context = {"report": report, "fmt": fmt, "error": f"{type(error).__name__}: {error}"}
        return render(request, "reports/progress/export_failed.html", context, status=503)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, fmt)}"'
    return response


@require_POST
def compile_start(request):
    if scope_for(request.user).area(CHANGE, CompileJob).is_empty:
        raise PermissionDenied
    form = CompileForm(request.POST, user=request.user)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("reports:progress_index")
        return redirect(back)
    job = jobs.start(form.cleaned_data["period"], form.cleaned_data["target"], request.user)
    _warn_if_undispatched(request, job)  # enqueued after the commit (at once here: requests are not atomic)
    return redirect(job.get_absolute_url())


def _warn_if_undispatched(request, job: CompileJob) -> bool:
    """Tell the user when the job could not be sent to the workers (it stays queued and is sent later)."""
    job.refresh_from_db(fields=["status", "step"])
    if job.undispatched:
        messages.warning(
            request,
            _(
                "The task queue is unavailable right now. The compilation is saved and will start by itself "
                "when the queue is back; you can also press “Send again”."
            ),
        )
        return True
    return False


def _get_job(request, pk) -> CompileJob:
    return get_object_or_404(CompileJob.objects.restrict(request.user).select_related("created_by"), pk=pk)


def compile_job(request, pk):
    job = _get_job(request, pk)
    return render(
        request,
        "reports/progress/job.html",
        {"job": job, "may_change": can_change(request.user, job)},
    )


@never_cache
def compile_job_status(request, pk):
    job = _get_job(request, pk)
    # The same JSON as the API's compile job (one dialect for the page's progress bar and API clients).
    return JsonResponse(CompileJobSerializer(job).data)


@require_POST
def compile_job_retry(request, pk):
    job = _get_job(request, pk)
    if not can_change(request.user, job):
        raise PermissionDenied
    if jobs.retry(job):
        if not _warn_if_undispatched(request, job):
            messages.success(request, _("The compilation was queued again."))
    else:
        messages.info(request, _("This compilation is not failed or stalled; there is nothing to retry."))
    return redirect(job.get_absolute_url())
