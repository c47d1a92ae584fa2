from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import MonthlyReport
from reports.models.monthly import Reminder, ReportEvent


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    raw_id_fields = ["actor"]
    readonly_fields = ["action", "actor", "comment", "created_at"]
    can_delete = False


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["library", "period", "status", "visitors", "loans", "ict_users"]
    list_filter = ["status", "period"]
    search_fields = ["library__name"]
    raw_id_fields = ["library", "verified_by", "created_by"]
    list_select_related = ["library"]
    inlines = [ReportEventInline]
    # The state moves only through the workflow (reports/monthly/workflow.py), which records each step and its author.
    readonly_fields = ["status", "submitted_at", "verified_at", "verified_by", "return_comment"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "period", "kind", "reason", "email", "library", "regency", "status"]
    list_filter = ["kind", "reason", "status", "period"]
    raw_id_fields = ["recipient", "library", "regency", "province"]
    list_select_related = ["library", "regency"]
