"""A few seconds of the load test (``make load`` runs it with 50 users for 60 s): every scenario works, no errors."""

import pytest
from django.db import connection

from perf.loadtest.run import run

pytestmark = [pytest.mark.services]


def test_a_short_load_run_has_no_errors(demo_db, tmp_path):
    db = connection.settings_dict
    env = {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "tests.gunicorn_settings",
        "TPBIS_LOAD_TOUR": "1",  # each user runs each of its tasks once, then at random
    }
    result = run(users=5, duration=4, spawn_rate=5, out_dir=tmp_path, env=env, web_workers=1, login_allowance=2)

    assert result.total.failures == 0, result.errors
    assert result.logins.requests == 5
    expected = {
        "activity create",
        "activity detail",
        "monthly report submit",
        "monthly report detail",
        "progress records",
    }
    assert expected <= set(result.counts)
    assert any(name.startswith("progress report (") for name in result.counts)
    assert result.total.requests > 5 * len(expected)
