"""The compile job as JSON: one shape for the API and the job page's progress bar."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foundation.api.serializers import PeriodField
from reports.models import CompileJob
from reports.models.progress import JobStatus


class CompileJobSerializer(serializers.ModelSerializer):
    """A compile job as the API and the job page's progress bar (``compile_job_status``) both read it."""

    period = PeriodField(read_only=True, label=_("month"))
    status_label = serializers.CharField(source="get_status_display", read_only=True, label=_("status"))
    step_label = serializers.CharField(source="get_step_display", read_only=True, label=_("step"))
    stalled = serializers.BooleanField(source="is_stalled", read_only=True, label=_("stalled"))
    can_retry = serializers.BooleanField(read_only=True, label=_("can be retried"))
    undispatched = serializers.BooleanField(
        read_only=True,
        label=_("waiting for the task queue"),
        help_text=_("The task queue was unavailable; the job is sent by itself when it is back."),
    )
    report_url = serializers.SerializerMethodField(label=_("report"))

    class Meta:
        model = CompileJob
        fields = [
            "id",
            "period",
            "scope",
            "code",
            "status",
            "status_label",
            "progress",
            "step",
            "step_label",
            "error",
            "stalled",
            "can_retry",
            "undispatched",
            "reports_written",
            "report_url",
            "attempts",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True, "example": "/reports/progress/2021-08/province/19/"})
    def get_report_url(self, job: CompileJob) -> str | None:
        """The compiled report's page, once the job is done."""
        return job.report_url() if job.status == JobStatus.DONE else None
