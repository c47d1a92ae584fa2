"""``make run``'s path: SQLite, no Redis (tasks run eagerly), demo data, the pages a first visitor opens.

The rest of the suite runs on PostgreSQL; this test runs the portal the way ``make run`` does, in
processes of its own, so that what only SQLite does (its SQL dialect, its missing constraints) is
exercised too.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = textwrap.dedent(
    """
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from reports.progress.compile import compile_reports
    from reports.models import ProgressReport
    import datetime as dt

    pages = {
        "pustakawan.rebo": ["/", "/activities/", "/activities/add/", "/reports/monthly/"],
        "dkpus.babel": ["/", "/libraries/", "/reports/progress/2021-08/province/19/", "/reports/dashboard/"],
        "konsultan": ["/reports/dashboard/national/ID/", "/reports/progress/"],
    }
    for username, urls in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")  # an address make run answers on
        client.force_login(User.objects.get(username=username))
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (username, url, response.status_code)
    before = ProgressReport.objects.filter(period=dt.date(2021, 8, 1)).count()
    result = compile_reports(dt.date(2021, 8, 1))
    after = ProgressReport.objects.filter(period=dt.date(2021, 8, 1)).count()
    assert before == after == result.compiled > 0, (before, after, result)
    print("pages ok", after)
    """
)


def test_make_run_serves_the_demo_on_sqlite(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", MEDIA_ROOT=str(tmp_path / "media"), DJANGO_DEBUG="true"
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )

    for args in (["migrate", "--noinput"], ["load_demo", "--if-empty"]):
        done = manage(*args)
        assert done.returncode == 0, done.stderr[-3000:]
    assert "progress reports" in done.stdout
    pages = manage("shell", "-c", PAGES)
    assert pages.returncode == 0, pages.stderr[-3000:]
    assert "pages ok" in pages.stdout
