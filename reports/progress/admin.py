"""Admin for progress reports, compile jobs, KPI thresholds and Peer Learning Meetings."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from reports.models import CompileJob, KpiThreshold, ProgressReport

from . import kpi


@admin.register(KpiThreshold)
class KpiThresholdAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "green_min", "yellow_min", "reporting_weight", "engagement_weight", "note"]
    readonly_fields = ["formula"]
    fieldsets = [
        (None, {"fields": ["valid_from", "note", "formula"]}),
        (_("Reporting"), {"fields": ["reporting_weight", "late_report_credit"]}),
        (
            _("Activities"),
            {
                "fields": [
                    ("engagement_target", "engagement_weight"),
                    ("participants_target", "participants_weight"),
                    ("advocacy_target", "advocacy_weight"),
                    ("publication_target", "publication_weight"),
                ]
            },
        ),
        (_("Colours"), {"fields": ["green_min", "yellow_min"]}),
    ]

    @admin.display(description=_("Formula"))
    def formula(self, obj):
        source = obj if obj and obj.pk else KpiThreshold()
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((r["label"], r["target"], r["weight"]) for r in kpi.formula_rows(source.as_dict())),
        )
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>"
            "<p>{}</p>",
            _("Points = weight * min(1, count / target), rounded to one decimal; the score is their sum."),
            _("Indicator"),
            _("Target"),
            _("Points"),
            rows,
            _("Green from %(green)s, yellow from %(yellow)s, red below.")
            % {"green": source.green_min, "yellow": source.yellow_min},
        )


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
