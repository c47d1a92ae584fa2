from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.choices import Strategy, Verification
from foundation.api.serializers import PeriodField, ScopedModelSerializer, StrictCharField
from reports.choices import ReportAction, Timeliness
from reports.models import MonthlyReport, PeerLearningMeeting, PlmFollowUp, PlmPresentation, ProgressReport
from reports.models.kpi import KpiColour
from reports.models.monthly import ReportEvent
from reports.models.progress import ReportScope
from reports.monthly import workflow
from reports.progress.sql import BREAKDOWNS, SUMMED, breakdown_keys


class ReportEventSerializer(serializers.ModelSerializer):
    action = serializers.ChoiceField(choices=ReportAction.choices, read_only=True, label=_("action"))

    class Meta:
        model = ReportEvent
        fields = ["action", "actor", "comment", "created_at"]
        read_only_fields = fields


class MonthlyReportSerializer(ScopedModelSerializer):
    period = PeriodField(label=_("month"), help_text=_("The month reported on, as YYYY-MM."))
    deadline = serializers.DateTimeField(read_only=True, label=_("deadline"))
    on_time = serializers.BooleanField(
        read_only=True, allow_null=True, label=_("on time"), help_text=_("Null while the report is not submitted.")
    )
    timeliness = serializers.ChoiceField(
        choices=Timeliness.choices,
        read_only=True,
        label=_("timeliness"),
        help_text=_("On time or late once submitted (judged on the first submission); before that missing or not due."),
    )
    events = ReportEventSerializer(many=True, read_only=True, label=_("workflow steps"))
    verification = serializers.ChoiceField(
        choices=Verification.choices,
        read_only=True,
        label=_("verification"),
        help_text=_("The status read as every other record's: submitted (or draft) unverified, verified, returned."),
    )

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "library",
            "period",
            "visitors",
            "visitors_male",
            "visitors_female",
            "loans",
            "new_members",
            "ict_users",
            "books",
            "digital_books",
            "activities_service_improvement",
            "activities_community_engagement",
            "activities_advocacy",
            "activities_media_publication",
            "participants_male",
            "participants_female",
            "problems",
            "next_steps",
            "status",
            "verification",
            "submitted_at",
            "verified_at",
            "verified_by",
            "return_comment",
            "deadline",
            "on_time",
            "timeliness",
            "events",
            "created_by",
            "created_at",
            "updated_at",
        ]
        # The workflow (submit, verify, return) alone moves these.
        read_only_fields = ["status", "submitted_at", "verified_at", "verified_by", "return_comment", "created_by"]
        # One report per library and month: checked by the model's own validation (full_clean).
        validators = []

    def fixed_fields(self) -> dict[str, str]:
        return workflow.fixed_fields(self.instance)


STRATEGY_COUNTS = {
    "type": "object",
    "properties": {value: {"type": "integer"} for value in Strategy.values},
    "required": list(Strategy.values),
}
FIGURES = {
    "type": "object",
    "description": 'Counts for the scope and month; see the report page\'s "How the figures are counted".',
    "properties": {
        **{key: {"type": "number" if key == "advocacy_amount" else "integer"} for key, _column in SUMMED},
        "activities_by_strategy": STRATEGY_COUNTS,
        **{
            key: {
                "type": "object",
                "description": "The month's records by this field; not_recorded: records without it.",
                "properties": {value: {"type": "integer"} for value in breakdown_keys(key)},
            }
            for key in BREAKDOWNS
        },
        "kpi": {
            "type": "object",
            "description": "Partner libraries by KPI colour, and those not yet scored (nothing recorded).",
            "properties": {colour: {"type": "integer"} for colour in KpiColour.values},
        },
        "commitments": {
            "type": "object",
            "description": "Synergy-team commitments (not on library reports).",
            "properties": {name: {"type": "integer"} for name in ("open", "done", "overdue")},
        },
        "replication_funds": {
            "type": "number",
            "description": "Funds (Rp) of the year's replication programmes (not on library reports).",
        },
        "replication_villages": {
            "type": "integer",
            "description": "Villages of the year's replication programmes (not on library reports).",
        },
    },
    "required": [*(key for key, _column in SUMMED), "activities_by_strategy"],
    "additionalProperties": True,
}


