"""The KPI thresholds in the admin: targets per month, points and colour cut-offs, with the formula they make."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from reports.models import KpiThreshold

from . import formula


@admin.register(KpiThreshold)
class KpiThresholdAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "green_above", "yellow_above", "engagement_weight", "participants_weight", "note"]
    readonly_fields = ["formula"]
    fieldsets = [
        (None, {"fields": ["valid_from", "note", "formula"]}),
        (
            _("Targets per month and points"),
            {"fields": [(f"{name}_target", f"{name}_weight") for name in KpiThreshold.INDICATORS]},
        ),
        (_("Colours"), {"fields": ["green_above", "yellow_above"]}),
    ]

    @admin.display(description=_("Formula"))
    def formula(self, obj):
        source = obj if obj and obj.pk else KpiThreshold()
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((r["label"], r["counts"], r["target"], r["weight"]) for r in formula.formula_rows(source.as_dict())),
        )
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody>"
            "</table><p>{}</p>",
            _(
                "Points = weight * min(1, count / (target per month * months of the period)), rounded to one "
                "decimal; the score is their sum. A partner with no record in the period is not yet scored."
            ),
            _("Indicator"),
            _("Counts"),
            _("Target per month"),
            _("Points"),
            rows,
            _("Green above %(green)s, yellow above %(yellow)s, red otherwise.")
            % {"green": source.green_above, "yellow": source.yellow_above},
        )
