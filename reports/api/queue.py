"""The verification queue in the API: ``GET verification-queue/`` and ``POST verification-queue/verify/``.

A row's ``type`` is the endpoint of its record (``activities``, ``advocacy``, ``publications``,
``service-snapshots``, ``replications``, ``monthly-reports``): ``POST /api/v1/{type}/{id}/verify/`` verifies or
returns one record; ``verification-queue/verify/`` verifies several of any types at once.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from activities.choices import Verification
from reports.queue.actions import may_verify, verify_selected
from reports.queue.forms import MAX_SELECTED, QueueFilterForm
from reports.queue.kinds import KIND_CHOICES, KINDS
from reports.queue.queue import Keys, Queue

LARGEST_ID = 2**63 - 1


class QueueRowSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=KIND_CHOICES, source="kind.slug", help_text=_("The record's endpoint."))
    id = serializers.IntegerField(source="record.pk")
    library = serializers.SerializerMethodField(help_text=_("Empty for a regional replication programme."))
    library_name = serializers.SerializerMethodField()
    province = serializers.SerializerMethodField()
    regency = serializers.SerializerMethodField()
    title = serializers.CharField()
    date = serializers.SerializerMethodField(help_text=_("Of a dated record (YYYY-MM-DD)."))
    period = serializers.SerializerMethodField(help_text=_("Of a monthly record (YYYY-MM)."))
    year = serializers.SerializerMethodField(help_text=_("Of a replication programme."))
    verification = serializers.ChoiceField(choices=Verification.choices, source="state")
    entered_on = serializers.DateField(allow_null=True)
    entered_by = serializers.CharField()
    evidence = serializers.IntegerField(allow_null=True, help_text=_("Photos, documents and evidence links."))
    figures = serializers.SerializerMethodField(help_text=_("The record's key figures by name."))

    def get_library(self, row) -> int | None:
        return row.record.library_id if row.library is not None else None

    def get_library_name(self, row) -> str:
        return row.place

    def get_province(self, row) -> str:
        return row.library.province_id if row.library is not None else row.record.province_id

    def get_regency(self, row) -> str | None:
        return row.library.regency_id if row.library is not None else row.record.regency_id

    def get_date(self, row) -> str | None:
        return row.date.isoformat() if row.kind.date_precision == "day" else None

    def get_period(self, row) -> str | None:
        return f"{row.date:%Y-%m}" if row.kind.date_precision == "month" else None

    def get_year(self, row) -> int | None:
        return row.date if row.kind.date_precision == "year" else None

    def get_figures(self, row) -> dict:
        return {figure.key: figure.value for figure in row.figures}


class BulkVerifySerializer(serializers.Serializer):
    """The records to verify: a list of ids per record type."""

    def get_fields(self):
        return {
            slug: serializers.ListField(
                child=serializers.IntegerField(min_value=1, max_value=LARGEST_ID),
                required=False,
                max_length=MAX_SELECTED,
                label=kind.label,
            )
            for slug, kind in KINDS.items()
        }

    def validate(self, attrs):
        chosen = {slug: sorted(set(ids)) for slug, ids in attrs.items() if ids}
        if not chosen:
            raise serializers.ValidationError(_("Name at least one record to verify."))
        if sum(len(ids) for ids in chosen.values()) > MAX_SELECTED:
            raise serializers.ValidationError(_("Verify at most %(max)d records at once.") % {"max": MAX_SELECTED})
        return chosen


class BulkResultSerializer(serializers.Serializer):
    verified = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text=_("Records named that were not verified."))
    not_allowed = serializers.IntegerField(help_text=_("Skipped: in your area, but not yours to verify."))
    not_waiting = serializers.IntegerField(help_text=_("Skipped: already verified, or no longer waiting."))


FILTERS = [
    OpenApiParameter("type", str, enum=list(KINDS), description=_("Only records of this type.")),
    OpenApiParameter("library", int, description=_("Only this library's records.")),
    OpenApiParameter("province", str, description=_("Only this province's records (its code).")),
    OpenApiParameter("regency", str, description=_("Only this regency's or city's records (its code).")),
]


class VerificationQueueViewSet(viewsets.GenericViewSet):
    """The records waiting for verification in your area, oldest first: every record type and the submitted
    monthly reports."""

    permission_classes = [IsAuthenticated]
    serializer_class = QueueRowSerializer
    filter_backends = []

    @extend_schema(parameters=FILTERS)
    def list(self, request):
        form = QueueFilterForm(request.query_params, request.user)
        if not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        queue = Queue(request.user, form.filters())
        keys = self.paginate_queryset(Keys(queue, queue.count()))
        return self.get_paginated_response(QueueRowSerializer(queue.rows(keys), many=True).data)

    @extend_schema(request=BulkVerifySerializer, responses=BulkResultSerializer)
    @action(detail=False, methods=["post"], serializer_class=BulkVerifySerializer)
    def verify(self, request):
        """Verify several records at once: those you may verify are verified, the others counted as skipped; a
        record outside your area is an error and nothing is verified."""
        if not may_verify(request.user):
            raise PermissionDenied(_("Only regency or provincial staff and administrators verify records."))
        body = BulkVerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = verify_selected(request.user, body.validated_data)
        if result.missing:
            message = _("Not found in your area: %(ids)s.")
            raise serializers.ValidationError(
                {slug: [message % {"ids": ", ".join(map(str, ids))}] for slug, ids in result.missing.items()}
            )
        body = {
            "verified": result.verified,
            "skipped": result.skipped,
            "not_allowed": result.not_allowed,
            "not_waiting": result.not_waiting,
        }
        return Response(BulkResultSerializer(body).data)
