"""List counts are kept until a row of a table they read changes, and never inside a transaction."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from foundation.counting import cached_count, tables_changed
from libraries.models import Library


def counted(queryset) -> tuple[int, bool]:
    """The count, and whether the database was asked for it."""
    with CaptureQueriesContext(connection) as queries:
        count = cached_count(queryset)
    return count, any("COUNT(" in q["sql"] for q in queries.captured_queries)


@pytest.mark.usefixtures("demo_db")
def test_a_count_is_kept_until_a_row_it_reads_changes(transactional_db):
    library = Library.objects.filter(level="village").order_by("pk").first()
    in_babel = Activity.objects.filter(library__province_id="19")
    total, asked = counted(in_babel)
    assert asked and total == in_babel.count()
    assert counted(in_babel) == (total, False)

    Activity.objects.create(library=library, date=dt.date(2021, 9, 3), strategy="advocacy", title="Audiensi")
    assert counted(in_babel) == (total + 1, True)  # an activity saved: recounted

    library.save()  # a library changed: the count reads that table too
    assert counted(in_babel) == (total + 1, True)

    Activity.objects.bulk_create([Activity(library=library, date=dt.date(2021, 9, 4), strategy="advocacy", title="B")])
    tables_changed(Activity)  # a bulk write says so
    assert counted(in_babel) == (total + 2, True)

    with transaction.atomic():  # a transaction may see its own rows: never kept
        assert counted(in_babel) == (total + 2, True)
        assert counted(in_babel) == (total + 2, True)


def test_counts_inside_a_transaction_are_not_kept(db):
    before = counted(Activity.objects.all())
    Activity.objects.filter(pk__in=Activity.objects.order_by("pk").values("pk")[:3]).delete()
    assert counted(Activity.objects.all()) == (before[0] - 3, True)