@extend_schema_field(FIGURES)
class FiguresField(serializers.JSONField):
    pass


@extend_schema_field({"type": "object", "additionalProperties": True})
class ObjectField(serializers.JSONField):
    pass


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "text": {"type": "string"},
                "library": {"type": "string"},
                "library_id": {"type": "integer"},
                "date": {"type": "string"},
            },
            "additionalProperties": True,
        },
    }
)
class HighlightsField(serializers.JSONField):
    pass


class ProgressReportSerializer(serializers.ModelSerializer):
    period = PeriodField(read_only=True, label=_("month"))
    figures = FiguresField(read_only=True, label=_("figures"))
    previous = FiguresField(read_only=True, label=_("previous month's figures"))
    change = FiguresField(read_only=True, label=_("change from the previous month"))
    kpi = ObjectField(
        read_only=True, label=_("KPI"), help_text=_("A library's score, colour and points; the thresholds used.")
    )
    highlights = HighlightsField(read_only=True, label=_("highlights"))
    kpi_colour = serializers.ChoiceField(
        choices=KpiColour.choices,
        allow_blank=True,
        read_only=True,
        label=_("KPI colour"),
        help_text=_("A partner library's KPI colour, or not_scored; empty for the other scopes and non-partners."),
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "scope",
            "code",
            "period",
            "name",
            "province",
            "regency",
            "library",
            "figures",
            "previous",
            "change",
            "kpi",
            "kpi_score",
            "kpi_colour",
            "highlights",
            "compiled_at",
            "job",
        ]
        read_only_fields = fields


class CompileRequestSerializer(serializers.Serializer):
    period = PeriodField(label=_("month"))
    scope = serializers.ChoiceField(
        choices=ReportScope.choices, default=ReportScope.NATIONAL, label=_("scope"), required=False
    )
    code = StrictCharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        label=_("code"),
        help_text=_("Province or regency code, or the library's id; not needed for the nation."),
    )


class CompileStartedSerializer(serializers.Serializer):
    job = serializers.IntegerField(label=_("job"), help_text=_("Follow it at progress-reports/jobs/{job}/."))


class PresentationSerializer(ScopedModelSerializer):
    class Meta:
        model = PlmPresentation
        fields = ["id", "kind", "library", "presenter", "title", "summary", "solution"]


class FollowUpSerializer(ScopedModelSerializer):
    class Meta:
        model = PlmFollowUp
        fields = ["id", "action", "owner", "due_date", "status", "notes"]


class PeerLearningMeetingSerializer(ScopedModelSerializer):
    """A PLM with its presentations and follow-up actions; sending either list replaces it (as the form's rows)."""

    period = PeriodField(label=_("month reviewed"), help_text=_("The month whose progress reports were reviewed."))
    presentations = PresentationSerializer(many=True, required=False, label=_("presentations"))
    follow_ups = FollowUpSerializer(many=True, required=False, label=_("follow-up actions"))

    class Meta:
        model = PeerLearningMeeting
        fields = [
            "id",
            "title",
            "level",
            "province",
            "regency",
            "date",
            "mode",
            "host",
            "place",
            "period",
            "libraries",
            "other_participants",
            "findings",
            "areas_of_improvement",
            "presentations",
            "follow_ups",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_by"]
        extra_kwargs = {"libraries": {"help_text": _("Ids of the participating libraries in your area.")}}

    CHILDREN = {"presentations": PlmPresentation, "follow_ups": PlmFollowUp}

    def create(self, validated_data):
        rows = {name: validated_data.pop(name, None) for name in self.CHILDREN}
        meeting = super().create(validated_data)
        self.save_children(meeting, rows)
        return meeting

    def update(self, instance, validated_data):
        rows = {name: validated_data.pop(name, None) for name in self.CHILDREN}
        meeting = super().update(instance, validated_data)
        self.save_children(meeting, rows)
        return meeting

    def save_children(self, meeting, rows) -> None:
        for name, model in self.CHILDREN.items():
            if rows[name] is None:
                continue
            model.objects.filter(meeting=meeting).delete()
            model.objects.bulk_create(model(meeting=meeting, **row) for row in rows[name])
