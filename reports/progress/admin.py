"""Admin for progress reports and compile jobs."""

from django.contrib import admin

from reports.models import CompileJob, ProgressReport


@admin.register(CompileJob)
class CompileJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "period", "scope", "code", "status", "progress", "attempts", "created_by", "created_at"]
    list_filter = ["status", "scope"]
    readonly_fields = [f.name for f in CompileJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["name", "scope", "code", "period", "kpi_colour", "compiled_at"]
    list_filter = ["scope", "period"]
    search_fields = ["name", "code"]
    readonly_fields = [f.name for f in ProgressReport._meta.fields]

    def has_add_permission(self, request):
        return False
