"""With ``DATABASE_REPLICA_URL``: dashboards and exports read from the replica, other pages and every write use
the primary. The replica is a second real PostgreSQL database, a copy of the test database in which one library
is renamed, so a page shows which database it read; each connection's queries are recorded too.

The portal runs in a process of its own, configured as a server with a replica would be.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections

from libraries.models import Library

ROOT = Path(__file__).resolve().parents[2]
REPLICA_NAME = "Perpustakaan Desa Rebo (replika)"

PORTAL = textwrap.dedent(
    """
    import json, os
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from operations.routers import reading_from_replica

    library = os.environ["LIBRARY_ID"]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="konsultan"))

    def fetch(url):
        with CaptureQueriesContext(connections["default"]) as primary:
            with CaptureQueriesContext(connections["replica"]) as replica:
                response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return {
            "content": b"".join(response).decode() if response.streaming else response.content.decode(),
            "primary": [query["sql"] for query in primary.captured_queries],
            "replica": [query["sql"] for query in replica.captured_queries],
        }

    pages = {
        "dashboard": fetch(reverse("reports:dashboard_detail", args=["library", library])),
        "dashboard_region": fetch(reverse("reports:dashboard_detail", args=["regency", "19.01"])),
        "library_list": fetch(reverse("libraries:library_list") + "?q=Rebo"),
        "library_export": fetch(reverse("libraries:library_list") + "?q=Rebo&export=csv"),
    }
    with reading_from_replica():
        user = User.objects.get(username="konsultan")
        read_from = user._state.db
        user.first_name = "Ditulis ke primer"
        user.save(update_fields=["first_name"])
    print(json.dumps({"pages": pages, "read_from": read_from}))
    """
)


def database_url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def replica(demo_db):
    """A second database holding the test database's rows (as a streaming replica would), one library renamed."""
    primary = connection.settings_dict["NAME"]
    name = f"{primary}_replica"
    connections.close_all()  # a template database must have no other connection
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (primary,))
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{primary}"')
    library = Library.objects.get(name__icontains="Rebo", level="village")
    with psycopg.connect(database_url(name), autocommit=True) as copy:
        copy.execute("UPDATE libraries_library SET name = %s WHERE id = %s", (REPLICA_NAME, library.pk))
    yield database_url(name), library
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_portal(replica_url: str, library: Library) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_DEBUG="true",
        DATABASE_URL=database_url(connection.settings_dict["NAME"]),
        DATABASE_REPLICA_URL=replica_url,
        LIBRARY_ID=str(library.pk),
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PORTAL], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def touches_records(queries: list[str]) -> list[str]:
    tables = ("libraries_", "activities_", "reports_")
    return [sql for sql in queries if any(f'"{table}' in sql for table in tables)]


def test_dashboards_and_exports_read_from_the_replica_and_the_rest_from_the_primary(replica):
    replica_url, library = replica
    result = run_portal(replica_url, library)
    pages = result["pages"]

    for name in ("dashboard", "dashboard_region", "library_export"):
        page = pages[name]
        assert page["replica"], f"{name} read nothing from the replica"
        assert touches_records(page["primary"]) == [], f"{name} read records from the primary"
    assert REPLICA_NAME in pages["dashboard"]["content"]
    assert REPLICA_NAME in pages["library_export"]["content"]

    listing = pages["library_list"]
    assert listing["replica"] == [] and touches_records(listing["primary"])
    assert library.name in listing["content"] and REPLICA_NAME not in listing["content"]

    # Read from the replica, written to the primary.
    assert result["read_from"] == "replica"
    with psycopg.connect(database_url(connection.settings_dict["NAME"])) as primary:
        assert primary.execute("SELECT first_name FROM accounts_user WHERE username = 'konsultan'").fetchone() == (
            "Ditulis ke primer",
        )
    with psycopg.connect(replica_url) as copy:
        assert copy.execute("SELECT first_name FROM accounts_user WHERE username = 'konsultan'").fetchone() != (
            "Ditulis ke primer",
        )
