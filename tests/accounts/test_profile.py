"""A person's own profile: details and how notifications reach them, per kind, for every role."""

import pytest
from django.urls import reverse

from notifications.models import Kind, Preference
from tests.conftest import LIBRARIAN
from tests.scoping import ROLES

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
ASKED = {
    LIBRARIAN: {Kind.RETURNED, Kind.VERIFIED},
    "dispus.bangka": {Kind.SUBMITTED, Kind.COMMITMENT_DUE},
    "dkpus.babel": {Kind.SUBMITTED, Kind.COMMITMENT_DUE},
    "dkpus.bali": {Kind.SUBMITTED, Kind.COMMITMENT_DUE},
    "konsultan": set(Kind),
    "admin": set(Kind),
}


@pytest.mark.parametrize("role", ROLES)
def test_everyone_chooses_the_kinds_that_reach_them(client_as, role):
    response = client_as(role).get(PROFILE)
    assert response.status_code == 200
    assert set(response.context["preferences_form"].fields) == {kind.value for kind in ASKED[role]}


def test_defaults_mail_at_once_except_submissions_in_a_digest(client_as):
    form = client_as("dispus.bangka").get(PROFILE).context["preferences_form"]
    assert form[Kind.SUBMITTED].initial == "daily"
    assert form[Kind.COMMITMENT_DUE].initial == "now"


def test_choices_are_saved_and_shown_again(client_as, user):
    client = client_as(LIBRARIAN)
    data = {
        "account-first_name": "Sri",
        "account-last_name": "Wahyuni",
        "account-email": "sri@desa-rebo.id",
        "account-phone": "0812 1111 2222",
        "notify-returned": "now",
        "notify-verified": "off",
    }
    response = client.post(PROFILE, data)
    assert response.status_code == 302
    librarian = user(LIBRARIAN)
    assert (librarian.get_full_name(), librarian.email) == ("Sri Wahyuni", "sri@desa-rebo.id")
    assert librarian.phone == "0812 1111 2222"
    saved = {p.kind: (p.mail, p.digest) for p in Preference.objects.filter(user=librarian)}
    assert saved == {Kind.RETURNED: (True, False), Kind.VERIFIED: (False, False)}
    form = client.get(PROFILE).context["preferences_form"]
    assert (form[Kind.RETURNED].initial, form[Kind.VERIFIED].initial) == ("now", "off")
    client.post(PROFILE, {**data, "notify-returned": "daily"})
    assert Preference.objects.get(user=librarian, kind=Kind.RETURNED).digest is True
    assert Preference.objects.filter(user=librarian).count() == 2


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client_as, user):
    response = client_as(LIBRARIAN).post(
        PROFILE,
        {"account-first_name": "Sri", "account-email": "not-an-address", "notify-returned": "sometimes"},
    )
    assert response.status_code == 400
    assert 'value="Sri"' in response.content.decode()
    assert response.context["account_form"].errors["email"]
    assert response.context["preferences_form"].errors["returned"]
    assert user(LIBRARIAN).first_name != "Sri"
    assert not Preference.objects.exists()


def test_the_profile_needs_a_login(client):
    assert client.get(PROFILE).status_code == 302


def test_profile_query_count(client_as, django_assert_max_num_queries):
    client = client_as("dkpus.babel")
    # session, user, roles (scope), saved preferences, the API tokens, the roles listed, the navbar's unread count
    with django_assert_max_num_queries(7):
        assert client.get(PROFILE).status_code == 200
