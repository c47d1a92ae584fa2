"""Each role's menu offers only what it can use: every link in it opens (200) for that role."""

import re

import pytest
from django.urls import reverse

from .conftest import LIBRARIAN
from .scoping import ROLES

MENU_ROLES = [*ROLES, "dkpus.ntb"]


def menu_links(html: str) -> list[str]:
    """The portal's own links in the navbar: the main menu and the user's drop-down."""
    nav = html[html.index('<nav class="navbar') : html.index("</nav>")]
    return re.findall(r'href="(/[^"#]*)"', nav)


@pytest.mark.parametrize("role", MENU_ROLES)
def test_every_menu_link_opens_for_the_role(client_as, role):
    client = client_as(role)
    links = menu_links(client.get(reverse("home")).content.decode())
    assert len(links) >= 10
    refused = {}
    for link in links:
        response = client.get(link, follow=True)
        if response.status_code != 200:
            refused[link] = response.status_code
    assert refused == {}


@pytest.mark.parametrize(
    ("role", "offered"),
    [("admin", True), ("dkpus.babel", True), ("dispus.bangka", True), ("konsultan", False), (LIBRARIAN, False)],
)
def test_the_import_is_offered_only_to_those_who_may_import(client_as, role, offered):
    links = menu_links(client_as(role).get(reverse("home")).content.decode())
    assert (reverse("libraries:library_import") in links) == offered
    assert (reverse("admin:index") in links) == (role == "admin")
