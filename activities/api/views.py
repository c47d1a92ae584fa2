from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from foundation.api.parsers import PortalJSONParser
from foundation.api.schema import ErrorSerializer
from foundation.api.serializers import as_field_errors
from foundation.api.viewsets import ScopedModelViewSet
from foundation.scope import can_change
from libraries.models import Library

from ..documents import document_response
from ..filtersets import (
    ActivityFilterSet,
    ActivityPhotoFilterSet,
    AdvocacyFilterSet,
    PublicationFilterSet,
    ReplicationFilterSet,
    ServiceSnapshotFilterSet,
    SuccessStoryFilterSet,
    TrainingFilterSet,
)
from ..models import (
    Activity,
    ActivityPhoto,
    Advocacy,
    Publication,
    Replication,
    ServiceSnapshot,
    SuccessStory,
    Training,
)
from ..photos import save_photo
from ..training_views import attending_count
from .records import AdvocacySerializer, PublicationSerializer, ReplicationSerializer, ServiceSnapshotSerializer
from .serializers import (
    ActivityPhotoSerializer,
    ActivitySerializer,
    PhotoUploadSerializer,
    SuccessStorySerializer,
    TrainingSerializer,
)
from .verification import VerificationActionsMixin


class DocumentRenderer(renderers.BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class ActivityViewSet(VerificationActionsMixin, ScopedModelViewSet):
    """Activities of every strategy in the user's area, with their photos; librarians log their own library's.

    Advocacy and publications are listed here too (``?strategy=``), and have their own endpoints with their
    outcome. Every record is verified on its own (``verify``, ``return``).
    """

    queryset = Activity.objects.prefetch_related("photos", "evidence_flags")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet


class AdvocacyViewSet(VerificationActionsMixin, ScopedModelViewSet):
    """Advocacy records (SIM: advokasi) and what they obtained; the signed document is sent as multipart.

    ``document/`` hands the document out to users whose area holds the record.
    """

    queryset = Advocacy.objects.prefetch_related("evidence_flags")
    serializer_class = AdvocacySerializer
    filterset_class = AdvocacyFilterSet
    parser_classes = [PortalJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The signed document.")),
            (404, "application/json"): OpenApiResponse(
                ErrorSerializer, description=_("No such record in your area, or no document.")
            ),
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, DocumentRenderer])
    def document(self, request, pk=None):
        """The signed document (PDF, JPEG or PNG)."""
        return document_response(self.get_object())

    def handle_exception(self, exc):
        if getattr(self, "action", None) == "document":
            self.request.accepted_renderer = renderers.JSONRenderer()
            self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)


class PublicationViewSet(VerificationActionsMixin, ScopedModelViewSet):
    """Media publications about the libraries (SIM: publikasi): kind of media, outlet, link."""

    queryset = Publication.objects.prefetch_related("evidence_flags")
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilterSet


class ServiceSnapshotViewSet(VerificationActionsMixin, ScopedModelViewSet):
    """Monthly snapshots of a library's collection and ICT (SIM: peningkatan); the one entered last counts."""

    queryset = ServiceSnapshot.objects.prefetch_related("evidence_flags")
    serializer_class = ServiceSnapshotSerializer
    filterset_class = ServiceSnapshotFilterSet


class ReplicationViewSet(VerificationActionsMixin, ScopedModelViewSet):
    """Replication programmes (replikasi mandiri) of regencies and provinces; kept by the region's staff.

    ``?period=YYYY-MM`` lists the programmes of that month's year; ``?library=`` those covering a library.
    """

    queryset = Replication.objects.prefetch_related("libraries", "evidence_flags")
    serializer_class = ReplicationSerializer
    filterset_class = ReplicationFilterSet


class JPEGRenderer(renderers.BaseRenderer):
    media_type = "image/jpeg"
    format = "jpg"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PhotoSize(serializers.Serializer):
    size = serializers.ChoiceField(choices=["full", "thumb"], default="full", required=False)


class ActivityPhotoViewSet(ScopedModelViewSet):
    """Activity photos: upload (multipart) through the same checks as the activity form, read, delete.

    Photos show villagers: the file itself is only handed out by ``file/``, to users whose area holds
    the activity's library.
    """

    queryset = ActivityPhoto.objects.all()
    serializer_class = ActivityPhotoSerializer
    filterset_class = ActivityPhotoFilterSet
    http_method_names = ["get", "post", "delete", "head"]
    parser_classes = [MultiPartParser]

    def get_serializer_class(self):
        return PhotoUploadSerializer if self.action == "create" else ActivityPhotoSerializer

    @extend_schema(
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={
            201: ActivityPhotoSerializer,
            200: OpenApiResponse(ActivityPhotoSerializer, description=_("This upload was stored before.")),
        },
    )
    def create(self, request, *args, **kwargs):
        upload = PhotoUploadSerializer(data=request.data, context=self.get_serializer_context())
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        activity = data["activity"]
        if not can_change(request.user, activity):
            raise PermissionDenied(_("You may not add photos to this activity."))
        try:
            photo, created = save_photo(
                activity, data["image"], request.user, caption=data["caption"], token=data["client_token"] or None
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"image": as_field_errors(error)["non_field_errors"]}) from error
        body = ActivityPhotoSerializer(photo, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        parameters=[OpenApiParameter("size", str, enum=["full", "thumb"], description=_("`thumb` for the small one."))],
        responses={
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The photo as JPEG.")),
            (404, "application/json"): OpenApiResponse(ErrorSerializer, description=_("No such record in your area.")),
            (400, "application/json"): OpenApiResponse(ErrorSerializer, description=_("An invalid size.")),
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, JPEGRenderer])
    def file(self, request, pk=None):
        """The photo itself (re-encoded JPEG without metadata)."""
        photo = self.get_object()
        query = PhotoSize(data=request.query_params)
        query.is_valid(raise_exception=True)
        field = photo.thumbnail if query.validated_data["size"] == "thumb" else photo.image
        try:
            handle = field.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=86400"
        response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.jpg"'
        return response

    def handle_exception(self, exc):
        # Errors are JSON, even for a client that asked only for the JPEG.
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)


class SuccessStoryViewSet(ScopedModelViewSet):
    """Success stories (kisah sukses) of the libraries in the user's area.

    ``consent_to_publish=true`` lists only those the person agreed may be published.
    """

    queryset = SuccessStory.objects.all()
    serializer_class = SuccessStorySerializer
    filterset_class = SuccessStoryFilterSet

    def perform_create(self, serializer):
        self.save_in_area(serializer, created_by=self.request.user)


class TrainingViewSet(ScopedModelViewSet):
    """Trainings (Bimtek): seen in the region where they were held and by the libraries attending."""

    queryset = Training.objects.annotate(libraries_total=attending_count())
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilterSet

    def get_queryset(self):
        visible = Library.objects.restrict(self.request.user).only("pk")
        return super().get_queryset().prefetch_related(Prefetch("libraries", queryset=visible))
