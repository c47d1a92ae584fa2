"""Work plans in the API: ``work-plans/`` (read and write within scope) with each plan's actuals, and the
``agree/`` and ``return/`` steps of the level above."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from foundation.api.serializers import ScopedModelSerializer
from foundation.api.viewsets import ScopedModelViewSet
from reports.models import WorkPlan
from reports.models.plans import TARGETS
from reports.plans import workflow
from reports.plans.actuals import actuals
from reports.plans.filtersets import WorkPlanFilterSet


class WorkPlanSerializer(ScopedModelSerializer):
    actuals = serializers.SerializerMethodField(help_text=_("Per indicator: the year's total recorded so far."))

    class Meta:
        model = WorkPlan
        fields = ["id", "library", "regency", "province", "year", *TARGETS, "note", "status", "return_comment",
                  "proposed_by", "agreed_by", "agreed_at", "updated_at", "actuals"]  # fmt: skip
        read_only_fields = ["province", "status", "return_comment", "proposed_by", "agreed_by", "agreed_at"]

    def fixed_fields(self) -> dict[str, str]:
        """A plan stays with its library or regency (a library's plan takes its regency from the library)."""
        why = _("A plan does not move to another library or regency.")
        if self.instance is not None and self.instance.library_id is not None:
            return {"library": why}
        return {"library": why, "regency": why}

    def get_actuals(self, plan) -> dict[str, int]:
        if not self.context.get("with_actuals"):
            return {}
        return {line.name: line.total for line in actuals(plan) if line.name in plan.target_fields()}


class ReturnPlanSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)


class WorkPlanViewSet(ScopedModelViewSet):
    """A library's or a regency's targets for a year. A library's plan names ``library``; a regency's own plan
    names ``regency`` and no library. The actuals are given for one plan (``GET work-plans/{id}/``)."""

    queryset = WorkPlan.objects.select_related("library", "regency")
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilterSet

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "with_actuals": self.action == "retrieve"}

    def perform_create(self, serializer):
        user = self.request.user

        def propose(plan):
            workflow.proposed(user, plan, creating=True)
            plan.save()

        self.save_in_area(serializer, then=propose)

    def perform_update(self, serializer):
        user = self.request.user

        def propose(plan):
            workflow.proposed(user, plan, creating=False)
            plan.save()

        self.save_in_area(serializer, then=propose)

    def _step(self, request, step, *args):
        plan = self.get_object()
        try:
            with transaction.atomic():
                step(request.user, plan, *args)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except workflow.StepError as error:
            raise serializers.ValidationError({error.field or "status": [error.message]}) from error
        return Response(WorkPlanSerializer(plan, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=WorkPlanSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request, pk=None):
        """Agree the plan (the level above)."""
        return self._step(request, workflow.agree)

    @extend_schema(request=ReturnPlanSerializer, responses=WorkPlanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request, pk=None):
        """Return the plan for revision with a comment (the level above)."""
        body = ReturnPlanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(request, workflow.return_plan, body.validated_data["comment"])
