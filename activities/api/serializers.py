from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tpbis_portal.api.serializers import ScopedModelSerializer

from ..models import Activity


class ActivitySerializer(ScopedModelSerializer):
    participants_total = serializers.IntegerField(read_only=True, label=_("participants"))

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
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_by"]
