from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["library", "period", "status", "visitors", "loans", "ict_users"]
    list_filter = ["status", "period"]
    search_fields = ["library__name"]
    raw_id_fields = ["library", "verified_by"]
    list_select_related = ["library"]


# Progress reports, KPI thresholds and Peer Learning Meetings.
from . import progress_admin  # noqa: E402, F401
