"""The queue's pages: the staff's home, verify in one tap or several at once, a record's page walking the queue,
returning with a comment, and what the library sees come back."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment, User
from activities import verification
from activities.models import Activity, RecordAction, RecordEvent
from libraries.models import Library

from ...conftest import LIBRARIAN
from ...scoping import library_at
from .records import advocacy, engagement, snapshot, submitted_report

QUEUE = reverse("reports:queue")
VERIFY = reverse("reports:queue_verify")


def record_url(slug, pk, name="queue_record"):
    return reverse(f"reports:{name}", args=[slug, pk])


def shown(response) -> list[str]:
    return [row.key for row in response.context["rows"]]


@pytest.mark.parametrize("username", ["dispus.bangka", "dkpus.babel"])
def test_regency_and_province_staff_land_on_their_queue(every_kind, client_as, username):
    response = client_as(username).get(reverse("home"))
    assert response.templates[0].name == "reports/queue/queue.html"
    content = response.content.decode()
    assert 'data-testid="queue-count">6<' in content
    assert content.count('data-testid="verify-one"') == 6
    assert "Pelatihan menganyam pandan" in content and "Rp 25.000.000" in content
    assert f'href="{reverse("reports:dashboard")}"' in content


@pytest.mark.parametrize("username", ["admin", "konsultan", LIBRARIAN])
def test_administrators_consultants_and_librarians_keep_their_home(every_kind, client_as, username):
    response = client_as(username).get(reverse("home"))
    assert response.templates[0].name == "home.html"


def test_a_consultant_reads_the_queue_without_acting(every_kind, client_as):
    content = client_as("konsultan").get(QUEUE).content.decode()
    assert 'data-testid="queue-read-only"' in content
    assert 'data-testid="queue-count">6<' in content
    assert 'name="selected"' not in content and 'data-testid="verify-one"' not in content
    page = client_as("konsultan").get(record_url("activities", every_kind[0].pk)).content.decode()
    assert 'data-testid="verify-next"' not in page and 'data-testid="return-next"' not in page


def test_verify_in_one_tap_back_to_the_list(every_kind, client_as):
    activity = every_kind[0]
    client = client_as("dispus.bangka")
    response = client.post(VERIFY, {"one": f"activities:{activity.pk}", "selected": [], "next": "/?type=activities"})
    assert response.status_code == 302 and response["Location"] == "/?type=activities"
    activity.refresh_from_db()
    assert (activity.verification, activity.verified_by.username) == ("verified", "dispus.bangka")
    assert RecordEvent.objects.of(activity).get().action == RecordAction.VERIFIED
    assert "1 catatan diverifikasi." in client.get("/").content.decode()


def test_verify_several_together(every_kind, client_as):
    client = client_as("dkpus.babel")
    selected = [f"activities:{every_kind[0].pk}", f"advocacy:{every_kind[1].pk}", f"monthly-reports:{every_kind[5].pk}"]
    response = client.post(VERIFY, {"selected": selected}, follow=True)
    assert "3 catatan diverifikasi." in response.content.decode()
    assert shown(response) == [
        f"publications:{every_kind[2].pk}",
        f"service-snapshots:{every_kind[3].pk}",
        f"replications:{every_kind[4].pk}",
    ]
    every_kind[5].refresh_from_db()
    assert every_kind[5].status == "verified"
    assert every_kind[5].events.get().actor.username == "dkpus.babel"


def test_bulk_verify_counts_what_it_skipped(every_kind, client_as, village):
    # A consultant of the nation who is also staff of another regency reads Bangka's queue but verifies Belitung's.
    user = User.objects.create_user("ganda", password="x")
    RoleAssignment.objects.create(user=user, role="consultant")
    RoleAssignment.objects.create(user=user, role="regency_staff", regency_id="19.02")
    belitung = engagement(library_at("belitung_village"), title="Di Belitung")
    verified = engagement(library_at("belitung_village"), title="Sudah", verification="verified")
    client_as("admin").logout()
    from django.test import Client

    client = Client()
    client.force_login(user)
    selected = [f"activities:{every_kind[0].pk}", f"activities:{belitung.pk}", f"activities:{verified.pk}"]
    content = client.post(VERIFY, {"selected": selected}, follow=True).content.decode()
    assert "1 catatan diverifikasi." in content
    assert "1 dilewati: Anda tidak boleh memverifikasinya." in content
    assert "1 sudah tidak menunggu lagi." in content
    every_kind[0].refresh_from_db()
    assert every_kind[0].verification == "unverified"


def test_a_selection_outside_the_area_verifies_nothing(every_kind, client_as):
    bali = engagement(library_at("bali_village"), title="Di Bali")
    client = client_as("dispus.bangka")
    response = client.post(VERIFY, {"selected": [f"activities:{every_kind[0].pk}", f"activities:{bali.pk}"]})
    assert response.status_code == 302
    assert not Activity.objects.filter(pk__in=[every_kind[0].pk, bali.pk], verification="verified").exists()


@pytest.mark.parametrize(
    "selected", [[], ["activities:x"], ["nothing:1"], ["activities:99999999999999999999999"], ["activities"]]
)
def test_a_selection_it_cannot_read_is_an_error_not_a_crash(every_kind, client_as, selected):
    response = client_as("dispus.bangka").post(VERIFY, {"selected": selected}, follow=True)
    assert response.status_code == 200
    assert not Activity.objects.filter(verification="verified", pk=every_kind[0].pk).exists()


@pytest.mark.parametrize("username", ["konsultan", LIBRARIAN])
def test_readers_and_librarians_may_not_verify(every_kind, client_as, username):
    client = client_as(username)
    key = f"activities:{every_kind[0].pk}"
    assert client.post(VERIFY, {"one": key}).status_code == 403
    assert client.post(record_url("activities", every_kind[0].pk, "queue_record_verify")).status_code == 403
    return_url = record_url("activities", every_kind[0].pk, "queue_record_return")
    assert client.post(return_url, {"comment": "Salah"}).status_code == 403
    every_kind[0].refresh_from_db()
    assert every_kind[0].verification == "unverified"


def test_a_record_page_shows_everything_to_decide(every_kind, client_as):
    response = client_as("dispus.bangka").get(record_url("advocacy", every_kind[1].pk))
    content = response.content.decode()
    assert 'data-testid="verify-next"' in content and 'data-testid="return-next"' in content
    assert "Audiensi dengan kepala desa" in content and "Rp 25.000.000" in content and "Dana" in content
    assert 'data-testid="remaining"' in content
    assert client_as("dispus.bangka").get(record_url("publications", every_kind[1].pk)).status_code == 404
    assert client_as("dispus.bangka").get(record_url("nothing", every_kind[1].pk)).status_code == 404


def test_verify_and_next_walks_the_queue_with_its_filters(every_kind, client_as, village):
    second = engagement(village, days_ago=1, title="Kedua")
    client = client_as("dispus.bangka")
    url = record_url("activities", every_kind[0].pk, "queue_record_verify") + "?type=activities"
    response = client.post(url)
    assert response["Location"] == record_url("activities", second.pk) + "?type=activities"
    response = client.post(record_url("activities", second.pk, "queue_record_verify") + "?type=activities")
    assert response["Location"] == QUEUE + "?type=activities"
    assert Activity.objects.filter(pk__in=[every_kind[0].pk, second.pk], verification="verified").count() == 2


def test_return_needs_a_comment_and_then_goes_on(every_kind, client_as):
    client = client_as("dispus.bangka")
    url = record_url("publications", every_kind[2].pk, "queue_record_return")
    response = client.post(url, {"comment": "   "})
    assert response.status_code == 200 and response.context["return_form"].errors["comment"]
    every_kind[2].refresh_from_db()
    assert every_kind[2].verification == "unverified"
    response = client.post(url, {"comment": "Tautan berita tidak bisa dibuka"})
    assert response["Location"] == record_url("service-snapshots", every_kind[3].pk)
    every_kind[2].refresh_from_db()
    assert (every_kind[2].verification, every_kind[2].return_comment) == ("returned", "Tautan berita tidak bisa dibuka")


def test_a_monthly_report_is_verified_and_returned_through_its_workflow(every_kind, client_as):
    report = every_kind[5]
    client = client_as("dispus.bangka")
    client.post(record_url("monthly-reports", report.pk, "queue_record_return"), {"comment": "Pengunjung kurang"})
    report.refresh_from_db()
    assert (report.status, report.return_comment) == ("returned", "Pengunjung kurang")
    response = client.post(record_url("monthly-reports", report.pk, "queue_record_verify"), follow=True)
    assert "Hanya laporan yang sudah diajukan" in response.content.decode()


def test_skip_goes_to_the_next_without_acting(every_kind, client_as):
    response = client_as("dispus.bangka").get(record_url("activities", every_kind[0].pk, "queue_record_next"))
    assert response["Location"] == record_url("advocacy", every_kind[1].pk)
    every_kind[0].refresh_from_db()
    assert every_kind[0].verification == "unverified"


def test_the_library_sees_what_came_back_and_sends_it_back(every_kind, client_as, user):
    activity = every_kind[0]
    verification.return_record(activity, user("dispus.bangka"), "Jumlah peserta tidak sesuai daftar hadir")
    client = client_as(LIBRARIAN)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-returned"' in home
    assert "Jumlah peserta tidak sesuai daftar hadir" in home
    assert reverse("activities:activity_edit", args=[activity.pk]) in home
    returned = client.get(reverse("reports:queue_returned")).content.decode()
    assert "Jumlah peserta tidak sesuai daftar hadir" in returned
    page = client.get(record_url("activities", activity.pk)).content.decode()
    assert 'data-testid="resubmit"' in page and 'data-testid="return-comment"' in page
    client.post(record_url("activities", activity.pk, "queue_record_resubmit"))
    activity.refresh_from_db()
    assert activity.verification == "unverified"
    assert [e.action for e in RecordEvent.objects.of(activity)] == ["returned", "corrected"]
    assert 'data-testid="home-returned"' not in client.get(reverse("home")).content.decode()


def test_staff_cannot_send_back_what_they_verify(every_kind, client_as, user):
    activity = every_kind[0]
    verification.return_record(activity, user("dispus.bangka"), "Foto kurang")
    client_as("dispus.bangka").post(record_url("activities", activity.pk, "queue_record_resubmit"))
    activity.refresh_from_db()
    assert activity.verification == "returned"
    assert (
        client_as("konsultan").post(record_url("activities", activity.pk, "queue_record_resubmit")).status_code == 403
    )


def test_correcting_an_activity_in_its_form_puts_it_back_in_the_queue(every_kind, client_as, user):
    activity = every_kind[0]
    verification.return_record(activity, user("dispus.bangka"), "Judul kurang jelas")
    client = client_as(LIBRARIAN)
    form = client.get(reverse("activities:activity_edit", args=[activity.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "photos"}
    data.update(title="Pelatihan menganyam pandan untuk ibu-ibu PKK", targets="[]")
    client.post(reverse("activities:activity_edit", args=[activity.pk]), data)
    activity.refresh_from_db()
    assert (activity.title, activity.verification) == ("Pelatihan menganyam pandan untuk ibu-ibu PKK", "unverified")
    assert RecordEvent.objects.of(activity).last().action == RecordAction.CORRECTED


@pytest.mark.parametrize(
    "query",
    [
        {"type": "zzz"},
        {"library": "abc"},
        {"regency": "\x00"},
        {"province": "99"},
        {"page": "x"},
        {"page": "9999"},
        {"library": str(Library.objects.none().count() + 10**20)},
    ],
)
def test_any_query_string_is_answered(every_kind, client_as, query):
    response = client_as("dkpus.babel").get(QUEUE, query)
    assert response.status_code == 200


def test_the_queue_page_costs_the_same_whatever_the_queue(quiet, client_as, village):
    client = client_as("dkpus.babel")
    engagement(village)
    snapshot(village)
    submitted_report(village, submitted_at=timezone.now() - dt.timedelta(days=60))  # the first of the queue
    client.get(QUEUE)  # what a first request reads once (the record types)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE).status_code == 200
        counts.append(len(queries))
        for n in range(25):
            engagement(village, title=f"Kegiatan {n}")
            advocacy(village, days_ago=n)
            snapshot(village, days_ago=n)
    assert counts[0] == counts[1]
    # session, user, roles; the regency choices; counts, library names; the page, its activities, snapshots and
    # reports, their open evidence flags; the verified share of the month; the navbar's unread notices
    assert counts[0] == 3 + 1 + 2 + 5 + 1 + 1


def test_every_kind_has_its_page(every_kind, client_as):
    client = client_as("dispus.bangka")
    slugs = ["activities", "advocacy", "publications", "service-snapshots", "replications", "monthly-reports"]
    for slug, record in zip(slugs, every_kind, strict=True):
        response = client.get(record_url(slug, record.pk))
        assert response.status_code == 200, slug
        assert 'data-testid="verify-next"' in response.content.decode(), slug


@pytest.mark.parametrize("pk", [0, 10**20])
def test_a_record_that_cannot_exist_is_404(quiet, client_as, pk):
    client = client_as("dispus.bangka")
    assert client.get(f"/reports/queue/activities/{pk}/").status_code == 404
    assert client.post(f"/reports/queue/activities/{pk}/verify/").status_code == 404


def test_the_list_goes_back_only_to_pages_of_the_portal(every_kind, client_as):
    response = client_as("dispus.bangka").post(
        VERIFY, {"one": f"activities:{every_kind[0].pk}", "next": "https://x.example/"}
    )
    assert response["Location"] == QUEUE


def test_a_long_comment_is_refused_and_kept(every_kind, client_as):
    comment = "Terlalu panjang. " * 200
    response = client_as("dispus.bangka").post(
        record_url("activities", every_kind[0].pk, "queue_record_return"), {"comment": comment}
    )
    assert response.status_code == 200 and response.context["return_form"]["comment"].value() == comment
    every_kind[0].refresh_from_db()
    assert every_kind[0].verification == "unverified"
