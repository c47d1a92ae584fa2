from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.digits import as_id
from foundation.fields import RupiahField

from ..models import Commitment, Meeting, SynergyTeam, TeamMember
from ..models.synergy import EVIDENCE_EXTENSIONS
from .common import DATE_INPUT, RegistryFormMixin


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.area_name})"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.team.name} · {obj}"


class SynergyTeamForm(RegistryFormMixin, forms.ModelForm):
    class Meta:
        model = SynergyTeam
        fields = [
            "name",
            "level",
            "province",
            "regency",
            "decree_number",
            "decree_date",
            "formed_on",
            "description",
            "is_active",
        ]
        widgets = {"decree_date": DATE_INPUT, "formed_on": DATE_INPUT, "description": forms.Textarea({"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        province, regency = cleaned.get("province"), cleaned.get("regency")
        if province and not self.errors:
            self.check_area(SynergyTeam, province, regency, field="regency" if regency else "province")
        return cleaned


class TeamPartForm(RegistryFormMixin, forms.ModelForm):
    """Members, meetings and commitments: the team dropdown lists only teams the user may change."""

    team = TeamChoiceField(queryset=SynergyTeam.objects.select_related("province", "regency"), label=_("Synergy team"))
    change_scoped_fields = ("team",)


class TeamMemberForm(TeamPartForm):
    class Meta:
        model = TeamMember
        fields = ["team", "name", "position", "institution", "sector", "role", "phone", "email", "is_active"]


class MeetingForm(TeamPartForm):
    class Meta:
        model = Meeting
        fields = ["team", "date", "kind", "mode", "place", "agenda", "institutions_present", "participants", "minutes"]
        widgets = {
            "date": DATE_INPUT,
            "agenda": forms.Textarea({"rows": 3}),
            "institutions_present": forms.Textarea({"rows": 4}),
            "minutes": forms.Textarea({"rows": 6}),
        }


class CommitmentForm(TeamPartForm):
    meeting = MeetingChoiceField(
        queryset=Meeting.objects.select_related("team"),
        required=False,
        label=_("Meeting"),
        help_text=_("The meeting where it was agreed, if any."),
    )
    amount = RupiahField(required=False, label=_("amount (Rp)"))
    evidence_link = forms.URLField(required=False, max_length=500, assume_scheme="https", label=_("evidence (link)"))
    change_scoped_fields = ("team", "meeting")

    class Meta:
        model = Commitment
        fields = [
            "team",
            "meeting",
            "kind",
            "party",
            "description",
            "amount",
            "due_date",
            "status",
            "evidence_file",
            "evidence_link",
            "notes",
        ]
        widgets = {
            "due_date": DATE_INPUT,
            "description": forms.Textarea({"rows": 3}),
            "notes": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        team = self.data.get(self.add_prefix("team")) if self.is_bound else self.initial.get("team")
        team = getattr(team, "pk", team) or self.instance.team_id
        if as_id(team):
            self.fields["meeting"].queryset = self.fields["meeting"].queryset.filter(team_id=team)
        accept = ",".join(f".{ext}" for ext in EVIDENCE_EXTENSIONS)
        self.fields["evidence_file"].widget.attrs["accept"] = accept
