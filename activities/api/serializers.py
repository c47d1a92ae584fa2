from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foundation.api.serializers import ScopedModelSerializer, StrictCharField, StrictPrimaryKeyRelatedField

from ..models import Activity, ActivityPhoto, SuccessStory, Training

LIBRARY_FIXED = _("A record does not move between libraries.")


class ActivityPhotoSerializer(serializers.ModelSerializer):
    """A photo's description; the JPEG itself comes from ``file_url`` (same scope rule)."""

    file_url = serializers.SerializerMethodField(label=_("photo"), help_text=_("The re-encoded JPEG (API path)."))
    thumbnail_url = serializers.SerializerMethodField(label=_("thumbnail"))

    class Meta:
        model = ActivityPhoto
        fields = [
            "id",
            "activity",
            "caption",
            "width",
            "height",
            "size",
            "file_url",
            "thumbnail_url",
            "uploaded_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "example": "/api/v1/activity-photos/7/file/"})
    def get_file_url(self, photo) -> str:
        return reverse("api:activityphoto-file", args=[photo.pk])

    @extend_schema_field({"type": "string", "example": "/api/v1/activity-photos/7/file/?size=thumb"})
    def get_thumbnail_url(self, photo) -> str:
        return reverse("api:activityphoto-file", args=[photo.pk]) + "?size=thumb"


class PhotoUploadSerializer(serializers.Serializer):
    """One photo for an activity, checked and cleaned as on the activity form."""

    activity = StrictPrimaryKeyRelatedField(queryset=Activity.objects.all(), label=_("activity"))
    image = serializers.FileField(
        label=_("photo"), help_text=_("JPEG, PNG or WebP. It is resized and re-encoded without location data.")
    )
    caption = StrictCharField(label=_("caption"), max_length=200, required=False, allow_blank=True, default="")
    client_token = StrictCharField(
        label=_("submission token"),
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Any unique text: sending the same upload again returns the photo stored the first time."),
    )

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["activity"].queryset = Activity.objects.restrict(request.user)
        return fields


class ActivitySerializer(ScopedModelSerializer):
    participants_total = serializers.IntegerField(read_only=True, label=_("participants"))
    photos = ActivityPhotoSerializer(many=True, read_only=True, label=_("photos"))

    class Meta:
        model = Activity
        fields = [
            "id",
            "library",
            "date",
            "strategy",
            "title",
            "skill_area",
            "target_group",
            "participants_male",
            "participants_female",
            "participants_total",
            "partners",
            "description",
            "outcome",
            "media_kind",
            "media_outlet",
            "media_link",
            "photos",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_by"]

    def fixed_fields(self) -> dict[str, str]:
        return {"library": LIBRARY_FIXED}


class SuccessStorySerializer(ScopedModelSerializer):
    change = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        label=_("change"),
        help_text=_("After minus before, when both are known."),
    )

    class Meta:
        model = SuccessStory
        fields = [
            "id",
            "library",
            "activity",
            "date",
            "person_name",
            "person_description",
            "title",
            "story",
            "measure",
            "value_before",
            "value_after",
            "change",
            "consent_to_publish",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_by"]

    def fixed_fields(self) -> dict[str, str]:
        return {"library": LIBRARY_FIXED}


class TrainingSerializer(ScopedModelSerializer):
    participants_total = serializers.IntegerField(read_only=True, label=_("participants"))
    libraries_total = serializers.IntegerField(
        read_only=True,
        label=_("libraries attending"),
        help_text=_("All libraries attending; `libraries` lists those in your area."),
    )

    class Meta:
        model = Training
        fields = [
            "id",
            "title",
            "organiser",
            "start_date",
            "end_date",
            "place",
            "mode",
            "province",
            "regency",
            "participants_provincial",
            "participants_regency",
            "participants_village",
            "participants_total",
            "libraries",
            "libraries_total",
            "notes",
        ]
        extra_kwargs = {"libraries": {"help_text": _("Ids of the attending libraries in your area.")}}
