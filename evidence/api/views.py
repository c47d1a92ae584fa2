"""``flags/``: the evidence flags in the user's area, filtered by check, library, regency and whether accepted.

Read only: a verifier accepts a flag on the record's page in the queue. Every flag names its record (type and
id), the related records, its reason in the user's language, and who accepted it, when and why.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from activities.models import Flag, FlagCode
from foundation.api.viewsets import ScopedViewSetMixin
from foundation.filters import BooleanFilter, ModelChoiceFilter, scoped
from libraries.models import Library, Regency


class FlagFilterSet(django_filters.FilterSet):
    code = django_filters.ChoiceFilter(choices=FlagCode.choices, label=_("check"))
    library = ModelChoiceFilter(queryset=scoped(Library), label=_("Library"), widget=forms.HiddenInput)
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    resolved = BooleanFilter(field_name="resolved_at", lookup_expr="isnull", exclude=True, label=_("Accepted"))

    class Meta:
        model = Flag
        fields = ["code", "library", "regency", "resolved"]


class FlagSerializer(serializers.ModelSerializer):
    record_type = serializers.SerializerMethodField(label=_("record type"))
    record = serializers.IntegerField(source="object_id", read_only=True, label=_("record"))
    message = serializers.CharField(read_only=True, label=_("reason"))
    resolved = serializers.BooleanField(source="is_resolved", read_only=True, label=_("Accepted"))
    related = serializers.ListField(child=serializers.IntegerField(), read_only=True, label=_("related records"))

    class Meta:
        model = Flag
        fields = [
            "id",
            "record_type",
            "record",
            "code",
            "reason",
            "message",
            "related",
            "province",
            "regency",
            "library",
            "created_at",
            "resolved",
            "resolved_by",
            "resolved_at",
            "note",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "example": "activity"})
    def get_record_type(self, flag) -> str:
        return flag.content_type.model


class FlagViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The evidence flags in the user's area (contract: ``flags/``), the open ones of the oldest records first."""

    queryset = Flag.objects.select_related("content_type").order_by("resolved_at", "content_type", "object_id", "id")
    serializer_class = FlagSerializer
    filterset_class = FlagFilterSet
