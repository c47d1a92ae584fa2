"""Each province's months (``ProvinceMonth``), kept by PostgreSQL from the library months: equal to a recount after
libraries move between groups, folding keeps every sum, writers in one province do not wait for each other, "on
time" is the deadline's, and another deadline day is read from the library months until counted again."""

import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from foundation.scope import Place, PlaceKind
from libraries.models import Library
from libraries.models.library import VILLAGE_LEVELS
from reports import province_months
from reports.dashboards import pieces
from reports.dashboards.filters import Filters
from reports.deadlines import deadline_for
from reports.models import ProvinceMonth
from tests.activities.factories import make_activity, make_advocacy, make_report

from .test_library_months import kept_equals_recount, normalised

pytestmark = pytest.mark.django_db

NATION = Place(PlaceKind.NATIONAL, "ID")


@pytest.fixture
def libraries():
    """Three partner libraries expected to report (active, at village level, in a cohort)."""
    expected = Library.objects.filter(regency_id="19.01", is_active=True, cohort_year__lte=2030)
    found = list(expected.filter(level__in=[level.value for level in VILLAGE_LEVELS]).order_by("pk")[:3])
    assert len(found) == 3
    return found


def sums() -> dict:
    """Each group's figures added up over its rows."""
    columns = {c: Sum(c) for c in province_months.COLUMNS}
    rows = ProvinceMonth.objects.values(*(k.removesuffix("_id") for k in province_months.KEY)).annotate(**columns)
    return {tuple(row[k.removesuffix("_id")] for k in province_months.KEY): row for row in rows}


def test_libraries_that_move_take_their_months_along(libraries):
    a, b, _c = libraries
    for day in (3, 4):
        make_activity(a, date=dt.date(2041, 10, day))
    make_report(b, period=dt.date(2041, 10, 1), status="submitted", submitted_at=deadline_for(dt.date(2041, 10, 1)))
    kept_equals_recount()
    moves = [
        {"cohort_year": 2030},
        {"partner_type": "self_replication" if a.partner_type != "self_replication" else "full_support"},
        {"is_active": False},
        {"level": "tbm" if a.level != "tbm" else "village"},
        {"cohort_year": None},
        {"province_id": "51", "regency_id": "51.71"},
    ]
    for move in moves:
        Library.objects.filter(pk__in=[a.pk, b.pk]).update(**move)
        kept_equals_recount()
    october = [g for g in sums().values() if g["month"] == dt.date(2041, 10, 1) and g["province"] == "51"]
    assert sum(g["engagement_records"] for g in october) == 2
    assert sum(g["reports_on_time"] for g in october) == 1
    Library.objects.filter(pk=a.pk).update(name="Perpustakaan yang hanya berganti nama")
    kept_equals_recount()


def test_folding_keeps_every_group_s_sum(libraries):
    for n, library in enumerate(libraries * 2):
        make_activity(library, date=dt.date(2041, 11, 1 + n))
    make_activity(libraries[0], date=dt.date(2041, 11, 20)).delete()
    before = sums()
    assert ProvinceMonth.objects.filter(month=dt.date(2041, 11, 1)).count() > 1
    assert province_months.fold() > 0
    assert sums() == {key: row for key, row in before.items() if any(row[c] for c in province_months.COLUMNS)}
    groups = ProvinceMonth.objects.values(*province_months.KEY).annotate(rows=Count("id"))
    assert not groups.filter(rows__gt=1).exists()
    assert province_months.fold() == 0  # nothing left to fold
    kept_equals_recount()


def test_beat_folds_every_ten_minutes(libraries, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["fold-province-months"]
    assert entry["task"] == province_months.fold_province_months.name and entry["schedule"] == 600.0
    make_activity(libraries[0], date=dt.date(2041, 11, 3))
    make_activity(libraries[0], date=dt.date(2041, 11, 4))
    assert province_months.fold_province_months.delay().get() > 0  # as the worker runs it
    kept_equals_recount()


def test_on_time_is_the_deadline_s(libraries):
    month = dt.date(2041, 12, 1)
    deadline = deadline_for(month)
    submitted = [deadline, deadline + dt.timedelta(microseconds=1), deadline - dt.timedelta(days=20)]
    for library, at in zip(libraries, submitted, strict=True):
        make_report(library, period=month, status="submitted", submitted_at=at)
    chosen = Filters(start=month, end=month)
    kept = pieces.from_province_months(chosen, [month])
    assert normalised(kept) == normalised(pieces.from_records(NATION, chosen, [month]))
    (bangka,) = kept[month]["reports"]
    assert bangka[:3] == ("19", 3, 2)  # three submitted, two by the deadline


def test_the_nation_s_pieces_equal_those_counted_from_the_records(libraries):
    make_advocacy(libraries[0], date=dt.date(2041, 8, 8), result="regulation")
    months = [dt.date(2041, m, 1) for m in range(1, 13)] + [dt.date(2025, m, 1) for m in range(1, 13)]
    filters = [{}, {"strategy": "advocacy"}, {"cohort": libraries[0].cohort_year}, {"partner_type": "full_support"}]
    for extra in filters:
        chosen = Filters(start=min(months), end=max(months), **extra)
        kept = normalised(pieces.from_province_months(chosen, months))
        assert kept == normalised(pieces.from_records(NATION, chosen, months)), extra
        assert kept or extra


def test_another_deadline_day_reads_the_library_months_until_counted_again(libraries, settings):
    month = dt.date(2041, 12, 1)
    make_report(libraries[0], period=month, status="submitted", submitted_at=deadline_for(month))
    assert province_months.kept()
    settings.TPBIS_REPORT_DEADLINE_DAY -= 1  # the report is late now
    assert not province_months.kept()
    with pytest.raises(CommandError, match="--rebuild"):
        call_command("library_months")
    chosen = Filters(start=month, end=month)
    with CaptureQueriesContext(connection) as read:
        found = pieces.compute(NATION, chosen, [month])
    assert any('FROM "reports_librarymonth"' in q["sql"] for q in read.captured_queries)
    assert found[month]["reports"][0][:3] == ("19", 1, 0)
    call_command("library_months", "--rebuild")
    assert province_months.kept()
    kept_equals_recount()
    assert normalised(pieces.from_province_months(chosen, [month])) == normalised(found)


@pytest.mark.usefixtures("demo_db")
def test_writers_in_one_province_do_not_wait_for_each_other():
    first, second = Library.objects.filter(regency_id="19.01", cohort_year__isnull=False).order_by("pk")[:2]
    Library.objects.filter(pk=second.pk).update(cohort_year=first.cohort_year, partner_type=first.partner_type)
    written, done, errors = threading.Event(), threading.Event(), []

    def hold():
        try:
            with transaction.atomic():
                make_activity(first, date=dt.date(2043, 1, 5), title="Belum selesai")
                written.set()
                done.wait(timeout=10)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert written.wait(timeout=10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")  # an update in place would wait for the other
            make_activity(second, date=dt.date(2043, 1, 6), title="Tidak menunggu")
    finally:
        done.set()
        holder.join()
    assert errors == []
    january = [g for g in sums().values() if g["month"] == dt.date(2043, 1, 1)]
    assert sum(g["engagement_records"] for g in january) == 2
    kept_equals_recount()
