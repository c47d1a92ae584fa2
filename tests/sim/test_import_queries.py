"""An import reads each kind of existing row once and writes in bulk: its queries do not grow with its rows."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from perf.sim_files import sim_files
from sim.importing import import_sim

pytestmark = pytest.mark.django_db
END = dt.date(2026, 9, 1)


def queries(records: int) -> tuple[int, int, int]:
    """Queries of a first import and of the same files again, and the records imported (then rolled back)."""
    sources = sorted(sim_files("19", records, 1, END, timezone.localdate()).items())
    with transaction.atomic():
        with CaptureQueriesContext(connection) as first:
            plan = import_sim(sources)
        assert plan.ok, (plan.problems[:3], plan.unplaced[:3])
        with CaptureQueriesContext(connection) as again:
            assert import_sim(sources).changes == 0
        imported = sum(c.total for c in plan.counts.values())
        transaction.set_rollback(True)
    return len(first), len(again), imported


def test_the_queries_of_an_import_do_not_grow_with_its_rows():
    small, small_again, small_rows = queries(1_000)
    large, large_again, large_rows = queries(4_000)
    assert (small_rows, large_rows) == (1_000, 4_000)
    assert large == small and large_again == small_again
    assert small < 80 and small_again < 30
