"""The operators' pages (metrics, detailed health) answer superusers and the monitoring token, nobody else."""

import pytest
from django.urls import reverse

OPERATOR_PAGES = ["operations:metrics", "operations:health"]
NOT_OPERATORS = ["konsultan", "dkpus.babel", "dispus.bangka", "pustakawan.rebo"]


@pytest.mark.parametrize("page", OPERATOR_PAGES)
def test_a_superuser_reads_them(client_as, page):
    assert client_as("admin").get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", OPERATOR_PAGES)
@pytest.mark.parametrize("username", NOT_OPERATORS)
def test_every_other_role_is_refused(client_as, page, username):
    response = client_as(username).get(reverse(page))
    assert response.status_code == 403
    assert b"django_http" not in response.content and b"checks" not in response.content


@pytest.mark.parametrize("page", OPERATOR_PAGES)
def test_anonymous_is_refused_not_sent_to_the_login_page(client, db, page):
    assert client.get(reverse(page)).status_code == 403


@pytest.mark.parametrize("page", OPERATOR_PAGES)
def test_the_monitoring_token_opens_them(client, db, settings, page):
    settings.TPBIS_OPS_TOKEN = "s3cret-token-for-prometheus"
    assert client.get(reverse(page), HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus").status_code == 200
    assert client.get(reverse(page), HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get(reverse(page), HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_no_token_configured_opens_nothing(client, db, settings):
    settings.TPBIS_OPS_TOKEN = ""
    assert client.get(reverse("operations:metrics"), HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_writes_are_refused(client_as):
    assert client_as("admin").post(reverse("operations:metrics")).status_code == 405
