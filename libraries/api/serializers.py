from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tpbis_portal.api.serializers import ScopedModelSerializer

from ..choices import AidKind
from ..models import Aid, District, Library, Province, Regency, Village


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class RegencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Regency
        fields = ["code", "province", "name", "kind"]


class DistrictSerializer(serializers.ModelSerializer):
    province = serializers.SerializerMethodField(label=_("province"))

    class Meta:
        model = District
        fields = ["code", "province", "regency", "name"]

    def get_province(self, district) -> str:
        return district.code.split(".")[0]


class VillageSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_code", read_only=True, label=_("province"))

    class Meta:
        model = Village
        fields = ["code", "province", "regency", "district", "name", "kind"]


class LibrarySerializer(ScopedModelSerializer):
    class Meta:
        model = Library
        fields = [
            "id",
            "name",
            "level",
            "province",
            "regency",
            "district",
            "village",
            "address",
            "latitude",
            "longitude",
            "cohort_year",
            "partner_type",
            "funding_source",
            "funding_amount",
            "decree_number",
            "decree_date",
            "manager_name",
            "contact_phone",
            "contact_email",
            "members_count",
            "population_served",
            "is_active",
            "created_at",
            "updated_at",
        ]
        # The district follows from the village (and regency and province too, when a village is given).
        read_only_fields = ["district"]


class AidSerializer(ScopedModelSerializer):
    kind = serializers.ChoiceField(choices=AidKind.choices, read_only=True, label=_("kind"))

    class Meta:
        model = Aid
        fields = ["id", "library", "year", "item", "kind", "quantity", "value", "source", "received_on", "notes"]
