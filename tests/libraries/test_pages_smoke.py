import pytest
from django.urls import reverse

from libraries.models import Commitment, Meeting, SynergyTeam, TeamMember


@pytest.mark.parametrize("role", ["admin", "dkpus.babel", "konsultan", "pustakawan.rebo", "dispus.bangka"])
def test_every_page_renders(client_as, role):
    client = client_as(role)
    team = SynergyTeam.objects.get(province_id="19")
    urls = [
        reverse("libraries:library_list"),
        reverse("libraries:aid_list"),
        reverse("libraries:synergyteam_list"),
        reverse("libraries:synergyteam_detail", args=[team.pk]),
        reverse("libraries:teammember_list"),
        reverse("libraries:teammember_detail", args=[TeamMember.objects.filter(team=team).first().pk]),
        reverse("libraries:meeting_list"),
        reverse("libraries:meeting_detail", args=[Meeting.objects.filter(team=team).first().pk]),
        reverse("libraries:commitment_list"),
        reverse("libraries:commitment_detail", args=[Commitment.objects.filter(team=team).first().pk]),
        reverse("trainings:training_list"),
        reverse("accounts:user_list"),
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
