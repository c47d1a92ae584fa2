"""The evidence flags in the queue: shown first with their reasons and related records; accepted with a note by
a verifier (kept in the record's history), or the record returned as before."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Flag, FlagCode, RecordAction, RecordEvent

from ...conftest import LIBRARIAN
from ...scoping import library_at
from .records import advocacy, engagement

QUEUE = reverse("reports:queue")


def page_url(record):
    return reverse("reports:queue_record", args=["activities", record.pk])


def accept_url(record, flag, slug="activities"):
    return reverse("reports:queue_record_flag_accept", args=[slug, record.pk, flag.pk])


@pytest.fixture
def twins(quiet, village, committed):
    """Two engagement events of one library with the same title three days apart, entered on time."""
    with committed():
        first = engagement(village, date=dt.date(2025, 3, 1), title="Kelas membaca dongeng", days_ago=0)
        second = engagement(village, date=dt.date(2025, 3, 4), title="Kelas membaca dongeng", days_ago=0)
        first.entered_on = second.entered_on = dt.date(2025, 3, 5)
        first.save()
        second.save()
    return first, second


def test_the_record_page_shows_the_flags_first_with_their_reasons_and_related_record(twins, client_as):
    first, second = twins
    content = client_as("dispus.bangka").get(page_url(first)).content.decode()
    assert content.count('data-testid="flag"') == 1
    assert "Another record of this library has the same title, 3 days apart." in content or (
        "Catatan lain perpustakaan ini memiliki judul yang sama, berselang 3 hari." in content
    )
    assert reverse("activities:activity_detail", args=[second.pk]) in content
    assert content.index('data-testid="flags"') < content.index('data-testid="verify-next"')
    assert content.count('data-testid="accept-flag"') == 1


def test_the_queue_lists_the_flags_with_their_reasons(twins, client_as):
    content = client_as("dispus.bangka").get(QUEUE).content.decode()
    assert content.count('data-testid="queue-flag"') == 2


def test_a_verifier_accepts_a_flag_with_a_note_and_it_stays_in_the_history(twins, client_as):
    first, _second = twins
    flag = first.evidence_flags.get()
    client = client_as("dispus.bangka")
    response = client.post(accept_url(first, flag), {"note": "Dua sesi kelas yang berbeda."})
    assert response.status_code == 302 and response["Location"].startswith(page_url(first))
    flag.refresh_from_db()
    assert (flag.resolved_by.username, flag.note) == ("dispus.bangka", "Dua sesi kelas yang berbeda.")
    event = RecordEvent.objects.of(first).get()
    assert event.action == RecordAction.FLAG_ACCEPTED and "Dua sesi kelas yang berbeda." in event.comment
    page = client.get(page_url(first)).content.decode()
    assert 'data-testid="flag-accepted"' in page and 'data-testid="accept-flag"' not in page
    assert "Dua sesi kelas yang berbeda." in page  # in the flag and in the verification steps
    # Accepted, it is no longer in the queue's list of open flags; the other record's flag is still open.
    assert client.get(QUEUE).content.decode().count('data-testid="queue-flag"') == 1
    again = client.post(accept_url(first, flag), {"note": "Lagi."}, follow=True)
    assert again.status_code == 200 and RecordEvent.objects.of(first).count() == 1


def test_accepting_needs_a_note_and_keeps_what_was_typed(twins, client_as):
    first, _second = twins
    flag = first.evidence_flags.get()
    response = client_as("dispus.bangka").post(accept_url(first, flag), {"note": "   "})
    assert response.status_code == 200
    assert 'data-testid="flag-error"' in response.content.decode()
    flag.refresh_from_db()
    assert flag.resolved_at is None
    long = client_as("dispus.bangka").post(accept_url(first, flag), {"note": "x" * 1001})
    assert long.status_code == 200 and "x" * 1001 in long.content.decode()


def test_returning_a_flagged_record_works_as_before(twins, client_as):
    first, _second = twins
    url = reverse("reports:queue_record_return", args=["activities", first.pk])
    response = client_as("dispus.bangka").post(url, {"comment": "Judul sama dengan kegiatan 4 Maret."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.verification == "returned"
    assert first.evidence_flags.get().resolved_at is None


@pytest.mark.parametrize(("username", "status"), [(LIBRARIAN, 403), ("konsultan", 403), ("dkpus.bali", 404)])
def test_only_the_records_verifiers_accept_its_flags(twins, client_as, username, status):
    first, _second = twins
    flag = first.evidence_flags.get()
    response = client_as(username).post(accept_url(first, flag), {"note": "Tidak apa-apa."})
    assert response.status_code == status
    flag.refresh_from_db()
    assert flag.resolved_at is None


def test_a_flag_of_another_record_or_kind_is_not_found(twins, client_as, village):
    first, second = twins
    client = client_as("dispus.bangka")
    other = second.evidence_flags.get()
    assert client.post(accept_url(first, other), {"note": "x"}).status_code == 404
    assert (
        client.post(accept_url(first, first.evidence_flags.get(), "monthly-reports"), {"note": "x"}).status_code == 404
    )
    assert client.post(accept_url(first, first.evidence_flags.get(), "nothing"), {"note": "x"}).status_code == 404
    assert client.get(accept_url(first, first.evidence_flags.get())).status_code == 405


def test_the_record_page_costs_the_same_whatever_its_flags(quiet, client_as, village, committed):
    client = client_as("dispus.bangka")
    record = advocacy(village, date=dt.date(2025, 3, 1), result="non_funds", amount=None)
    client.get(page_url(record))
    counts = []
    for n in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:queue_record", args=["advocacy", record.pk])).status_code == 200
        counts.append(len(queries))
        with committed():
            for day in range(2, 8):
                advocacy(village, date=dt.date(2025, 3, day), result="non_funds", amount=None, title=record.title)
        assert Flag.objects.filter(object_id=record.pk, code=FlagCode.DUPLICATE).count() == 1
        assert len(Flag.objects.get(object_id=record.pk, code=FlagCode.DUPLICATE).related) == 6 * (n + 1)
    assert counts[0] == counts[1]


def test_a_library_in_another_province_sees_nothing(twins, client_as):
    first, _second = twins
    assert client_as("dkpus.bali").get(page_url(first)).status_code == 404
    assert library_at("own_village") == first.library
