"""Shared fixtures: the test database holds the demo regions, libraries and accounts.

The demo set is loaded once per session into the test database (four provinces of
regions, then ``load_demo``); each test runs in a transaction that is rolled back.
Transactional tests (live server, browser) get the data reloaded by ``demo_db``.
"""

import os

# The live server and Playwright share a thread with an event loop; Django's ORM is used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.core.management import call_command

from accounts.models import User
from libraries.regions import load_regions

DEMO_PROVINCES = {"19", "51", "52", "61"}
LIBRARIAN = "pustakawan.rebo"  # Perpustakaan Desa Rebo, Kabupaten Bangka (19.01)


def load_demo_data():
    load_regions(DEMO_PROVINCES)
    call_command("load_demo", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo_data()


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords slowly protects real accounts; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_db(transactional_db):
    """For live-server tests: the demo data, committed, and reloaded after the test's flush."""
    if not User.objects.filter(username="admin").exists():
        load_demo_data()
    yield


@pytest.fixture
def user(db):
    """``user("dkpus.babel")``: a demo account by username."""

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def client_as(client, user):
    """``client_as("konsultan")``: the test client, logged in as that demo account."""

    def login(username: str):
        client.force_login(user(username))
        return client

    return login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
