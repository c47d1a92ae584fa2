"""Every change through a form leaves a history entry naming who made it; history shows only in scope."""

import pytest
from django.urls import reverse

from activities.models import Training
from libraries.models import Aid, Commitment, Library, Meeting, SynergyTeam, TeamMember

from ..scoping import library_at


def babel_team():
    return SynergyTeam.objects.get(province_id="19", level="province")


FORMS = {
    "aid": (Aid, lambda: {"library": library_at("own_village").pk, "year": 2022, "item": "modem", "quantity": 1}),
    "teammember": (
        TeamMember,
        lambda: {"team": babel_team().pk, "name": "Rudi", "institution": "Bank Sumsel Babel", "sector": "business"},
    ),
    "meeting": (
        Meeting,
        lambda: {
            "team": babel_team().pk,
            "date": "2024-06-10",
            "kind": "coordination",
            "mode": "hybrid",
            "agenda": "X",
        },
    ),
    "commitment": (
        Commitment,
        lambda: {"team": babel_team().pk, "kind": "kkn", "party": "UBB", "description": "KKN", "status": "planned"},
    ),
}


CHANGES = {
    "aid": {"quantity": 2},
    "teammember": {"position": "Direktur"},
    "meeting": {"agenda": "Y"},
    "commitment": {"party": "Universitas Bangka Belitung"},
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_create_change_and_delete_through_forms_are_recorded(client_as, user, name):
    model, data = FORMS[name]
    client = client_as("dkpus.babel")
    values = {**data(), "role": "member", "is_active": "on"}
    response = client.post(reverse(f"libraries:{name}_add"), values)
    assert response.status_code == 302, response.context["form"].errors
    obj = model.objects.order_by("-pk").first()
    values.update(CHANGES[name])
    assert client.post(reverse(f"libraries:{name}_edit", args=[obj.pk]), values).status_code == 302
    assert client.post(reverse(f"libraries:{name}_delete", args=[obj.pk])).status_code == 302
    records = model.history.filter(id=obj.pk).order_by("history_date")
    assert [r.history_type for r in records] == ["+", "~", "-"]
    assert {r.history_user for r in records} == {user("dkpus.babel")}


def test_training_changes_are_recorded_with_the_user(client_as, user):
    client = client_as("dkpus.babel")
    data = {
        "title": "Bimtek Pengelola",
        "organiser": "DKPUS Babel",
        "start_date": "2024-03-04",
        "end_date": "2024-03-05",
        "mode": "virtual",
        "province": "19",
        "participants_provincial": 1,
        "participants_regency": 6,
        "participants_village": 45,
    }
    client.post(reverse("trainings:training_add"), data)
    training = Training.objects.get(title="Bimtek Pengelola")
    client.post(reverse("trainings:training_edit", args=[training.pk]), {**data, "mode": "hybrid"})
    entry = client.get(training.get_absolute_url()).context["history"][0]
    assert (entry.user, [(c.old, c.new) for c in entry.changes]) == ("DKPUS Babel", [("Daring", "Hibrida")])
    assert [r.history_user for r in training.history.all()] == [user("dkpus.babel")] * 2


def test_history_is_only_shown_where_the_record_is_in_scope(client_as):
    library = Library.objects.filter(province_id="51", level="village").first()
    url = library.get_absolute_url()
    assert client_as("dkpus.bali").get(url).context["history"]
    for role in ("dkpus.babel", "dispus.bangka", "pustakawan.rebo"):
        assert client_as(role).get(url).status_code == 404
