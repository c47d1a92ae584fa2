"""Each library's month (``LibraryMonth``), kept by PostgreSQL's triggers: equal to a recount of the records after
every kind of write, and the dashboards' pieces added up from it equal those counted from the records."""

import datetime as dt
import threading
import uuid
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from activities.models import Activity, ServiceSnapshot
from activities.verification import verify_many
from foundation.bulk import insert
from foundation.months import add_months
from foundation.scope import Place, PlaceKind
from libraries.models import Library
from reports import rollup
from reports.dashboards import pieces
from reports.dashboards import sql as dashboard_sql
from reports.dashboards.filters import Filters
from reports.models import KpiThreshold, LibraryMonth, MonthlyReport
from tests.activities.factories import make_activity, make_report

from . import dataset

pytestmark = pytest.mark.django_db


def kept_equals_recount():
    assert rollup.differences() == []


def month_of(library, month) -> LibraryMonth:
    return LibraryMonth.objects.get(library=library, month=month)


@pytest.fixture
def libraries():
    return list(Library.objects.filter(regency_id="19.01").order_by("pk")[:3])


def test_the_demo_data_is_kept():
    assert LibraryMonth.objects.exclude(service_records=0, engagement_records=0, reports_sent=0).exists()
    kept_equals_recount()


def test_saves_edits_moves_and_deletions_of_activities(libraries):
    a, b, _c = libraries
    march, april = dt.date(2041, 3, 1), dt.date(2041, 4, 1)
    event = make_activity(a, date=dt.date(2041, 3, 9), participants_male=4, participants_female=6)
    row = month_of(a, march)
    assert (row.engagement_records, row.engagement_male, row.engagement_female, row.engagement_participants) == (
        1,
        4,
        6,
        10,
    )
    kept_equals_recount()

    event.date, event.strategy, event.result, event.verification = dt.date(2041, 4, 2), "advocacy", "funds", "verified"
    event.save()
    assert month_of(a, march).engagement_records == 0
    row = month_of(a, april)
    assert (row.advocacy_records, row.advocacy_funds, row.advocacy_verified, row.advocacy_participants) == (1, 1, 1, 10)

    event.library = b
    event.save()
    assert month_of(a, april).advocacy_records == 0 and month_of(b, april).advocacy_records == 1
    event.title = "Only the title"  # a column nothing counts
    event.save()
    assert month_of(b, april).advocacy_records == 1
    event.delete()
    assert month_of(b, april).advocacy_records == 0
    kept_equals_recount()


def test_bulk_statements_and_copy(libraries):
    a, b, c = libraries
    day = dt.date(2041, 5, 20)
    Activity.objects.bulk_create(
        [
            Activity(library=lib, date=day, strategy="media_publication", title=f"Berita {i}")
            for i, lib in enumerate(libraries)
        ]
    )
    insert(
        Activity,
        [
            {"library_id": lib.pk, "date": day, "strategy": "service_improvement", "title": "Impor", "participants": 7}
            for lib in (a, a, b)
        ],
    )
    assert month_of(a, dt.date(2041, 5, 1)).service_participants == 14
    Activity.objects.filter(library__in=libraries, date=day).update(verification="verified", participants=3)
    assert month_of(c, dt.date(2041, 5, 1)).publication_verified == 1
    kept_equals_recount()
    Activity.objects.filter(library=a, date=day).delete()
    assert month_of(a, dt.date(2041, 5, 1)).service_records == 0
    kept_equals_recount()


def test_verification_of_many_records(libraries, user):
    a, b, _c = libraries
    for lib in (a, b):
        make_activity(lib, date=dt.date(2041, 6, 3))
    verify_many(Activity.objects.filter(date=dt.date(2041, 6, 3)), user("dispus.bangka"))
    assert month_of(a, dt.date(2041, 6, 1)).engagement_verified == 1
    kept_equals_recount()


def test_snapshots_and_monthly_reports(libraries):
    a, b, _c = libraries
    june = dt.date(2041, 6, 1)
    snapshot = ServiceSnapshot.objects.create(library=a, period=june, books=10)
    assert month_of(a, june).snapshots == 1
    snapshot.verification = "verified"
    snapshot.save()
    assert month_of(a, june).snapshots_verified == 1

    report = make_report(a, period=june, status="draft")
    assert month_of(a, june).reports_sent == 0
    sent = dt.datetime(2041, 7, 10, 16, 59, 59, 999_999, tzinfo=dt.UTC)  # the deadline's last microsecond (WIB)
    report.status, report.submitted_at = "submitted", sent
    report.save()
    row = month_of(a, june)
    assert (row.reports_sent, row.reports_submitted, row.reports_timed, row.visitors) == (1, 1, 1, 120)
    assert row.submitted_epoch == int(sent.timestamp())
    report.status = "returned"
    report.save()
    assert month_of(a, june).reports_submitted == 0 and month_of(a, june).reports_sent == 1
    make_report(b, period=june, status="submitted", source="sim", submitted_at=sent)
    assert month_of(b, june).reports_from_sim == 1 and month_of(b, june).reports_timed == 0
    MonthlyReport.objects.filter(period=june).update(loans=5)
    kept_equals_recount()
    snapshot.delete()
    MonthlyReport.objects.filter(period=june).delete()
    kept_equals_recount()


