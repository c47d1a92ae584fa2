"""Monthly reports through the API: the workflow steps of reports/monthly/workflow.py, locks, timeliness."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import RoleAssignment
from reports.models import MonthlyReport
from reports.models.monthly import ReportEvent

from ..conftest import LIBRARIAN

REPORTS = "/api/v1/monthly-reports/"
SEPTEMBER = dt.date(2019, 9, 1)


@pytest.fixture
def report(db):
    library = RoleAssignment.objects.get(user__username=LIBRARIAN).library
    return MonthlyReport.objects.create(library=library, period=SEPTEMBER, visitors=210, loans=80)


def step(client, report, name, body=None, language="en"):
    return client.post(f"{REPORTS}{report.pk}/{name}/", body or {}, format="json", HTTP_ACCEPT_LANGUAGE=language)


def test_submit_verify_as_the_workflow_says(api_as, report, user):
    response = step(api_as(LIBRARIAN), report, "submit")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["submitted_at"] is not None
    assert [event["action"] for event in body["events"]] == ["submitted"]
    assert body["events"][0]["actor"] == user(LIBRARIAN).pk

    assert step(api_as(LIBRARIAN), report, "verify").status_code == 403  # never their own report
    response = step(api_as("dispus.bangka"), report, "verify", {"comment": "Lengkap"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["verified_by"]) == ("verified", user("dispus.bangka").pk)
    event = ReportEvent.objects.get(report=report, action="verified")
    assert (event.actor.username, event.comment) == ("dispus.bangka", "Lengkap")


def test_a_step_the_state_does_not_allow_is_a_400_with_the_reason(api_as, report):
    response = step(api_as("dkpus.babel"), report, "verify")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Only a submitted report can be verified."]}
    step(api_as(LIBRARIAN), report, "submit")
    response = step(api_as(LIBRARIAN), report, "submit", language="id")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Hanya laporan draf atau yang dikembalikan yang dapat diajukan."]}


@pytest.mark.parametrize("body", [{}, {"comment": ""}, {"comment": "   "}])
def test_returning_needs_a_comment(api_as, report, body):
    step(api_as(LIBRARIAN), report, "submit")
    response = step(api_as("dkpus.babel"), report, "return", body)
    assert response.status_code == 400
    assert set(response.json()) == {"comment"}
    report.refresh_from_db()
    assert report.status == "submitted"


def test_returned_then_resubmitted_keeps_the_first_submission_time(api_as, report):
    first = step(api_as(LIBRARIAN), report, "submit").json()["submitted_at"]
    response = step(api_as("dkpus.babel"), report, "return", {"comment": "Jumlah pinjaman belum diisi"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["return_comment"]) == ("returned", "Jumlah pinjaman belum diisi")
    # a returned report can be corrected (not moved to another month) and sent again
    client = api_as(LIBRARIAN)
    assert client.patch(f"{REPORTS}{report.pk}/", {"loans": 95}, format="json").json()["loans"] == 95
    moved = client.patch(f"{REPORTS}{report.pk}/", {"period": "2019-08"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert moved.status_code == 400
    assert moved.json() == {"period": ["The month of a report that has been submitted cannot be changed."]}
    again = step(client, report, "submit").json()
    assert (again["status"], again["submitted_at"]) == ("submitted", first)
    assert [event["action"] for event in again["events"]] == ["submitted", "returned", "resubmitted"]


@pytest.mark.parametrize("status", ["submitted", "verified"])
def test_submitted_and_verified_reports_are_locked(api_as, report, status):
    MonthlyReport.objects.filter(pk=report.pk).update(status=status, submitted_at=timezone.now())
    client = api_as("dkpus.babel")
    url = f"{REPORTS}{report.pk}/"
    for response in (
        client.patch(url, {"visitors": 1}, format="json", HTTP_ACCEPT_LANGUAGE="en"),
        client.put(url, {"library": report.library_id, "period": "2019-09"}, format="json", HTTP_ACCEPT_LANGUAGE="en"),
        client.delete(url, HTTP_ACCEPT_LANGUAGE="en"),
    ):
        assert response.status_code == 403
        assert response.json() == {"detail": "A submitted or verified report cannot be changed."}
    report.refresh_from_db()
    assert (report.visitors, report.status) == (210, status)


def test_a_report_does_not_move_to_another_library(api_as, report):
    other = (
        MonthlyReport._meta.get_field("library")
        .related_model.objects.filter(regency_id="19.01")
        .exclude(pk=report.library_id)[0]
    )
    response = api_as("dispus.bangka").patch(
        f"{REPORTS}{report.pk}/", {"library": other.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"library": ["A report does not move to another library."]}


def test_a_report_for_a_month_that_has_not_started_is_refused(api_as, report):
    next_month = (timezone.localdate().replace(day=28) + dt.timedelta(days=5)).strftime("%Y-%m")
    body = {"library": report.library_id, "period": next_month}
    response = api_as(LIBRARIAN).post(REPORTS, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"period": ["A report cannot be made for a month that has not started."]}


def test_creating_a_report_records_who_and_the_first_step(api_as, report, user):
    body = {"library": report.library_id, "period": "2019-08", "visitors": 12}
    created = api_as(LIBRARIAN).post(REPORTS, body, format="json").json()
    assert created["created_by"] == user(LIBRARIAN).pk
    assert [event["action"] for event in created["events"]] == ["created"]


def test_timeliness_field_and_filter(api_as, report, settings):
    settings.TPBIS_REPORT_DEADLINE_DAY = 5
    late = MonthlyReport.objects.create(library=report.library, period=dt.date(2019, 8, 1))
    tz = timezone.get_default_timezone()
    MonthlyReport.objects.filter(pk=report.pk).update(
        status="submitted", submitted_at=dt.datetime(2019, 10, 3, 9, tzinfo=tz)
    )
    MonthlyReport.objects.filter(pk=late.pk).update(
        status="submitted", submitted_at=dt.datetime(2019, 9, 20, tzinfo=tz)
    )
    client = api_as("dispus.bangka")
    mine = {"library": report.library_id}
    for period, wanted in [("2019-09", "on_time"), ("2019-08", "late")]:
        for value in ("on_time", "late"):
            rows = client.get(REPORTS, {**mine, "period": period, "timeliness": value}).json()["results"]
            expected = [(report.pk if period == "2019-09" else late.pk, wanted)] if value == wanted else []
            assert [(row["id"], row["timeliness"]) for row in rows] == expected, (period, value)
    assert client.get(f"{REPORTS}{report.pk}/").json()["on_time"] is True
    assert client.get(REPORTS, {"timeliness": "early"}).status_code == 400
