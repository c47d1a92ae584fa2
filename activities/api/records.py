"""Serializers of the program's own records (SIM TPBIS's record types) and what every one of them shows.

Each record shows where it stands with its verifiers (``verification``, read-only: the ``verify`` and
``return`` actions move it, and a librarian's correction puts it back to ``unverified``), the comment of a
return, and ``flags``: what the evidence checks found wrong with it (``[{"code", "message", "related"}]``, the
open ones and those a verifier accepted; the lists read them in one query per page).
Field names follow the API contract; where one differs from the column (``kind`` is ``publication_kind``),
the model's validation errors are reported under the API's name.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foundation.api.serializers import PeriodField, ScopedModelSerializer, StrictCharField

from ..choices import AdvocacyTarget, MediaKind, PublicationKind, Verification
from ..documents import clean_document
from ..models import Advocacy, Publication, Replication, ServiceSnapshot
from ..rules import advocacy_problems, publication_problems

LIBRARY_FIXED = _("A record does not move between libraries.")
FLAGS_SCHEMA = {
    "type": "array",
    "description": "What the evidence checks found: a reused photo, a late entry, a duplicate, a contradiction.",
    "items": {
        "type": "object",
        "properties": {
            "code": {
                "type": "string",
                "enum": ["photo_reused", "capture_date", "backdated", "duplicate", "duplicate_link", "contradiction"],
            },
            "message": {"type": "string"},
            "related": {"type": "array", "items": {"type": "integer"}},
        },
        "required": ["code", "message", "related"],
    },
}
#: Read-only fields every record shows.
STATE_FIELDS = ["verification", "return_comment", "verified_at", "flags", "entered_on", "source"]
STAMP_FIELDS = ["created_by", "created_at", "updated_at"]


class RecordSerializerMixin(serializers.Serializer):
    """What every record shows (and reports its model's errors under the API's field names)."""

    verification = serializers.ChoiceField(
        choices=Verification.choices,
        read_only=True,
        label=_("verification"),
        help_text=_("Moved by the verify and return actions; a librarian's correction sets it back to unverified."),
    )
    flags = serializers.SerializerMethodField(label=_("flags"))

    @extend_schema_field(FLAGS_SCHEMA)
    def get_flags(self, record) -> list:
        return [flag.as_data() for flag in record.evidence_flags.all()]

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict):
                error.detail = self.renamed(error.detail)
            raise

    def renamed(self, errors: dict) -> dict:
        """Errors keyed by the model's field names, keyed by the API's (``publication_kind`` → ``kind``)."""
        names = {field.source: name for name, field in self.fields.items() if field.source != name}
        return {names.get(key, key): value for key, value in errors.items()}

    def value_of(self, attrs: dict, name: str, default=None):
        """A field's new value, or the record's current one (PATCH sends only what changes)."""
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, default) if self.instance is not None else default

    def problems(self, found: dict) -> None:
        if found:
            raise serializers.ValidationError(self.renamed({name: [message] for name, message in found.items()}))


class LibraryRecordSerializer(RecordSerializerMixin, ScopedModelSerializer):
    def fixed_fields(self) -> dict[str, str]:
        return {"library": LIBRARY_FIXED}


class AdvocacySerializer(LibraryRecordSerializer):
    targets = serializers.ListField(
        child=serializers.ChoiceField(choices=AdvocacyTarget.choices),
        required=False,
        label=_("addressed to"),
        help_text=_("Whom the advocacy addressed (several possible)."),
    )
    document = serializers.FileField(
        write_only=True,
        required=False,
        label=_("signed document"),
        help_text=_("PDF, JPEG or PNG (checked by its content), up to 10 MB; send as multipart/form-data."),
    )
    document_url = serializers.SerializerMethodField(label=_("signed document"))

    class Meta:
        model = Advocacy
        fields = [
            "id",
            "library",
            "date",
            "title",
            "targets",
            "partners",
            "result",
            "regulation_kind",
            "regulation_title",
            "amount",
            "resource_persons",
            "goods",
            "issued_on",
            "document",
            "document_url",
            "description",
            "outcome",
            *STATE_FIELDS,
            *STAMP_FIELDS,
        ]
        read_only_fields = [*STATE_FIELDS, "created_by"]
        extra_kwargs = {"amount": {"min_value": 0, "coerce_to_string": False}}

    @extend_schema_field({"type": "string", "nullable": True, "example": "/api/v1/advocacy/7/document/"})
    def get_document_url(self, record) -> str | None:
        return reverse("api:advocacy-document", args=[record.pk]) if record.document else None

    def validate_document(self, upload):
        try:
            return clean_document(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.problems(
            advocacy_problems(
                self.value_of(attrs, "result", ""),
                self.value_of(attrs, "regulation_kind", ""),
                self.value_of(attrs, "amount"),
            )
        )
        return attrs


class PublicationSerializer(LibraryRecordSerializer):
    kind = serializers.ChoiceField(
        source="publication_kind", choices=PublicationKind.choices, label=_("kind of media"), required=False
    )
    outlet = StrictCharField(
        source="media_outlet", max_length=150, required=False, allow_blank=True, label=_("media outlet")
    )
    link = serializers.URLField(source="media_link", max_length=500, required=False, allow_blank=True, label=_("link"))
    channel = serializers.ChoiceField(
        source="media_kind",
        choices=MediaKind.choices,
        required=False,
        allow_blank=True,
        label=_("channel"),
        help_text=_("Optional: the finer channel within the kind of media."),
    )

    class Meta:
        model = Publication
        fields = [
            "id",
            "library",
            "date",
            "title",
            "kind",
            "outlet",
            "link",
            "channel",
            "description",
            *STATE_FIELDS,
            *STAMP_FIELDS,
        ]
        read_only_fields = [*STATE_FIELDS, "created_by"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        found = publication_problems(
            self.value_of(attrs, "publication_kind", ""), self.value_of(attrs, "media_kind", "")
        )
        self.problems(found)
        return attrs


class ServiceSnapshotSerializer(LibraryRecordSerializer):
    period = PeriodField(label=_("month"), help_text=_("The month the figures describe, as YYYY-MM."))

    class Meta:
        model = ServiceSnapshot
        fields = [
            "id",
            "library",
            "period",
            "books",
            "digital_books",
            "computers",
            "bandwidth_mbps",
            "notes",
            *STATE_FIELDS,
            *STAMP_FIELDS,
        ]
        read_only_fields = [*STATE_FIELDS, "created_by"]
        extra_kwargs = {"bandwidth_mbps": {"min_value": 0, "coerce_to_string": False}}


class ReplicationSerializer(RecordSerializerMixin, ScopedModelSerializer):
    class Meta:
        model = Replication
        fields = [
            "id",
            "province",
            "regency",
            "year",
            "funds",
            "funding_source",
            "funding_source_other",
            "villages",
            "libraries",
            "notes",
            *STATE_FIELDS,
            *STAMP_FIELDS,
        ]
        read_only_fields = [*STATE_FIELDS, "created_by"]
        extra_kwargs = {
            "province": {"required": False, "help_text": _("Filled from the regency/city when left out.")},
            "funds": {"min_value": 0, "coerce_to_string": False},
            "libraries": {"required": False, "help_text": _("Ids of the libraries covered, in your area.")},
        }

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        regency = attrs.get("regency")
        if regency is not None and "province" not in attrs:
            attrs["province"] = regency.province
        return attrs

    def validate(self, attrs):
        if self.instance is None and not attrs.get("province"):
            raise serializers.ValidationError({"province": [_("Give the province or the regency/city.")]})
        return super().validate(attrs)
