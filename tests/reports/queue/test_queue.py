"""The queue itself: what waits, in which order, narrowed how, counted how, and what comes next."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import verification
from foundation.scope import scope_for
from reports.queue.kinds import KINDS, RECORD_KINDS
from reports.queue.queue import Filters, Queue, returned_to

from ...scoping import library_at
from .records import engagement, snapshot, submitted_report


def keys(records) -> list[tuple[str, int]]:
    slugs = {"Activity": "activities", "Advocacy": "advocacy", "Publication": "publications"}
    slugs |= {"ServiceSnapshot": "service-snapshots", "Replication": "replications", "MonthlyReport": "monthly-reports"}
    return [(slugs[type(record).__name__], record.pk) for record in records]


def test_every_kind_waits_oldest_first(every_kind, user):
    assert Queue(user("dispus.bangka")).ids() == keys(every_kind)


def test_rows_show_what_a_verifier_decides_on(every_kind, user):
    rows = Queue(user("dispus.bangka")).page()
    assert [row.title for row in rows][:3] == [
        "Pelatihan menganyam pandan",
        "Audiensi dengan kepala desa",
        "Berita pojok baca",
    ]
    figures = {row.kind.slug: {f.key: f.value for f in row.figures} for row in rows}
    assert figures["activities"]["participants"] == 15
    assert figures["advocacy"] == {"result": "funds", "amount": 25_000_000}
    assert figures["service-snapshots"]["computers"] == 3
    assert figures["replications"]["villages"] == 5
    assert figures["monthly-reports"]["visitors"] == 120
    assert rows[0].evidence == 0 and rows[3].evidence is None
    assert all(row.can_verify for row in rows)
    assert rows[4].place == "Kabupaten Bangka" or "Bangka" in rows[4].place


def test_the_queue_is_the_users_area(every_kind, user):
    assert Queue(user("dkpus.babel")).ids() == keys(every_kind)
    assert Queue(user("dkpus.bali")).ids() == []
    consultant = Queue(user("konsultan"))
    assert consultant.ids() == keys(every_kind)
    assert not any(row.can_verify for row in consultant.page())
    # A village librarian sees what waits at the library, not the regency's programme.
    assert [k for k, _ in Queue(user("pustakawan.rebo")).ids()] == [
        "activities",
        "advocacy",
        "publications",
        "service-snapshots",
        "monthly-reports",
    ]


def test_filters_narrow_by_kind_library_and_regency(every_kind, user, village):
    staff = user("dkpus.babel")
    other = library_at("belitung_village")
    elsewhere = engagement(other, title="Kegiatan di Belitung")
    assert Queue(staff, Filters(kinds=("advocacy",))).ids() == keys(every_kind[1:2])
    assert Queue(staff, Filters(library=other.pk)).ids() == keys([elsewhere])
    assert len(Queue(staff, Filters(regency="19.01")).ids()) == 6
    assert Queue(staff, Filters(regency="19.02")).ids() == keys([elsewhere])
    assert Queue(staff, Filters(library=village.pk, kinds=("replications",))).ids() == []


def test_counts_by_kind_and_library(every_kind, user, village):
    engagement(village, title="Kedua")
    counts = Queue(user("dispus.bangka"), Filters(kinds=("activities",))).counts()
    assert counts.total == 2
    assert counts.by_kind == {slug: (2 if slug == "activities" else 1) for slug in KINDS}
    assert counts.libraries == [(village.pk, village.name, 6)]
    assert counts.by_library[None] == 1  # the regency's replication programme


def test_returned_records_leave_the_queue_and_come_back_corrected(every_kind, user):
    staff, librarian = user("dispus.bangka"), user("pustakawan.rebo")
    activity = every_kind[0]
    verification.return_record(activity, staff, "Foto belum dilampirkan")
    assert ("activities", activity.pk) not in Queue(staff).ids()
    [row] = returned_to(librarian, 5)
    assert (row.record.pk, row.comment) == (activity.pk, "Foto belum dilampirkan")
    assert verification.corrected(activity, librarian)
    activity.save()
    assert Queue(staff).ids()[0] == ("activities", activity.pk)
    assert returned_to(librarian, 5) == []


def test_next_walks_the_queue_in_order_and_wraps(every_kind, user):
    queue = Queue(user("dispus.bangka"))
    order = keys(every_kind)
    kinds = {slug: KINDS[slug] for slug in KINDS}
    for (slug, _pk), record, following in zip(order, every_kind, order[1:] + order[:1], strict=True):
        assert queue.after(kinds[slug], record) == following
    # Records entered the same day follow their arrival, then their kind and id.
    same_day = [snapshot(every_kind[0].library, days_ago=10) for _ in range(2)]
    assert queue.after(kinds["activities"], every_kind[0]) == ("service-snapshots", same_day[0].pk)
    assert queue.after(kinds["service-snapshots"], same_day[0]) == ("service-snapshots", same_day[1].pk)


def test_next_of_the_last_waiting_record_is_none(quiet, user, village):
    report = submitted_report(village)
    assert Queue(user("dispus.bangka")).after(KINDS["monthly-reports"], report) is None


def test_a_page_costs_the_same_whatever_the_queue(quiet, user, village):
    staff = user("dkpus.babel")
    scope_for(staff)  # the role assignments, read once per request
    queue = Queue(staff)
    engagement(village)
    snapshot(village)
    costs = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            queue.counts()
            queue.page(0, 50)
        costs.append(len(queries))
        for n in range(30):
            engagement(village, title=f"Kegiatan {n}")
            snapshot(village, days_ago=n)
    # counts, library names, keys, one load per table on the page, their open evidence flags
    assert costs[0] == costs[1] == 1 + 1 + 1 + 2 + 1


def test_record_kinds_are_every_kind_but_the_reports():
    assert set(KINDS) - set(RECORD_KINDS) == {"monthly-reports"}