def test_a_deleted_library_takes_its_months():
    library = Library.objects.create(name="TBM Uji", level="tbm", province_id="19", village_id="19.01.01.2007")
    make_activity(library, date=dt.date(2041, 8, 8)).delete()  # a library's records go before it can
    assert LibraryMonth.objects.filter(library=library).count() == 1  # a month of zeros
    library.delete()
    assert not LibraryMonth.objects.filter(library_id=library.pk).exists()
    kept_equals_recount()


def test_the_command_finds_a_difference_and_counts_again(libraries):
    make_activity(libraries[0], date=dt.date(2041, 9, 9))
    call_command("library_months")
    LibraryMonth.objects.filter(library=libraries[0], month=dt.date(2041, 9, 1)).update(engagement_records=5)
    with pytest.raises(CommandError, match=f"library {libraries[0].pk} 2041-09"):
        call_command("library_months")
    call_command("library_months", "--rebuild")
    kept_equals_recount()
    assert month_of(libraries[0], dt.date(2041, 9, 1)).engagement_records == 1


def normalised(found: dict) -> Counter:
    """Pieces as sums by month, kind and key (the order of rows and rows split by result do not matter)."""
    totals = Counter()
    for month, piece in found.items():
        for kind, rows in piece.items():
            width = pieces.CHILD[kind] + 1
            for row in rows:
                for i, value in enumerate(row[width:]):
                    totals[(month, kind, *row[:width], i)] += value
    return +totals


def compared_places() -> list[Place]:
    """The nation, the dataset's and the demo's provinces and regencies, and a demo library."""
    library = Library.objects.filter(regency_id="19.01").order_by("pk").first()
    return [
        Place(PlaceKind.NATIONAL, "ID"),
        Place(PlaceKind.PROVINCE, "51"),
        Place(PlaceKind.PROVINCE, "19"),
        Place(PlaceKind.REGENCY, "51.71"),
        Place(PlaceKind.REGENCY, "19.01"),
        Place(PlaceKind.LIBRARY, str(library.pk), library_id=library.pk),
    ]


def test_the_dashboards_pieces_equal_those_counted_from_the_records():
    dataset.build()
    months = [add_months(dataset.PERIOD, -i) for i in range(3)] + [dt.date(2021, m, 1) for m in range(1, 13)]
    places = compared_places()
    filters = [
        {},
        {"strategy": "advocacy"},
        {"strategy": "community_engagement"},
        {"cohort": 2030},
        {"partner_type": Library.objects.exclude(partner_type="").values_list("partner_type", flat=True).first()},
    ]
    compared = 0
    for place in places:
        for extra in filters:
            chosen = Filters(start=min(months), end=max(months), **extra)
            kept = normalised(pieces.from_library_months(place, chosen, months))
            counted = normalised(pieces.from_records(place, chosen, months))
            assert kept == counted, (place, extra)
            compared += bool(counted)
    assert compared >= 20  # most combinations count something


def test_the_dashboards_kpi_from_library_months_equals_the_compilations():
    """Each partner's KPI colour and score of a month, read from the library months and by the compilation's
    own per-library statement (the records)."""
    dataset.build()
    places = compared_places()
    select = "SELECT id, kpi_colour, 1, kpi_score FROM kpi_lib WHERE kpi_colour IS NOT NULL ORDER BY id"
    scored = 0
    for month in [dataset.PERIOD, dataset.PREVIOUS, dt.date(2021, 3, 1), dt.date(2021, 9, 1)]:
        thresholds = KpiThreshold.for_period(month)
        for place in places:
            for extra in ({}, {"cohort": 2030}):
                chosen = Filters(start=month, end=month, **extra)
                found = []
                for statement in (dashboard_sql.library_month_kpi_statement, dashboard_sql.per_library_statement):
                    with connection.cursor() as cursor:
                        cursor.execute(*statement(place, chosen, month, thresholds, select))
                        found.append(cursor.fetchall())
                assert found[0] == found[1], (month, place, extra)
                scored += len(found[0])
    assert scored > 40  # partners scored or not yet scored, compared one by one


@pytest.mark.usefixtures("demo_db")
def test_concurrent_writers_to_one_month_add_up():
    library = Library.objects.filter(regency_id="19.01").order_by("pk").first()
    month = dt.date(2042, 1, 1)
    start = threading.Barrier(4)
    errors = []

    def write(n):
        try:
            with transaction.atomic():
                start.wait(timeout=10)
                for i in range(5):
                    make_activity(library, date=dt.date(2042, 1, 1 + n), title=f"Serentak {n} {i} {uuid.uuid4()}")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert month_of(library, month).engagement_records == 20
    kept_equals_recount()
