"""The inbox: everyone's own and nobody else's, read marks, links checked by the record's page; query counts."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from notifications.models import Kind, Notification
from notifications.service import notify
from tests.activities.factories import make_report
from tests.conftest import LIBRARIAN
from tests.scoping import ROLES, library_at

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


@pytest.fixture
def everyone_told(user):
    """One notification for every demo role, about a report of the librarian's village."""
    report = make_report(library_at("own_village"))
    notify(Kind.SUBMITTED, report, [user(name) for name in ROLES], subject="Laporan Desa Rebo")
    return report


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_their_own_notifications(client_as, user, everyone_told, role):
    response = client_as(role).get(INBOX)
    assert response.status_code == 200
    shown = response.context["notifications"]
    assert [n.recipient_id for n in shown] == [user(role).pk]
    assert response.context["notifications_unread"] == 1
    assert 'data-testid="unread-badge"' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_someone_elses_notification_is_not_found(client_as, everyone_told, role):
    other = Notification.objects.exclude(recipient__username=role).first()
    client = client_as(role)
    assert client.get(reverse("notifications:open", args=[other.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


@pytest.mark.parametrize(("role", "status"), [(LIBRARIAN, 200), ("dispus.bangka", 200), ("dkpus.bali", 404)])
def test_the_link_leads_to_the_record_whose_page_checks_the_scope(client_as, everyone_told, role, status):
    mine = Notification.objects.get(recipient__username=role)
    client = client_as(role)
    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == everyone_told.get_absolute_url()
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert client.get(response["Location"]).status_code == status


def test_marking_read_one_and_all(client_as, user, everyone_told):
    report = make_report(library_at("own_village"), period=everyone_told.period.replace(month=2))
    notify(Kind.RETURNED, report, [user(LIBRARIAN)])
    client = client_as(LIBRARIAN)
    first = Notification.objects.filter(recipient__username=LIBRARIAN).first()
    response = client.post(reverse("notifications:read", args=[first.pk]), {"next": f"{INBOX}?unread=1"})
    assert response.status_code == 302 and response["Location"] == f"{INBOX}?unread=1"
    assert client.get(INBOX).context["notifications_unread"] == 1
    unread = client.get(INBOX, {"unread": "1"}).context["notifications"]
    assert [n.pk for n in unread] != [first.pk] and len(unread) == 1
    client.post(reverse("notifications:read_all"), {"next": "https://elsewhere.example/"})
    page = client.get(INBOX)
    assert page.context["notifications_unread"] == 0
    assert 'data-testid="unread-badge"' not in page.content.decode()
    # Others' notifications are untouched.
    assert Notification.objects.filter(read_at__isnull=True).count() == len(ROLES) - 1


def test_reading_needs_a_post(client_as, everyone_told):
    mine = Notification.objects.get(recipient__username=LIBRARIAN)
    client = client_as(LIBRARIAN)
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_the_inbox_needs_a_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_inbox_query_count_does_not_grow(client_as, user, django_assert_max_num_queries):
    librarian = user(LIBRARIAN)
    for month in range(1, 13):
        report = make_report(library_at("own_village"), period=dt.date(2024, month, 1))
        notify(Kind.RETURNED, report, [librarian], actor=user("dispus.bangka"))
    client = client_as(LIBRARIAN)
    # session, user, the page's rows with their actors, the pager's count, the navbar's unread count, the roles
    # that decide the menu
    with django_assert_max_num_queries(6):
        response = client.get(INBOX)
    assert len(response.context["notifications"]) == 12


def test_the_navbar_count_is_one_query(client_as, user, django_assert_max_num_queries):
    notify(Kind.RETURNED, make_report(library_at("own_village")), [user(LIBRARIAN)])
    request = RequestFactory().get("/")
    request.user = user(LIBRARIAN)
    with django_assert_max_num_queries(1):
        html = render_to_string("includes/nav_status.html", request=request)
    assert 'data-testid="unread-badge">1<' in html
