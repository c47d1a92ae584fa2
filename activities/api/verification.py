"""What every record endpoint has: ``POST {id}/verify/`` and ``POST {id}/return/``, and the save path of a change.

A change by a librarian to a verified or returned record sends it back to its verifiers
(``verification.corrected`` / ``record_correction``), in the same transaction as the change: the pages do
the same (``activities.editing.CorrectionMixin``).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from foundation.api.serializers import ReturnSerializer, VerifySerializer

from .. import verification


class VerificationActionsMixin:
    """For a ``ScopedModelViewSet`` of a verifiable record: the record is looked up in the user's view area
    (404 outside), the role checked by ``activities.verification`` (403), the state (400)."""

    def perform_create(self, serializer):
        self.save_in_area(serializer, created_by=self.request.user)

    def perform_update(self, serializer):
        user = self.request.user
        back_in_queue = verification.corrected(serializer.instance, user)
        then = (lambda record: verification.record_correction(record, user)) if back_in_queue else None
        self.save_in_area(serializer, then=then)

    def _step(self, request, apply):
        record = self.get_object()
        try:
            apply(record)
        except verification.TransitionError as error:
            raise serializers.ValidationError({error.field or "non_field_errors": [error.message]}) from error
        record = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data)

    @extend_schema(request=VerifySerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def verify(self, request, pk=None):
        """Verify the record (regency or provincial staff of its library or region, administrators)."""
        body = VerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(
            request, lambda record: verification.verify(record, request.user, body.validated_data["comment"])
        )

    @extend_schema(request=ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[IsAuthenticated])
    def return_record(self, request, pk=None):
        """Return the record to its library with a comment saying what to correct."""
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = body.validated_data["comment"]
        return self._step(request, lambda record: verification.return_record(record, request.user, comment))
