"""Shared fixtures: the test database holds the demo regions, libraries and accounts.

The demo set is loaded once per session into the test database (four provinces of
regions, then ``load_demo``); each test runs in a transaction that is rolled back.
Transactional tests (live server, browser) get the data reloaded by ``demo_db``.
"""

import os
from functools import partial

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


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():``: what waits for the commit (the evidence checks' job) runs at the block's end,
    as it does once a request's transaction is committed."""
    return partial(django_capture_on_commit_callbacks, execute=True)


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


@pytest.fixture
def celery_worker_process(demo_db, settings, tmp_path):
    """A real Celery worker on the test Redis, using the test database; tasks stop running eagerly.

    Tests using it are transactional (the worker only sees committed rows). Yields the
    ``subprocess.Popen`` so a test can kill the worker and start another with ``start()``.
    """
    import subprocess
    import sys
    import time

    from django.db import connection

    from tpbis_portal.celery import app

    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (make test starts Redis)")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    workers = []

    def start():
        log = open(tmp_path / f"worker-{len(workers)}.log", "w+")  # noqa: SIM115 - closed with the worker
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tpbis_portal",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        proc.log = log
        deadline = time.monotonic() + 30
        while "ready." not in (tmp_path / f"worker-{len(workers)}.log").read_text():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("Celery worker did not start")
            time.sleep(0.1)
        workers.append(proc)
        return proc

    start.workers = workers
    yield start
    for proc in workers:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        proc.log.close()
    app.conf.task_always_eager = True


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests (live server, browser, worker) last, after pytest's own fixture reordering.

    They flush the database, so the session-loaded demo data is gone afterwards; pytest-django sorts
    them last, but pytest may then regroup items by session-scoped parameters (Playwright's
    ``browser_name``) and move them before ordinary tests.
    """
    items.sort(key=lambda item: bool({"transactional_db", "live_server"} & set(item.fixturenames)))
