from django.urls import path, register_converter

from foundation.months import parse_period
from reports.dashboards import views as dashboard_views
from reports.iplm import views as iplm_views
from reports.kpi import coaching
from reports.kpi import views as kpi_views
from reports.monthly import views
from reports.plans import views as plan_views
from reports.plm import views as plm_views
from reports.progress import letterheads
from reports.progress import views as progress_views
from reports.queue import record_views as queue_record_views
from reports.queue import views as queue_views

from .models.progress import ReportScope


class MonthConverter:
    """``2021-09`` in a URL ↔ 1 September 2021 in the view."""

    regex = r"[0-9]{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value):
        return parse_period(value)  # a month outside the years the portal takes: ValueError, so no match (404)

    def to_url(self, value):
        return value if isinstance(value, str) else f"{value:%Y-%m}"


class ReportScopeConverter:
    regex = "|".join(ReportScope.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(MonthConverter, "report_month")
register_converter(ReportScopeConverter, "report_scope")

app_name = "reports"

REPORT = "<report_month:period>/<report_scope:scope>/<str:code>"
AREA = "<report_scope:scope>/<str:code>"

urlpatterns = [
    path("monthly/", views.MonthlyReportListView.as_view(), name="monthlyreport_list"),
    path("monthly/add/", views.MonthlyReportCreateView.as_view(), name="monthlyreport_add"),
    path("monthly/<int:pk>/", views.MonthlyReportDetailView.as_view(), name="monthlyreport_detail"),
    path("monthly/<int:pk>/edit/", views.MonthlyReportUpdateView.as_view(), name="monthlyreport_edit"),
    path("monthly/<int:pk>/submit/", views.SubmitView.as_view(), name="monthlyreport_submit"),
    path("monthly/<int:pk>/verify/", views.VerifyView.as_view(), name="monthlyreport_verify"),
    path("monthly/<int:pk>/return/", views.ReturnView.as_view(), name="monthlyreport_return"),
    path("reminders/", views.ReminderListView.as_view(), name="reminder_list"),
    # The verification queue: the records waiting for their verifiers, and those returned to their libraries.
    path("queue/", queue_views.queue_page, name="queue"),
    path("queue/verify/", queue_views.verify_many, name="queue_verify"),
    path("queue/returned/", queue_views.returned_page, name="queue_returned"),
    path("queue/<slug:kind>/<int:pk>/", queue_record_views.record_page, name="queue_record"),
    path("queue/<slug:kind>/<int:pk>/verify/", queue_record_views.record_verify, name="queue_record_verify"),
    path("queue/<slug:kind>/<int:pk>/return/", queue_record_views.record_return, name="queue_record_return"),
    path("queue/<slug:kind>/<int:pk>/next/", queue_record_views.record_next, name="queue_record_next"),
    path("queue/<slug:kind>/<int:pk>/resubmit/", queue_record_views.record_resubmit, name="queue_record_resubmit"),
    path(
        "queue/<slug:kind>/<int:pk>/flags/<int:flag>/accept/",
        queue_record_views.accept_flag,
        name="queue_record_flag_accept",
    ),
    # Monthly progress reports, their records and exports, and the jobs that compile them.
    path("progress/", progress_views.progress_index, name="progress_index"),
    path("progress/compile/", progress_views.compile_start, name="compile_start"),
    path("progress/jobs/<int:pk>/", progress_views.compile_job, name="compile_job"),
    path("progress/jobs/<int:pk>/status/", progress_views.compile_job_status, name="compile_job_status"),
    path("progress/jobs/<int:pk>/retry/", progress_views.compile_job_retry, name="compile_job_retry"),
    path(f"progress/{REPORT}/", progress_views.progress_detail, name="progress_detail"),
    path(f"progress/{REPORT}/records/<slug:kind>/", progress_views.progress_records, name="progress_records"),
    path(f"progress/{REPORT}/export.<slug:fmt>", progress_views.progress_export, name="progress_export"),
    # The partners' KPI over any period, its export, and the formula.
    path("kpi/", kpi_views.kpi_home, name="kpi"),
    path("kpi/formula/", kpi_views.kpi_formula, name="kpi_formula"),
    path(f"kpi/{AREA}/", kpi_views.kpi_detail, name="kpi_detail"),
    path(f"kpi/{AREA}/export.<slug:fmt>", kpi_views.kpi_export, name="kpi_export"),
    path(f"kpi/{AREA}/at-risk/", coaching.at_risk_page, name="kpi_at_risk"),
    # The contribution to the literacy development index (IPLM) per year, its workbook, and its sources.
    path("iplm/", iplm_views.iplm_home, name="iplm"),
    path("iplm/sources/", iplm_views.iplm_sources, name="iplm_sources"),
    path(f"iplm/{AREA}/", iplm_views.iplm_detail, name="iplm_detail"),
    path(f"iplm/{AREA}/export.xlsx", iplm_views.iplm_export, name="iplm_export"),
    # Dashboards: national, province, regency/city and library, live; the libraries behind a figure; map; Excel.
    path("dashboard/", dashboard_views.dashboard_home, name="dashboard"),
    path(f"dashboard/{AREA}/", dashboard_views.dashboard_detail, name="dashboard_detail"),
    path(f"dashboard/{AREA}/libraries/", dashboard_views.dashboard_libraries, name="dashboard_libraries"),
    path(f"dashboard/{AREA}/map.json", dashboard_views.dashboard_map, name="dashboard_map"),
    path(f"dashboard/{AREA}/export.xlsx", dashboard_views.dashboard_export, name="dashboard_export"),
    # Work plans: a library's or a regency's targets for a year, against its actuals.
    path("plans/", plan_views.WorkPlanListView.as_view(), name="workplan_list"),
    path("plans/add/", plan_views.WorkPlanCreateView.as_view(), name="workplan_add"),
    path("plans/<int:pk>/", plan_views.WorkPlanDetailView.as_view(), name="workplan_detail"),
    path("plans/<int:pk>/edit/", plan_views.WorkPlanUpdateView.as_view(), name="workplan_edit"),
    path("plans/<int:pk>/agree/", plan_views.agree, name="workplan_agree"),
    path("plans/<int:pk>/return/", plan_views.return_plan, name="workplan_return"),
    # Peer Learning Meetings and their briefing pack.
    path("plm/", plm_views.PlmListView.as_view(), name="plm_list"),
    path("plm/add/", plm_views.PlmCreateView.as_view(), name="plm_add"),
    path("plm/<int:pk>/", plm_views.PlmDetailView.as_view(), name="plm_detail"),
    path("plm/<int:pk>/edit/", plm_views.PlmUpdateView.as_view(), name="plm_edit"),
    path("plm/<int:pk>/review/", plm_views.PlmReviewView.as_view(), name="plm_review"),
    path("plm/<int:pk>/delete/", plm_views.PlmDeleteView.as_view(), name="plm_delete"),
    path(f"plm/briefing/{REPORT}/", plm_views.plm_briefing, name="plm_briefing"),
    path("letterhead/<str:code>/", letterheads.letterhead_edit, name="letterhead"),
    path(f"plm/briefing/{REPORT}/pdf/", plm_views.plm_briefing_pdf, name="plm_briefing_pdf"),
]
