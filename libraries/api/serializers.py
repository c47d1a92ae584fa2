from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from foundation.api.serializers import ScopedModelSerializer

from ..choices import AidKind
from ..models import Aid, Commitment, District, Library, Meeting, Province, Regency, SynergyTeam, TeamMember, Village


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


class SynergyTeamSerializer(ScopedModelSerializer):
    active_members = serializers.IntegerField(source="member_count", read_only=True, label=_("active members"))
    open_commitments = serializers.IntegerField(source="open_count", read_only=True, label=_("open commitments"))
    last_meeting = serializers.DateField(read_only=True, allow_null=True, label=_("last meeting"))

    class Meta:
        model = SynergyTeam
        fields = [
            "id",
            "name",
            "level",
            "province",
            "regency",
            "decree_number",
            "decree_date",
            "formed_on",
            "description",
            "is_active",
            "active_members",
            "open_commitments",
            "last_meeting",
            "created_at",
            "updated_at",
        ]


class TeamPartSerializer(ScopedModelSerializer):
    def fixed_fields(self) -> dict[str, str]:
        return {"team": _("A record does not move to another synergy team.")}


class TeamMemberSerializer(TeamPartSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "team", "name", "position", "institution", "sector", "role", "phone", "email", "is_active"]


class MeetingSerializer(TeamPartSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "team",
            "date",
            "kind",
            "mode",
            "place",
            "agenda",
            "institutions_present",
            "participants",
            "minutes",
        ]


class CommitmentSerializer(TeamPartSerializer):
    evidence_file = serializers.SerializerMethodField(
        label=_("evidence (file)"), help_text=_("The name of the evidence file uploaded on the portal, if any.")
    )
    is_overdue = serializers.BooleanField(read_only=True, label=_("overdue"))

    class Meta:
        model = Commitment
        fields = [
            "id",
            "team",
            "meeting",
            "kind",
            "party",
            "description",
            "amount",
            "due_date",
            "status",
            "completed_on",
            "evidence_file",
            "evidence_link",
            "notes",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["completed_on"]

    def get_evidence_file(self, commitment) -> str:
        return commitment.evidence_file.name.rsplit("/", 1)[-1] if commitment.evidence_file else ""
