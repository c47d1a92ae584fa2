from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tpbis_portal.api.serializers import PeriodField, ScopedModelSerializer

from ..models import MonthlyReport


class MonthlyReportSerializer(ScopedModelSerializer):
    period = PeriodField(label=_("month"), help_text=_("The month reported on, as YYYY-MM."))
    deadline = serializers.DateTimeField(read_only=True, label=_("deadline"))
    on_time = serializers.BooleanField(
        read_only=True, allow_null=True, label=_("on time"), help_text=_("Null while the report is not submitted.")
    )

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "library",
            "period",
            "visitors",
            "loans",
            "new_members",
            "ict_users",
            "books",
            "digital_books",
            "problems",
            "next_steps",
            "status",
            "submitted_at",
            "verified_at",
            "verified_by",
            "return_comment",
            "deadline",
            "on_time",
            "created_at",
            "updated_at",
        ]
        # The workflow (submit, verify, return) alone moves these.
        read_only_fields = ["status", "submitted_at", "verified_at", "verified_by", "return_comment"]
        # One report per library and month: checked by the model's own validation (full_clean).
        validators = []
