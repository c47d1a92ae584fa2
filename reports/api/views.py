from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from foundation.api.schema import ErrorSerializer, FieldErrorsSerializer
from foundation.api.serializers import ReturnSerializer, VerifySerializer
from foundation.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, ScopedViewSetMixin
from foundation.scope import CHANGE, scope_for
from libraries.models import Library
from reports.choices import ReportAction
from reports.models import CompileJob, MonthlyReport, PeerLearningMeeting, ProgressReport
from reports.monthly import workflow
from reports.monthly.filtersets import MonthlyReportFilterSet
from reports.plm.filtersets import PlmFilterSet
from reports.progress import jobs
from reports.progress.access import check_compile_period, may_compile, may_view_scope
from reports.progress.compile import CompileError, resolve_target
from reports.progress.filtersets import CompileJobFilterSet, ProgressReportFilterSet
from reports.progress.serializers import CompileJobSerializer

from .serializers import (
    CompileRequestSerializer,
    CompileStartedSerializer,
    MonthlyReportSerializer,
    PeerLearningMeetingSerializer,
    ProgressReportSerializer,
)

WORKFLOW_RESPONSES = {
    200: MonthlyReportSerializer,
    400: OpenApiResponse(FieldErrorsSerializer, description=_("The report is not in a state for this step.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Your role may not take this step on this report.")),
}


class MonthlyReportViewSet(ScopedModelViewSet):
    """Monthly reports of the libraries in the user's area; the workflow actions move ``status``.

    Drafts and returned reports can be changed (or deleted); submitted and verified ones are locked.
    """

    queryset = MonthlyReport.objects.prefetch_related("events")
    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet

    def get_object(self):
        report = super().get_object()
        if self.action in {"update", "partial_update", "destroy"} and not report.is_editable:
            raise PermissionDenied(workflow.LOCKED)
        return report

    def perform_create(self, serializer):
        user = self.request.user
        self.save_in_area(
            serializer, then=lambda report: workflow.record(report, ReportAction.CREATED, user), created_by=user
        )

    def perform_update(self, serializer):
        with transaction.atomic():
            workflow.check_editable(serializer.instance)
            self.save_in_area(serializer)

    def perform_destroy(self, instance):
        with transaction.atomic():
            workflow.check_editable(instance)
            super().perform_destroy(instance)

    def step(self, request, apply):
        report = self.get_object()
        try:
            apply(report)
        except workflow.TransitionError as error:
            raise serializers.ValidationError({error.field or "non_field_errors": [error.message]}) from error
        report = self.get_queryset().get(pk=report.pk)
        return Response(MonthlyReportSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=WORKFLOW_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def submit(self, request, pk=None):
        """Submit a draft or returned report (its library's librarian, or staff of its area)."""
        return self.step(request, lambda report: workflow.submit(report, request.user))

    @extend_schema(request=VerifySerializer, responses=WORKFLOW_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def verify(self, request, pk=None):
        """Verify a submitted report (regency or provincial staff of its library, administrators)."""
        body = VerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.step(request, lambda report: workflow.verify(report, request.user, body.validated_data["comment"]))

    @extend_schema(request=ReturnSerializer, responses=WORKFLOW_RESPONSES)
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[IsAuthenticated])
    def return_report(self, request, pk=None):
        """Return a submitted report to its library with a comment saying what to correct."""
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = body.validated_data["comment"]
        return self.step(request, lambda report: workflow.return_report(report, request.user, comment))


class ProgressReportViewSet(ScopedReadOnlyViewSet):
    """Compiled monthly progress reports (snapshots) of the scopes in the user's area.

    ``?period=2021-09&scope=province&code=19`` finds one report; ``compile/`` starts a compilation.
    """

    queryset = ProgressReport.objects.all()
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilterSet

    def get_serializer_class(self):
        return CompileRequestSerializer if self.action == "compile" else ProgressReportSerializer

    @extend_schema(
        request=CompileRequestSerializer,
        responses={
            202: CompileStartedSerializer,
            403: OpenApiResponse(ErrorSerializer, description=_("You may not compile reports for this scope.")),
        },
    )
    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated])
    def compile(self, request):
        """Start compiling a month's progress reports for a scope and every scope inside it (staff and consultants, in
        their area: compiling changes no record)."""
        if scope_for(request.user).area(CHANGE, CompileJob).is_empty:
            raise PermissionDenied(_("You may not compile reports for this scope."))
        body = CompileRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        errors = {}
        try:
            check_compile_period(data["period"])
        except DjangoValidationError as error:
            errors["period"] = error.messages
        try:
            target, _name = resolve_target(data["scope"], data["code"] or None)
        except CompileError:
            target = None
        if target is None or not may_view_scope(request.user, target.scope, target.code, *self.places(target)):
            errors["code"] = [_("There is no such scope in your area.")]
        if errors:
            raise serializers.ValidationError(errors)
        if not may_compile(request.user, target.scope, target.code):
            raise PermissionDenied(_("You may not compile reports for this scope."))
        job = jobs.start(data["period"], target, request.user)
        return Response({"job": job.pk}, status=status.HTTP_202_ACCEPTED)

    @staticmethod
    def places(target) -> tuple[str | None, str | None]:
        """A library's province and regency (for the view rule); other scopes carry them in their code."""
        if target.scope != "library":
            return None, None
        library = Library.objects.only("province_id", "regency_id").get(pk=int(target.code))
        return library.province_id, library.regency_id


class CompileJobViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Compile jobs in the user's area, newest first: status and progress."""

    queryset = CompileJob.objects.all()
    serializer_class = CompileJobSerializer
    filterset_class = CompileJobFilterSet

    @extend_schema(
        request=None,
        responses={
            202: CompileJobSerializer,
            400: OpenApiResponse(FieldErrorsSerializer, description=_("The job is not failed or stalled.")),
            403: OpenApiResponse(ErrorSerializer, description=_("You may not compile reports for this scope.")),
        },
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Queue a failed, stalled or undispatched compile job again (staff of its area), as its page's button does."""
        job = self.get_object()  # outside the area: 404; a role that may not change it: 403
        if not jobs.retry(job):
            raise serializers.ValidationError(
                {"non_field_errors": [_("This compilation is not failed or stalled; there is nothing to retry.")]}
            )
        job.refresh_from_db()
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)


class PeerLearningMeetingViewSet(ScopedModelViewSet):
    """Peer Learning Meetings of the user's area (librarians: those their library attended)."""

    queryset = PeerLearningMeeting.objects.prefetch_related("presentations", "follow_ups")
    serializer_class = PeerLearningMeetingSerializer
    filterset_class = PlmFilterSet

    def get_queryset(self):
        visible = Library.objects.restrict(self.request.user).only("pk")
        return super().get_queryset().prefetch_related(Prefetch("libraries", queryset=visible))

    def perform_create(self, serializer):
        self.save_in_area(serializer, created_by=self.request.user)
