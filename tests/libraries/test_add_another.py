"""Team members, meetings and commitments: "Save and add another", and the confirmation after every save."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from libraries.models import Commitment, Meeting, SynergyTeam, TeamMember

BABEL_TEAM = {"province_id": "19", "level": "province"}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def team(db):
    return SynergyTeam.objects.get(**BABEL_TEAM)


def test_eight_members_are_added_one_after_another_without_leaving_the_form(client_as, team):
    client = client_as("dkpus.babel")
    add = reverse("libraries:teammember_add")
    page = client.get(add, {"team": team.pk}).content.decode()
    assert 'name="_addanother"' in page
    before = team.members.count()
    url = f"{add}?team={team.pk}"
    for number in range(1, 9):
        data = {"team": team.pk, "name": f"Anggota {number}", "institution": "Bappeda", "sector": "government"}
        response = client.post(url, {**data, "role": "member", "is_active": "on", "_addanother": "1"})
        assert response.status_code == 302
        url = response["Location"]
        assert url == f"{add}?team={team.pk}"  # the next empty form, with the team chosen
        page = client.get(url)
        assert f"Anggota tim “Anggota {number} (Bappeda)” disimpan." in page.content.decode()
        form = page.context["form"]
        assert form.initial["team"] == team and not form.is_bound
    assert team.members.count() == before + 8


def test_plain_save_still_opens_the_record(client_as, team):
    client = client_as("dkpus.babel")
    data = {"team": team.pk, "date": "2024-03-04", "kind": "meeting", "mode": "virtual", "agenda": "Rapat koordinasi"}
    response = client.post(reverse("libraries:meeting_add"), data)
    meeting = Meeting.objects.get(team=team, agenda="Rapat koordinasi")
    assert response["Location"] == meeting.get_absolute_url()
    assert messages_of(response) == [f"Rapat “{meeting}” disimpan."]


def test_commitments_added_one_after_another_keep_the_team_and_the_meeting(client_as, team):
    meeting = Meeting.objects.filter(team=team).first()
    client = client_as("dkpus.babel")
    data = {
        "team": team.pk,
        "meeting": meeting.pk,
        "kind": "budget",
        "party": "Bappeda Babel",
        "description": "Anggaran buku",
        "status": "planned",
        "_addanother": "1",
    }
    response = client.post(reverse("libraries:commitment_add"), data)
    assert response["Location"] == f"{reverse('libraries:commitment_add')}?team={team.pk}&meeting={meeting.pk}"
    form = client.get(response["Location"]).context["form"]
    assert (form.initial["team"], form.initial["meeting"]) == (team, meeting)
    assert Commitment.objects.filter(party="Bappeda Babel", meeting=meeting).count() == 1


def test_a_rejected_form_keeps_what_was_typed_and_saves_nothing(client_as, team):
    client = client_as("dkpus.babel")
    data = {"team": team.pk, "name": "", "institution": "Bappeda", "sector": "government", "_addanother": "1"}
    response = client.post(reverse("libraries:teammember_add"), data)
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert 'value="Bappeda"' in response.content.decode()
    assert not TeamMember.objects.filter(team=team, institution="Bappeda", name="").exists()


@pytest.mark.parametrize("name", ["teammember", "meeting", "commitment"])
def test_edit_pages_and_other_forms_offer_a_single_save(client_as, team, name):
    model = {"teammember": TeamMember, "meeting": Meeting, "commitment": Commitment}[name]
    obj = model.objects.filter(team=team).first()
    page = client_as("dkpus.babel").get(reverse(f"libraries:{name}_edit", args=[obj.pk])).content.decode()
    assert 'name="_addanother"' not in page
    assert 'name="_addanother"' not in client_as("dkpus.babel").get(reverse("libraries:aid_add")).content.decode()


def test_every_edit_names_what_was_saved(client_as, team):
    client = client_as("dkpus.babel")
    data = {"name": team.name, "level": "province", "province": "19", "description": "Diperbarui", "is_active": "on"}
    response = client.post(reverse("libraries:synergyteam_edit", args=[team.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert messages_of(response) == [f"Tim sinergi “{team.name}” disimpan."]
